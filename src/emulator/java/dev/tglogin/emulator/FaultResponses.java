package dev.tglogin.emulator;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import static dev.tglogin.emulator.BondifyBodies.writeError;
import static dev.tglogin.emulator.EmulatorHttp.writeJson;

/**
 * Applies a queued {@link Fault} to a request of an upstream endpoint, with the bodies of the upstream that serves it
 * (Bondify's error objects, Xellar's envelope).
 */
final class FaultResponses {

	static final Set<String> BONDIFY_ENDPOINTS = Set.of(EmulatorFaults.GENERATE, EmulatorFaults.VERIFY);

	static final Set<String> XELLAR_ENDPOINTS = Set.of(EmulatorFaults.LOGIN, EmulatorFaults.VERIFY_OTP,
			EmulatorFaults.CREATE, EmulatorFaults.REFRESH);

	private static final Log logger = LogFactory.getLog(EmulatorServlet.class);

	private FaultResponses() {
	}

	/**
	 * Applies the next queued fault of an endpoint.
	 * @return whether the fault answered the request (a latency fault delays it and lets it through)
	 */
	static boolean apply(String endpoint, EmulatorFaults faults, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		Optional<Fault> next = faults.next(endpoint);
		if (next.isEmpty()) {
			return false;
		}
		Fault fault = next.get();
		if (!(fault instanceof Fault.Latency)) {
			// read the request like a real server before answering, so the connection stays clean for the next call
			request.getInputStream().readNBytes(EmulatorServlet.MAX_BODY_BYTES);
		}
		boolean xellar = XELLAR_ENDPOINTS.contains(endpoint);
		if (logger.isInfoEnabled()) {
			logger.info("Emulator fault on " + endpoint + ": " + fault);
		}
		if (fault instanceof Fault.Latency latency) {
			sleep(latency.delay().toMillis());
			return false;
		}
		if (fault instanceof Fault.Status status) {
			int code = status.httpStatus();
			String message = "Emulated fault: HTTP " + code;
			if (xellar) {
				XellarEnvelopes.writeError(response, code, message);
			}
			else {
				writeError(response, code, (code == 429) ? BondifyWire.RATE_LIMITED : Fault.CODE_EMULATED_FAULT,
						message);
			}
		}
		else if (fault instanceof Fault.RateLimited rateLimited) {
			response.setHeader("Retry-After", Long.toString(rateLimited.retryAfterSeconds()));
			if (xellar) {
				XellarEnvelopes.writeError(response, 429, "Too many requests");
			}
			else {
				writeError(response, 429, BondifyWire.RATE_LIMITED, "Too many requests");
			}
		}
		else if (fault instanceof Fault.MalformedJson) {
			writeJson(response, 200, xellar
					? "{\"" + XellarWire.STATUS + "\": 200, \"" + XellarWire.MESSAGE + "\": \"ok\", \""
							+ XellarWire.DATA + "\": {\"" + XellarWire.WALLET_TOKEN + "\": \"eyJ"
					: "{\"" + BondifyWire.STATUS + "\": \"" + BondifyWire.PENDING + "\", \""
							+ BondifyWire.SESSION_TOKEN + "\": \"sess_trunc");
		}
		else if (fault instanceof Fault.WrongTypes) {
			writeJson(response, 200, xellar ? xellarWrongTypes() : bondifyWrongTypes(endpoint));
		}
		else if (fault instanceof Fault.HugeBody huge) {
			writeHugeBody(response, endpoint, huge.bytes());
		}
		else if (fault instanceof Fault.Drop) {
			drop(response, xellar);
		}
		else {
			throw new IllegalStateException("Unknown fault " + fault);
		}
		return true;
	}

