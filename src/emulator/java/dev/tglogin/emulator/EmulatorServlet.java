package dev.tglogin.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import com.nimbusds.jose.util.JSONObjectUtils;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.MappingMatch;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.util.Assert;

/**
 * Serves a {@link BondifyEmulator}, a {@link XellarEmulator} or both over HTTP, with the emulated Telegram page and
 * fault injection. Development and tests only.
 * <p>
 * Mount it with a path mapping such as {@code /tglogin-emulator/*} (or {@code /*}); every route is relative to that
 * mount point, and the routes of an emulator that is not mounted answer 404:
 * <ul>
 * <li>{@code POST} {@value BondifyWire#GENERATE_PATH} and {@code POST} {@value BondifyWire#VERIFY_PATH}: the
 * Bondify public API, JSON in and out as the real service (400 {@code INVALID_REQUEST} for a bad body, 404
 * {@code PROJECT_NOT_FOUND} / {@code SESSION_NOT_FOUND}). Point the library's Bondify base URL at the mount point.
 * The deeplink of a generated session is this servlet's {@value #TELEGRAM_PAGE} page, as an absolute URL built from
 * the request, so a browser that opens it lands on the emulated Telegram page. A queued {@link Fault} for the
 * endpoint is applied first.</li>
 * <li>{@code POST} {@code /api/v1/...} and {@code /api/v2/...} {@value XellarWire#LOGIN_TELEGRAM_PATH},
 * {@value XellarWire#VERIFY_TELEGRAM_PATH} and {@value XellarWire#ACCOUNT_CREATE_PATH} (with
 * {@code Authorization: Bearer <accessToken>}), and {@code POST} {@value XellarWire#WALLET_REFRESH_PATH}: the
 * Xellar API as {@link XellarEmulator} describes it, with the {@value XellarWire#CLIENT_SECRET_HEADER} header.
 * Every answer, errors included, is the envelope {@code {"status": <http status>, "message": ..., "data": ...}}
 * ({@code "data": null} on errors, a {@code Retry-After} header on 429); a body that is not a JSON object counts as
 * missing fields (400 {@code "Invalid request"}), and the optional body of account/create is ignored. Point the
 * library's Xellar base URL at the mount point. A queued {@link Fault} for the endpoint is applied first, before the
 * client secret is checked. {@code GET} {@value #SECRET0_PATH}{@code /<id>}, the {@code secret0Link} of a created
 * wallet, downloads its {@code secret0} as text for {@link XellarWire#SECRET0_LINK_LIFETIME}.</li>
 * <li>{@code GET} {@value #TELEGRAM_PAGE}{@code ?start=<session_token>} (the deeplink of a generated session): the
 * emulated Telegram page of that one Bondify session, with a form to confirm (button {@code id="confirm"}) or cancel
 * (button {@code id="cancel"}) it. The forms post to {@value #TELEGRAM_CONFIRM} (fields {@code session_token},
 * {@code telegram_id}, {@code telegram_name}, optional {@code telegram_username} and {@code telegram_phone}) and
 * {@value #TELEGRAM_CANCEL} ({@code session_token}), which redirect (303) back to the page of that session. Other
 * sessions are never listed: whoever knows a session token can confirm it as anyone.</li>
 * <li>{@code GET} {@value #TELEGRAM_PAGE}{@code [?phone=<phone number>]}: the section "Xellar OTP codes", with a form
 * (input {@code id="phone"}, button {@code id="show-otp"}) asking for the phone number the visitor logged in with;
 * with {@code phone}, each OTP sent to that number that can still be verified, newest first, with the masked phone
 * number ({@code +12***89}), in elements of {@code class="otp"}, the first with {@code id="otp"}. OTPs of other
 * numbers are never shown.</li>
 * <li>{@code POST} {@value #FAULTS_PATH} with
 * {@code {"endpoint":"verify","type":"latency|status|rateLimited|malformedJson|wrongTypes|hugeBody|drop",
 * "latencyMs":..,"status":..,"retryAfterSeconds":..,"bytes":..,"times":1}} queues a fault (204) in the queue of the
 * emulator that serves the endpoint (an endpoint name of {@link EmulatorFaults}); {@code endpoint} defaults to
 * {@code "*"}, which queues the fault for each mounted emulator ({@code times} counts per emulator), and
 * {@code times} to 1. {@code DELETE} {@value #FAULTS_PATH} clears every queue (204).</li>
 * <li>Anything else: 404 JSON. Unexpected errors answer 500 {@code {"error":"emulator error"}} (the envelope on a
 * Xellar endpoint), never a stack trace. Request bodies above {@value #MAX_BODY_BYTES} bytes answer 413.</li>
 * </ul>
 * There is no authentication: only requests from a loopback address are answered (403 for others) unless
 * {@link #setRemoteAccessAllowed(boolean) remote access is allowed}. Never expose it in production.
 * <p>
 * This class is thread-safe.
 */
public final class EmulatorServlet extends HttpServlet {

	/** The emulated Telegram page. */
	public static final String TELEGRAM_PAGE = "/telegram";

	/** Form target of the page's Confirm button. */
	public static final String TELEGRAM_CONFIRM = "/telegram/confirm";

	/** Form target of the page's Cancel button. */
	public static final String TELEGRAM_CANCEL = "/telegram/cancel";

	/** Downloads of Xellar {@code secret0} links: {@code /secret0/<id>}. */
	public static final String SECRET0_PATH = "/secret0";

	/** Fault injection for out-of-process tests. */
	public static final String FAULTS_PATH = "/_emulator/faults";

	/** Largest accepted request body. */
	public static final int MAX_BODY_BYTES = 64 * 1024;

	// emulator-only error codes (not part of the Bondify protocol)
	private static final String CODE_NOT_FOUND = "NOT_FOUND";

	private static final String CODE_METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED";

	private static final String CODE_PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE";

	private static final String CODE_FORBIDDEN = "FORBIDDEN";

	private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");

	private static final int MAX_PHONE_LENGTH = 64;

	// form limits
	private static final int MAX_TOKEN_LENGTH = 256;

	private static final int MAX_NAME_LENGTH = 128;

	private static final Pattern TELEGRAM_ID = Pattern.compile("[0-9]{1,19}");

	private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_]{1,32}");

	private static final Pattern PHONE = Pattern.compile("\\+?[0-9]{5,20}");

	private static final String FORM_CONTENT_TYPE = "application/x-www-form-urlencoded";

	private static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; "
			+ "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'", Locale.ROOT)
		.withZone(ZoneOffset.UTC);

	private static final Set<String> BONDIFY_ENDPOINTS = Set.of(EmulatorFaults.GENERATE, EmulatorFaults.VERIFY);

	private static final Set<String> XELLAR_ENDPOINTS = Set.of(EmulatorFaults.LOGIN, EmulatorFaults.VERIFY_OTP,
			EmulatorFaults.CREATE, EmulatorFaults.REFRESH);

	private static final String BEARER_PREFIX = "Bearer ";

	private static final Log logger = LogFactory.getLog(EmulatorServlet.class);

	private static final long serialVersionUID = 1L;

	private final @Nullable BondifyEmulator bondify;

	private final @Nullable XellarEmulator xellar;

	private volatile boolean remoteAccessAllowed;

	private final AtomicBoolean refusalLogged = new AtomicBoolean();

	/**
	 * Serves Bondify only.
	 * @param bondify the emulator to serve
	 */
	public EmulatorServlet(BondifyEmulator bondify) {
		this(bondify, null);
		Assert.notNull(bondify, "bondify cannot be null");
	}

	/**
	 * Serves either emulator or both.
	 * @param bondify the Bondify emulator, or {@code null} to serve Xellar only
	 * @param xellar the Xellar emulator, or {@code null} to serve Bondify only
	 */
	public EmulatorServlet(@Nullable BondifyEmulator bondify, @Nullable XellarEmulator xellar) {
		Assert.isTrue(bondify != null || xellar != null, "bondify and xellar cannot both be null");
		this.bondify = bondify;
		this.xellar = xellar;
	}

	/**
	 * Whether to answer requests from addresses other than loopback. Defaults to {@code false}: a request from another
	 * host (as the container sees it, so after a proxy's forwarded headers when the app trusts them) answers 403.
	 * Anyone who reaches the emulator can confirm any pending login as any Telegram user and read every OTP.
	 * @param remoteAccessAllowed whether requests from other hosts are answered
	 */
	public void setRemoteAccessAllowed(boolean remoteAccessAllowed) {
		this.remoteAccessAllowed = remoteAccessAllowed;
	}

	@Override
	protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
		String route = null;
		try {
			if (!this.remoteAccessAllowed && !isLoopback(request.getRemoteAddr())) {
				if (this.refusalLogged.compareAndSet(false, true)) {
					logger.warn("Emulator request from a non-loopback address refused (403); this is logged once. "
							+ "tglogin.emulator.allow-remote-access=true (setRemoteAccessAllowed) allows them");
				}
				writeError(response, 403, CODE_FORBIDDEN, "The emulator answers loopback requests only");
				return;
			}
			route = route(request);
			if (!routeBondify(route, request, response) && !routeXellar(route, request, response)
					&& !routeTelegramPage(route, request, response) && !routeControl(route, request, response)) {
				writeError(response, 404, CODE_NOT_FOUND, "Not found");
			}
		}
		catch (EmulatorException ex) {
			setRetryAfter(response, ex);
			writeError(response, ex.status(), ex.code(), ex.getMessage());
		}
		catch (IOException ex) {
			// the client went away; nothing to answer
			if (logger.isDebugEnabled()) {
				logger.debug("Emulator I/O error on " + describe(request, route) + ": " + ex);
			}
		}
		catch (RuntimeException ex) {
			logger.error("Emulator request failed: " + describe(request, route), ex);
			if (!response.isCommitted()) {
				response.reset();
				if (route != null && xellarEndpoint(route) != null) {
					writeEnvelope(response, 500, "emulator error");
				}
				else {
					Map<String, Object> body = new LinkedHashMap<>();
					body.put(BondifyWire.ERROR, "emulator error");
					writeJson(response, 500, body);
				}
			}
		}
	}

	// ---------------------------------------------------------------- Bondify API

	/** @return whether the route is a Bondify endpoint (then answered) */
	private boolean routeBondify(String route, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		String endpoint;
		if (this.bondify == null) {
			return false;
		}
		if (BondifyWire.GENERATE_PATH.equals(route)) {
			endpoint = EmulatorFaults.GENERATE;
		}
		else if (BondifyWire.VERIFY_PATH.equals(route)) {
			endpoint = EmulatorFaults.VERIFY;
		}
		else {
			return false;
		}
		if (!"POST".equals(request.getMethod())) {
			methodNotAllowed(response, "POST");
			return true;
		}
		if (applyFault(endpoint, this.bondify.faults(), request, response)) {
			return true;
		}
		Map<String, Object> body = readJsonObject(request);
		String projectId = requiredString(body, BondifyWire.PROJECT_ID);
		Map<String, Object> answer;
		if (endpoint.equals(EmulatorFaults.GENERATE)) {
			answer = this.bondify.generate(projectId, baseUrl(request) + TELEGRAM_PAGE);
		}
		else {
			answer = this.bondify.verify(projectId, requiredString(body, BondifyWire.SESSION_TOKEN));
		}
		writeJson(response, 200, answer);
		return true;
	}

	// ---------------------------------------------------------------- Xellar API

	/** @return whether the route is a Xellar endpoint or secret0 link (then answered) */
	private boolean routeXellar(String route, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		if (this.xellar == null) {
			return false;
		}
		if (route.startsWith(SECRET0_PATH + "/")) {
			secret0(route.substring(SECRET0_PATH.length() + 1), request, response);
			return true;
		}
		String[] endpoint = xellarEndpoint(route);
		if (endpoint == null) {
			return false;
		}
		String name = endpoint[0];
		String version = endpoint[1];
		try {
			if (!"POST".equals(request.getMethod())) {
				response.setHeader("Allow", "POST");
				writeEnvelope(response, 405, "Method not allowed");
				return true;
			}
			if (applyFault(name, this.xellar.faults(), request, response)) {
				return true;
			}
			String clientSecret = request.getHeader(XellarWire.CLIENT_SECRET_HEADER);
			Map<String, Object> answer = switch (name) {
				case EmulatorFaults.LOGIN -> this.xellar.login(clientSecret, version,
						string(readLenientJson(request), XellarWire.PHONE_NUMBER));
				case EmulatorFaults.VERIFY_OTP -> {
					Map<String, Object> body = readLenientJson(request);
					yield this.xellar.verify(clientSecret, version, string(body, XellarWire.VERIFICATION_TOKEN),
							string(body, XellarWire.OTP));
				}
				case EmulatorFaults.CREATE -> this.xellar.createAccount(clientSecret, version, bearerToken(request),
						baseUrl(request) + SECRET0_PATH);
				default -> this.xellar.refresh(clientSecret,
						string(readLenientJson(request), XellarWire.REFRESH_TOKEN));
			};
			writeJson(response, 200, answer);
		}
		catch (EmulatorException ex) {
			setRetryAfter(response, ex);
			writeEnvelope(response, ex.status(), ex.getMessage());
		}
		return true;
	}

	/**
	 * @param route a route
	 * @return the fault endpoint name and API version of a Xellar endpoint route, or {@code null}
	 */
	private static String @Nullable [] xellarEndpoint(String route) {
		if (XellarWire.WALLET_REFRESH_PATH.equals(route)) {
			return new String[] { EmulatorFaults.REFRESH, XellarWire.V2 };
		}
		for (String version : List.of(XellarWire.V1, XellarWire.V2)) {
			if (XellarWire.path(XellarWire.LOGIN_TELEGRAM_PATH, version).equals(route)) {
				return new String[] { EmulatorFaults.LOGIN, version };
			}
			if (XellarWire.path(XellarWire.VERIFY_TELEGRAM_PATH, version).equals(route)) {
				return new String[] { EmulatorFaults.VERIFY_OTP, version };
			}
			if (XellarWire.path(XellarWire.ACCOUNT_CREATE_PATH, version).equals(route)) {
				return new String[] { EmulatorFaults.CREATE, version };
			}
		}
		return null;
	}

	private void secret0(String linkId, HttpServletRequest request, HttpServletResponse response) throws IOException {
		if (!"GET".equals(request.getMethod())) {
			response.setHeader("Allow", "GET");
			writeEnvelope(response, 405, "Method not allowed");
			return;
		}
		Optional<String> secret0 = (linkId.length() <= MAX_TOKEN_LENGTH) ? this.xellar.secret0(linkId)
				: Optional.empty();
		if (secret0.isEmpty()) {
			writeEnvelope(response, 404, "Link not found or expired");
			return;
		}
		byte[] bytes = secret0.get().getBytes(StandardCharsets.UTF_8);
		response.setStatus(200);
		response.setContentType("text/plain;charset=UTF-8");
		response.setHeader("Content-Disposition", "attachment; filename=\"secret0.txt\"");
		response.setHeader("Cache-Control", "no-store");
		response.setHeader("X-Content-Type-Options", "nosniff");
		response.setContentLength(bytes.length);
		response.getOutputStream().write(bytes);
	}

	/** The bearer token of the {@code Authorization} header, or {@code null}. */
	private static @Nullable String bearerToken(HttpServletRequest request) {
		String authorization = request.getHeader(XellarWire.AUTHORIZATION_HEADER);
		if (authorization == null || !authorization.regionMatches(true, 0, BEARER_PREFIX, 0, BEARER_PREFIX.length())) {
			return null;
		}
		return authorization.substring(BEARER_PREFIX.length()).strip();
	}

	/** The body as a JSON object; empty when it is not one, so that its fields count as missing. */
	private static Map<String, Object> readLenientJson(HttpServletRequest request) throws IOException {
		String body = new String(readBody(request), StandardCharsets.UTF_8);
		try {
			Map<String, Object> json = JSONObjectUtils.parse(body);
			return (json != null) ? json : Map.of();
		}
		catch (ParseException ex) {
			return Map.of();
		}
	}

	/** A string field, or {@code null} when missing or not a string. */
	private static @Nullable String string(Map<String, Object> body, String name) {
		return (body.get(name) instanceof String string) ? string : null;
	}

	private static void writeEnvelope(HttpServletResponse response, int status, String message) throws IOException {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put(XellarWire.STATUS, status);
		body.put(XellarWire.MESSAGE, message);
		body.put(XellarWire.DATA, null);
		writeJson(response, status, body);
	}

	// ---------------------------------------------------------------- faults

	/**
	 * Applies the next queued fault of an endpoint, with the error bodies of the upstream that serves it.
	 * @return whether the fault answered the request
	 */
	private static boolean applyFault(String endpoint, EmulatorFaults faults, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		Optional<Fault> next = faults.next(endpoint);
		if (next.isEmpty()) {
			return false;
		}
		Fault fault = next.get();
		if (!(fault instanceof Fault.Latency)) {
			// read the request like a real server before answering, so the connection stays clean for the next call
			request.getInputStream().readNBytes(MAX_BODY_BYTES);
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
				writeEnvelope(response, code, message);
			}
			else {
				writeError(response, code, (code == 429) ? BondifyWire.RATE_LIMITED
						: Fault.CODE_EMULATED_FAULT, message);
			}
		}
		else if (fault instanceof Fault.RateLimited rateLimited) {
			response.setHeader("Retry-After", Long.toString(rateLimited.retryAfterSeconds()));
			if (xellar) {
				writeEnvelope(response, 429, "Too many requests");
			}
			else {
				writeError(response, 429, BondifyWire.RATE_LIMITED, "Too many requests");
			}
		}
		else if (fault instanceof Fault.MalformedJson) {
			writeRaw(response, xellar
					? "{\"" + XellarWire.STATUS + "\": 200, \"" + XellarWire.MESSAGE + "\": \"ok\", \""
							+ XellarWire.DATA + "\": {\"" + XellarWire.WALLET_TOKEN + "\": \"eyJ"
					: "{\"" + BondifyWire.STATUS + "\": \"" + BondifyWire.PENDING + "\", \""
							+ BondifyWire.SESSION_TOKEN + "\": \"sess_trunc");
		}
		else if (fault instanceof Fault.WrongTypes) {
			writeJson(response, 200, xellar ? xellarWrongTypes() : wrongTypes(endpoint));
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

	private static Map<String, Object> wrongTypes(String endpoint) {
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
			prefix = "{\"" + XellarWire.STATUS + "\":200,\"" + XellarWire.MESSAGE + "\":\"ok\",\""
					+ XellarWire.DATA + "\":{\"" + XellarWire.IS_WALLET_CREATED + "\":false,\"padding\":\"";
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
		String partial = xellar ? "{\"" + XellarWire.STATUS + "\":20"
				: "{\"" + BondifyWire.STATUS + "\":\"pen";
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

	// ---------------------------------------------------------------- emulated Telegram page

	/** @return whether the route is a Telegram page route (then answered) */
	private boolean routeTelegramPage(String route, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		boolean confirm = TELEGRAM_CONFIRM.equals(route);
		boolean cancel = TELEGRAM_CANCEL.equals(route);
		if (TELEGRAM_PAGE.equals(route)) {
			if (!"GET".equals(request.getMethod())) {
				response.setHeader("Allow", "GET");
				writePage(response, 405, "<p class=\"error\">Method not allowed.</p>");
			}
			else {
				telegramPage(request, response);
			}
			return true;
		}
		if ((!confirm && !cancel) || this.bondify == null) {
			return false;
		}
		if (!"POST".equals(request.getMethod())) {
			response.setHeader("Allow", "POST");
			writePage(response, 405, "<p class=\"error\">Method not allowed.</p>");
			return true;
		}
		String token = null;
		try {
			Map<String, String> form = readForm(request);
			token = formToken(form);
			if (confirm) {
				this.bondify.confirm(token, formUser(form));
			}
			else {
				this.bondify.cancel(token);
			}
		}
		catch (InvalidFormException ex) {
			writePage(response, 400, "<p class=\"error\" id=\"error\">" + escape(ex.getMessage()) + "</p>"
					+ backLink(request, token));
			return true;
		}
		catch (EmulatorException ex) {
			writePage(response, ex.status(), "<p class=\"error\" id=\"error\">" + escape(ex.getMessage()) + "</p>"
					+ backLink(request, token));
			return true;
		}
		response.setStatus(303);
		response.setHeader("Location", pageUrl(request, token));
		response.setContentLength(0);
		return true;
	}

	private void telegramPage(HttpServletRequest request, HttpServletResponse response) throws IOException {
		String start = request.getParameter("start");
		StringBuilder html = new StringBuilder();
		if (this.bondify != null && start != null && !start.isEmpty()) {
			Optional<SessionView> session = (start.length() <= MAX_TOKEN_LENGTH) ? this.bondify.session(start)
					: Optional.empty();
			if (session.isEmpty()) {
				writePage(response, 404, "<p class=\"error\" id=\"error\">Unknown or expired login request. "
						+ "Start a new login in the app.</p>");
				return;
			}
			appendSession(html, request, session.get(), "");
			writePage(response, 200, html.toString());
			return;
		}
		if (this.bondify != null) {
			// pending sessions are not listed: a session token is as good as the login it becomes
			html.append("<p id=\"open-link\">To confirm or cancel a login, open the Telegram link the app shows ")
				.append("(<em>Open Telegram</em>, or its QR code): it opens this page for that login request.</p>\n");
		}
		if (this.xellar != null) {
			appendXellarOtps(html, request, request.getParameter("phone"));
		}
		writePage(response, 200, html.toString());
	}

	/** The OTPs sent to the phone number the visitor typed, and only those; a form asking for it. */
	private void appendXellarOtps(StringBuilder html, HttpServletRequest request, @Nullable String typed) {
		html.append("<section class=\"xellar\" id=\"xellar\">\n<h2>Xellar OTP codes</h2>\n")
			.append("<form method=\"get\" action=\"")
			.append(escape(request.getContextPath() + mountPrefix(request) + TELEGRAM_PAGE))
			.append("\">\n<p><label for=\"phone\">Phone number</label> ")
			.append("<input type=\"tel\" id=\"phone\" name=\"phone\" autocomplete=\"off\"></p>\n")
			.append("<button type=\"submit\" id=\"show-otp\">Show the code</button>\n</form>\n");
		if (typed == null || typed.isBlank()) {
			html.append("<p id=\"ask-phone\">Type the phone number you logged in with in the app: the codes ")
				.append("Xellar would send to its Telegram are shown here.</p>\n</section>\n");
			return;
		}
		Optional<String> phone = (typed.length() <= MAX_PHONE_LENGTH) ? XellarEmulator.typedPhoneNumber(typed)
				: Optional.empty();
		if (phone.isEmpty()) {
			html.append("<p class=\"error\" id=\"error\">The phone number must be 6 to 15 digits, optionally ")
				.append("after a +.</p>\n</section>\n");
			return;
		}
		List<XellarEmulator.PendingOtp> otps = this.xellar.pendingOtps(phone.get());
		if (otps.isEmpty()) {
			html.append("<p id=\"no-otp\">No code waiting for ")
				.append(escape(XellarEmulator.mask(phone.get())))
				.append(". Log in with this phone number in the app first.</p>\n");
		}
		else {
			html.append("<p>Codes Xellar would send to Telegram. Enter the code in the app.</p>\n<ul>\n");
			int index = 0;
			for (XellarEmulator.PendingOtp otp : otps) {
				index++;
				html.append("<li><span class=\"phone\">")
					.append(escape(otp.maskedPhoneNumber()))
					.append("</span>: <strong class=\"otp\" id=\"otp")
					.append((index == 1) ? "" : "-" + index)
					.append("\">")
					.append(escape(otp.otp()))
					.append("</strong> (expires at ")
					.append(TIME.format(otp.expiresAt()))
					.append(")</li>\n");
			}
			html.append("</ul>\n");
		}
		html.append("</section>\n");
	}

	private void appendSession(StringBuilder html, HttpServletRequest request, SessionView session, String idSuffix) {
		String prefix = request.getContextPath() + mountPrefix(request);
		String token = escape(session.sessionToken());
		String reference = escape(Tokens.fingerprint(session.sessionToken()));
		html.append("<section class=\"session\" data-state=\"")
			.append(session.state().name().toLowerCase(Locale.ROOT))
			.append("\">\n<h2>Login request ")
			.append(reference)
			.append("</h2>\n");
		if (session.state() != SessionView.State.PENDING) {
			html.append("<p class=\"state\" id=\"state").append(idSuffix).append("\">").append(stateText(session))
				.append("</p>\n");
			EmulatedTelegramUser user = session.user();
			if (user != null) {
				html.append("<p>As ").append(escape(user.name())).append(" (id ").append(escape(user.id()));
				if (user.username() != null) {
					html.append(", @").append(escape(user.username()));
				}
				html.append(").</p>\n");
			}
			html.append("</section>\n");
			return;
		}
		html.append("<p>An app asks you to log in with your Telegram account. This request expires at ")
			.append(TIME.format(session.expiresAt()))
			.append(".</p>\n<form method=\"post\" action=\"")
			.append(escape(prefix + TELEGRAM_CONFIRM))
			.append("\">\n<input type=\"hidden\" name=\"").append(BondifyWire.SESSION_TOKEN)
			.append("\" value=\"").append(token).append("\">\n");
		appendField(html, BondifyWire.TELEGRAM_ID, "Telegram id", EmulatedTelegramUser.DEFAULT_ID, idSuffix);
		appendField(html, BondifyWire.TELEGRAM_NAME, "Name", EmulatedTelegramUser.DEFAULT_NAME, idSuffix);
		appendField(html, BondifyWire.TELEGRAM_USERNAME, "Username (optional)",
				EmulatedTelegramUser.DEFAULT_USERNAME, idSuffix);
		appendField(html, BondifyWire.TELEGRAM_PHONE, "Phone (optional)", "", idSuffix);
		html.append("<button type=\"submit\" id=\"confirm").append(idSuffix).append("\">Confirm</button>\n</form>\n")
			.append("<form method=\"post\" action=\"")
			.append(escape(prefix + TELEGRAM_CANCEL))
			.append("\">\n<input type=\"hidden\" name=\"").append(BondifyWire.SESSION_TOKEN)
			.append("\" value=\"").append(token).append("\">\n")
			.append("<button type=\"submit\" id=\"cancel").append(idSuffix).append("\">Cancel</button>\n</form>\n")
			.append("</section>\n");
	}

	private static void appendField(StringBuilder html, String name, String label, String value, String idSuffix) {
		String id = name + idSuffix;
		html.append("<p><label for=\"").append(id).append("\">").append(escape(label)).append("</label> ")
			.append("<input type=\"text\" id=\"").append(id).append("\" name=\"").append(name)
			.append("\" value=\"").append(escape(value)).append("\"></p>\n");
	}

	private static String stateText(SessionView session) {
		return switch (session.state()) {
			case PENDING -> "Pending";
			case CONFIRMED -> "Confirmed";
			case USED -> "Confirmed (the app has received the login)";
			case CANCELLED -> "Cancelled";
			case EXPIRED -> "Expired";
		};
	}

	private static String formToken(Map<String, String> form) {
		String token = form.get(BondifyWire.SESSION_TOKEN);
		if (token == null || token.isBlank() || token.length() > MAX_TOKEN_LENGTH) {
			throw new InvalidFormException("Missing or invalid session token.");
		}
		return token;
	}

	private static EmulatedTelegramUser formUser(Map<String, String> form) {
		String id = form.getOrDefault(BondifyWire.TELEGRAM_ID, "").strip();
		if (!TELEGRAM_ID.matcher(id).matches()) {
			throw new InvalidFormException("The Telegram id must be 1 to 19 digits.");
		}
		String name = form.getOrDefault(BondifyWire.TELEGRAM_NAME, "").strip();
		if (name.isEmpty() || name.length() > MAX_NAME_LENGTH || name.chars().anyMatch(Character::isISOControl)) {
			throw new InvalidFormException("The name must be 1 to " + MAX_NAME_LENGTH + " characters.");
		}
		String username = form.getOrDefault(BondifyWire.TELEGRAM_USERNAME, "").strip();
		if (username.startsWith("@")) {
			username = username.substring(1);
		}
		if (!username.isEmpty() && !USERNAME.matcher(username).matches()) {
			throw new InvalidFormException("The username must be 1 to 32 letters, digits or underscores.");
		}
		String phone = form.getOrDefault(BondifyWire.TELEGRAM_PHONE, "").strip();
		if (!phone.isEmpty() && !PHONE.matcher(phone).matches()) {
			throw new InvalidFormException("The phone must be 5 to 20 digits, optionally after a +.");
		}
		return new EmulatedTelegramUser(id, name, username, phone);
	}

	private static Map<String, String> readForm(HttpServletRequest request) throws IOException {
		String contentType = request.getContentType();
		if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith(FORM_CONTENT_TYPE)) {
			throw new InvalidFormException("Expected a form (" + FORM_CONTENT_TYPE + ").");
		}
		String body = new String(readBody(request), StandardCharsets.UTF_8);
		Map<String, String> form = new LinkedHashMap<>();
		try {
			for (String pair : body.split("&")) {
				if (pair.isEmpty()) {
					continue;
				}
				int eq = pair.indexOf('=');
				String name = URLDecoder.decode((eq < 0) ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
				String value = (eq < 0) ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
				form.putIfAbsent(name, value);
			}
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidFormException("The form is not properly encoded.");
		}
		return form;
	}

	private String backLink(HttpServletRequest request, @Nullable String token) {
		String url = (token != null) ? pageUrl(request, token)
				: request.getContextPath() + mountPrefix(request) + TELEGRAM_PAGE;
		return "<p><a href=\"" + escape(url) + "\">Back</a></p>";
	}

	private static String pageUrl(HttpServletRequest request, String token) {
		return request.getContextPath() + mountPrefix(request) + TELEGRAM_PAGE + "?start="
				+ URLEncoder.encode(token, StandardCharsets.UTF_8);
	}

	private static void writePage(HttpServletResponse response, int status, String content) throws IOException {
		String html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
				+ "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
				+ "<title>Telegram emulator</title>\n<style>\n"
				+ "body{font-family:system-ui,sans-serif;max-width:40em;margin:1em auto;padding:0 1em;color:#222}\n"
				+ ".banner{background:#b00020;color:#fff;padding:.6em 1em;font-weight:bold;border-radius:4px}\n"
				+ ".session{border:1px solid #ccc;border-radius:4px;padding:0 1em 1em;margin:1em 0}\n"
				+ ".state{font-weight:bold}.error{color:#b00020;font-weight:bold}\n"
				+ "label{display:inline-block;min-width:10em}button{margin-top:.5em;padding:.4em 1.2em}\n"
				+ "</style>\n</head>\n<body>\n"
				+ "<div class=\"banner\" role=\"alert\">Telegram emulator \u2014 development only</div>\n"
				+ "<h1>Telegram</h1>\n" + content + "</body>\n</html>\n";
		byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
		response.setStatus(status);
		response.setContentType("text/html;charset=UTF-8");
		response.setHeader("Cache-Control", "no-store");
		response.setHeader("X-Content-Type-Options", "nosniff");
		response.setHeader("Referrer-Policy", "no-referrer");
		response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
		response.setContentLength(bytes.length);
		response.getOutputStream().write(bytes);
	}

	/** Minimal HTML escaping for text and double-quoted attribute values. */
	static String escape(String text) {
		StringBuilder escaped = new StringBuilder(text.length() + 16);
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '&' -> escaped.append("&amp;");
				case '<' -> escaped.append("&lt;");
				case '>' -> escaped.append("&gt;");
				case '"' -> escaped.append("&quot;");
				case '\'' -> escaped.append("&#39;");
				default -> escaped.append(c);
			}
		}
		return escaped.toString();
	}

	// ---------------------------------------------------------------- emulator control

	/** @return whether the route is an emulator control route (then answered) */
	private boolean routeControl(String route, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		if (!FAULTS_PATH.equals(route)) {
			return false;
		}
		if ("DELETE".equals(request.getMethod())) {
			if (this.bondify != null) {
				this.bondify.faults().clear();
			}
			if (this.xellar != null) {
				this.xellar.faults().clear();
			}
			response.setStatus(204);
			return true;
		}
		if (!"POST".equals(request.getMethod())) {
			methodNotAllowed(response, "POST, DELETE");
			return true;
		}
		Map<String, Object> body = readJsonObject(request);
		Object endpoint = body.getOrDefault("endpoint", EmulatorFaults.ANY);
		Object type = body.get("type");
		if (!(endpoint instanceof String) || !(type instanceof String)) {
			throw invalid("endpoint and type must be strings");
		}
		try {
			Fault fault = switch ((String) type) {
				case "latency" -> Fault.latency(Duration.ofMillis(integer(body, "latencyMs", null)));
				case "status" -> Fault.status(integer(body, "status", null));
				case "rateLimited" -> Fault.rateLimited(
						Duration.ofSeconds(integer(body, "retryAfterSeconds", 1)));
				case "malformedJson" -> Fault.malformedJson();
				case "wrongTypes" -> Fault.wrongTypes();
				case "hugeBody" -> Fault.hugeBody(integer(body, "bytes", null));
				case "drop" -> Fault.drop();
				default -> throw invalid("unknown fault type");
			};
			int times = integer(body, "times", 1);
			for (EmulatorFaults faults : faultQueues((String) endpoint)) {
				faults.enqueue((String) endpoint, fault, times);
			}
		}
		catch (IllegalArgumentException ex) {
			// validation messages of Fault and EmulatorFaults: safe to return
			throw invalid(ex.getMessage());
		}
		response.setStatus(204);
		return true;
	}

	/** The queues a fault for that endpoint goes to: the emulator serving it, or each mounted one for "*". */
	private List<EmulatorFaults> faultQueues(String endpoint) {
		boolean any = EmulatorFaults.ANY.equals(endpoint);
		boolean xellarEndpoint = XELLAR_ENDPOINTS.contains(endpoint);
		if (!any && !xellarEndpoint && !BONDIFY_ENDPOINTS.contains(endpoint)) {
			throw invalid("endpoint must be \"" + EmulatorFaults.ANY + "\" or one of " + BONDIFY_ENDPOINTS + " "
					+ XELLAR_ENDPOINTS);
		}
		List<EmulatorFaults> queues = new ArrayList<>(2);
		if (this.bondify != null && !xellarEndpoint) {
			queues.add(this.bondify.faults());
		}
		if (this.xellar != null && (any || xellarEndpoint)) {
			queues.add(this.xellar.faults());
		}
		if (queues.isEmpty()) {
			throw invalid("endpoint is not served here: its emulator is not mounted");
		}
		return queues;
	}

	private static int integer(Map<String, Object> body, String name, @Nullable Integer defaultValue) {
		Object value = body.get(name);
		if (value == null) {
			if (defaultValue == null) {
				throw invalid(name + " is required");
			}
			return defaultValue;
		}
		if (value instanceof Number number) {
			double d = number.doubleValue();
			if (d == Math.rint(d) && d >= Integer.MIN_VALUE && d <= Integer.MAX_VALUE) {
				return (int) d;
			}
		}
		throw invalid(name + " must be an integer");
	}

	// ---------------------------------------------------------------- plumbing

	/** The path below the mount point, such as {@code /api/v1/verify/public}. */
	private static String route(HttpServletRequest request) {
		if (isDefaultMapping(request)) {
			return request.getServletPath();
		}
		String pathInfo = request.getPathInfo();
		return (pathInfo != null) ? pathInfo : "/";
	}

	/** The servlet path of the mount point, such as {@code /tglogin-emulator}, or empty. */
	private static String mountPrefix(HttpServletRequest request) {
		return isDefaultMapping(request) ? "" : request.getServletPath();
	}

	private static boolean isDefaultMapping(HttpServletRequest request) {
		HttpServletMapping mapping = request.getHttpServletMapping();
		return mapping != null && mapping.getMappingMatch() == MappingMatch.DEFAULT;
	}

	/**
	 * Whether a remote address, an IP literal as the container reports it, is a loopback address. Never a DNS lookup:
	 * anything but an IPv4 or IPv6 literal counts as remote.
	 */
	static boolean isLoopback(@Nullable String address) {
		if (address == null || address.isEmpty()) {
			return false;
		}
		if (IPV4.matcher(address).matches()) {
			return address.startsWith("127.");
		}
		String literal = (address.startsWith("[") && address.endsWith("]"))
				? address.substring(1, address.length() - 1) : address;
		if (literal.indexOf(':') < 0) {
			return false;
		}
		try {
			// an IPv6 literal (a string with ':') is parsed, never looked up; ::ffff:127.0.0.1 becomes IPv4
			return InetAddress.getByName(literal).isLoopbackAddress();
		}
		catch (UnknownHostException ex) {
			return false;
		}
	}

	/** The absolute URL of the mount point, from the request. */
	private static String baseUrl(HttpServletRequest request) {
		String scheme = request.getScheme();
		String host = request.getServerName();
		int port = request.getServerPort();
		if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
			host = "[" + host + "]";
		}
		StringBuilder url = new StringBuilder(scheme).append("://").append(host);
		boolean defaultPort = ("http".equalsIgnoreCase(scheme) && port == 80)
				|| ("https".equalsIgnoreCase(scheme) && port == 443);
		if (port > 0 && !defaultPort) {
			url.append(':').append(port);
		}
		return url.append(request.getContextPath()).append(mountPrefix(request)).toString();
	}

	private static byte[] readBody(HttpServletRequest request) throws IOException {
		try (InputStream in = request.getInputStream()) {
			if (request.getContentLengthLong() > MAX_BODY_BYTES) {
				throw tooLarge(in, request);
			}
			byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
			if (body.length > MAX_BODY_BYTES) {
				throw tooLarge(in, request);
			}
			return body;
		}
	}

	/**
	 * Reads and throws away the rest of a refused body (up to 2 MiB), so that a client still sending it gets the 413
	 * rather than a connection reset.
	 */
	private static EmulatorException tooLarge(InputStream in, HttpServletRequest request) {
		if (request.getContentLengthLong() <= 2 * 1024 * 1024) {
			try {
				byte[] buffer = new byte[8192];
				long read = 0;
				int n;
				while (read < 2 * 1024 * 1024 && (n = in.read(buffer)) > 0) {
					read += n;
				}
			}
			catch (IOException ex) {
				// the client went away
			}
		}
		return tooLarge();
	}

	private static EmulatorException tooLarge() {
		return new EmulatorException(413, CODE_PAYLOAD_TOO_LARGE,
				"Request body larger than " + MAX_BODY_BYTES + " bytes");
	}

	private static Map<String, Object> readJsonObject(HttpServletRequest request) throws IOException {
		String body = new String(readBody(request), StandardCharsets.UTF_8);
		Map<String, Object> json;
		try {
			json = JSONObjectUtils.parse(body);
		}
		catch (ParseException ex) {
			json = null;
		}
		if (json == null) {
			throw invalid("Request body must be a JSON object");
		}
		return json;
	}

	private static String requiredString(Map<String, Object> body, String name) {
		Object value = body.get(name);
		if (!(value instanceof String string) || string.isBlank() || string.length() > MAX_TOKEN_LENGTH) {
			throw invalid(name + " is required");
		}
		return string;
	}

	private static EmulatorException invalid(String message) {
		return new EmulatorException(400, BondifyWire.INVALID_REQUEST, message);
	}

	private static void methodNotAllowed(HttpServletResponse response, String allow) throws IOException {
		response.setHeader("Allow", allow);
		writeError(response, 405, CODE_METHOD_NOT_ALLOWED, "Method not allowed");
	}

	private static void setRetryAfter(HttpServletResponse response, EmulatorException ex) {
		ex.retryAfter()
			.ifPresent(retryAfter -> response.setHeader("Retry-After",
					Long.toString(new Fault.RateLimited(retryAfter).retryAfterSeconds())));
	}

	private static void writeError(HttpServletResponse response, int status, String code, String message)
			throws IOException {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put(BondifyWire.ERROR, message);
		body.put(BondifyWire.CODE, code);
		writeJson(response, status, body);
	}

	private static void writeJson(HttpServletResponse response, int status, Map<String, ?> body) throws IOException {
		byte[] bytes = JSONObjectUtils.toJSONString(body).getBytes(StandardCharsets.UTF_8);
		response.setStatus(status);
		response.setContentType("application/json;charset=UTF-8");
		response.setHeader("Cache-Control", "no-store");
		response.setContentLength(bytes.length);
		response.getOutputStream().write(bytes);
	}

	private static void writeRaw(HttpServletResponse response, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		response.setStatus(200);
		response.setContentType("application/json;charset=UTF-8");
		response.setHeader("Cache-Control", "no-store");
		response.setContentLength(bytes.length);
		response.getOutputStream().write(bytes);
	}

	/** Method and route for a log line: bounded and without control characters; never the query string. */
	private static String describe(HttpServletRequest request, @Nullable String route) {
		String safe = String.valueOf(route).chars()
			.limit(120)
			.map(c -> Character.isISOControl(c) ? '?' : c)
			.collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
			.toString();
		return request.getMethod() + " " + safe;
	}

	/** A form value the page rejects; the message is shown on the page. */
	private static final class InvalidFormException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		private InvalidFormException(String message) {
			super(message);
		}

	}

}