	private static Map<String, Object> bondifyWrongTypes(String endpoint) {
		Map<String, Object> body = new LinkedHashMap<>();
		if (endpoint.equals(EmulatorFaults.GENERATE)) {
			body.put(BondifyWire.SESSION_TOKEN, Map.of("value", "sess_wrongtypes"));
			body.put(BondifyWire.DEEPLINK, 12345);
			body.put(BondifyWire.EXPIRES_AT, "soon");
		}
		else {
			body.put(BondifyWire.STATUS, 42);
			body.put(BondifyWire.SESSION_TOKEN, Map.of("value", "sess_wrongtypes"));
			body.put(BondifyWire.TELEGRAM_ID, 100000001);
			body.put(BondifyWire.TELEGRAM_NAME, List.of("Emulated", "User"));
			body.put(BondifyWire.CONFIRMED_AT, "yesterday");
			body.put(BondifyWire.PROOF, false);
		}
		return body;
	}

	/** One envelope for every Xellar endpoint: each field any of them answers, with the wrong type. */
	private static Map<String, Object> xellarWrongTypes() {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put(XellarWire.VERIFICATION_TOKEN, Map.of("value", "eyJwrongtypes"));
		data.put(XellarWire.VERIFY_TOKEN, 12345);
		data.put(XellarWire.IS_WALLET_CREATED, "yes");
		data.put(XellarWire.ACCESS_TOKEN, List.of("eyJwrongtypes"));
		data.put(XellarWire.WALLET_TOKEN, false);
		data.put(XellarWire.REFRESH_TOKEN, 42);
		data.put(XellarWire.ADDRESSES, "0x0000000000000000000000000000000000000000");
		data.put(XellarWire.ADDRESS, Map.of(XellarWire.NETWORK, 1));
		data.put(XellarWire.SECRET0, 7);
		data.put(XellarWire.SECRET0_LINK, true);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put(XellarWire.STATUS, "200");
		body.put(XellarWire.MESSAGE, List.of("ok"));
		body.put(XellarWire.DATA, data);
		return body;
	}

	/** A valid JSON object of exactly {@code bytes} bytes that looks like a normal answer plus padding. */
	private static void writeHugeBody(HttpServletResponse response, String endpoint, int bytes) throws IOException {
		String prefix;
		String suffix = "\"}";
		if (XELLAR_ENDPOINTS.contains(endpoint)) {
			prefix = "{\"" + XellarWire.STATUS + "\":200,\"" + XellarWire.MESSAGE + "\":\"ok\",\"" + XellarWire.DATA
					+ "\":{\"" + XellarWire.IS_WALLET_CREATED + "\":false,\"padding\":\"";
			suffix = "\"}}";
		}
		else if (endpoint.equals(EmulatorFaults.GENERATE)) {
			prefix = "{\"" + BondifyWire.SESSION_TOKEN + "\":\"sess_hugebody\",\"" + BondifyWire.DEEPLINK
					+ "\":\"https://t.me/emulator?start=sess_hugebody\",\"padding\":\"";
		}
		else {
			prefix = "{\"" + BondifyWire.STATUS + "\":\"" + BondifyWire.PENDING + "\",\"padding\":\"";
		}
		response.setStatus(200);
		response.setContentType("application/json;charset=UTF-8");
		response.setHeader("Cache-Control", "no-store");
		response.setContentLength(bytes);
		OutputStream out = response.getOutputStream();
		out.write(prefix.getBytes(StandardCharsets.US_ASCII));
		byte[] chunk = new byte[8192];
		Arrays.fill(chunk, (byte) 'x');
		int remaining = bytes - prefix.length() - suffix.length();
		while (remaining > 0) {
			int n = Math.min(remaining, chunk.length);
			out.write(chunk, 0, n);
			remaining -= n;
		}
		out.write(suffix.getBytes(StandardCharsets.US_ASCII));
	}

	/**
	 * Sends the status line, headers and a few bytes of a body announced longer, with {@code Connection: close}, so
	 * the container closes the connection and the client sees a truncated response.
	 */
	private static void drop(HttpServletResponse response, boolean xellar) throws IOException {
		String partial = xellar ? "{\"" + XellarWire.STATUS + "\":20" : "{\"" + BondifyWire.STATUS + "\":\"pen";
		response.setStatus(200);
		response.setContentType("application/json;charset=UTF-8");
		response.setHeader("Connection", "close");
		response.setContentLength(1024);
		OutputStream out = response.getOutputStream();
		out.write(partial.getBytes(StandardCharsets.US_ASCII));
		out.flush();
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
