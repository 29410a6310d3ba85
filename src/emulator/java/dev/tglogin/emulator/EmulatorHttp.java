package dev.tglogin.emulator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.MappingMatch;

import dev.tglogin.http.JsonCodec;
import dev.tglogin.web.JsonRequests;
import dev.tglogin.web.JsonResponses;

/**
 * The HTTP plumbing the emulator's routes share: where a request is below the mount point, bounded body reading,
 * JSON in and out (Bondify's bodies are {@link BondifyBodies}', Xellar's {@link XellarEnvelopes}').
 */
final class EmulatorHttp {

	/** Longest accepted session token, secret0 link id or other opaque value in a request. */
	static final int MAX_TOKEN_LENGTH = 256;

	// emulator-only error codes (not part of the Bondify protocol)
	static final String CODE_NOT_FOUND = "NOT_FOUND";

	static final String CODE_FORBIDDEN = "FORBIDDEN";

	private static final String CODE_METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED";

	private static final String CODE_PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE";

	private EmulatorHttp() {
	}

	/** The path below the mount point, such as {@code /api/v1/verify/public}. */
	static String route(HttpServletRequest request) {
		if (isDefaultMapping(request)) {
			return request.getServletPath();
		}
		String pathInfo = request.getPathInfo();
		return (pathInfo != null) ? pathInfo : "/";
	}

	/** The servlet path of the mount point, such as {@code /tglogin-emulator}, or empty. */
	static String mountPrefix(HttpServletRequest request) {
		return isDefaultMapping(request) ? "" : request.getServletPath();
	}

	private static boolean isDefaultMapping(HttpServletRequest request) {
		HttpServletMapping mapping = request.getHttpServletMapping();
		return mapping != null && mapping.getMappingMatch() == MappingMatch.DEFAULT;
	}

	/** The absolute URL of the mount point, from the request. */
	static String baseUrl(HttpServletRequest request) {
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

	/**
	 * The body, at most {@link EmulatorServlet#MAX_BODY_BYTES}; more answers 413 (read as the library reads its own
	 * endpoints' bodies: the rest of a refused body is thrown away, so the client gets the answer).
	 */
	static byte[] readBody(HttpServletRequest request) throws IOException {
		byte[] body = JsonRequests.readBody(request, EmulatorServlet.MAX_BODY_BYTES);
		if (body == null) {
			throw new EmulatorException(413, CODE_PAYLOAD_TOO_LARGE,
					"Request body larger than " + EmulatorServlet.MAX_BODY_BYTES + " bytes");
		}
		return body;
	}

	/** The body as a JSON object; 400 when it is not one. */
	static Map<String, Object> readJsonObject(HttpServletRequest request) throws IOException {
		Map<String, Object> json = parse(readBody(request));
		if (json == null) {
			throw invalid("Request body must be a JSON object");
		}
		return json;
	}

	/** The body as a JSON object; empty when it is not one, so that its fields count as missing. */
	static Map<String, Object> readLenientJson(HttpServletRequest request) throws IOException {
		Map<String, Object> json = parse(readBody(request));
		return (json != null) ? json : Map.of();
	}

	private static @Nullable Map<String, Object> parse(byte[] body) {
		return JsonCodec.parseObject(body, EmulatorServlet.MAX_BODY_BYTES);
	}

	/** A non-blank string field of at most {@link #MAX_TOKEN_LENGTH} characters; 400 otherwise. */
	static String requiredString(Map<String, Object> body, String name) {
		Object value = body.get(name);
		if (!(value instanceof String string) || string.isBlank() || string.length() > MAX_TOKEN_LENGTH) {
			throw invalid(name + " is required");
		}
		return string;
	}

	/** A string field, or {@code null} when missing or not a string. */
	static @Nullable String string(Map<String, Object> body, String name) {
		return (body.get(name) instanceof String string) ? string : null;
	}

	static EmulatorException invalid(String message) {
		return new EmulatorException(400, BondifyWire.INVALID_REQUEST, message);
	}

	static void methodNotAllowed(HttpServletResponse response, String allow) throws IOException {
		response.setHeader("Allow", allow);
		BondifyBodies.writeError(response, 405, CODE_METHOD_NOT_ALLOWED, "Method not allowed");
	}

	static void setRetryAfter(HttpServletResponse response, EmulatorException ex) {
		ex.retryAfter()
			.ifPresent((retryAfter) -> response.setHeader("Retry-After",
					Long.toString(new Fault.RateLimited(retryAfter).retryAfterSeconds())));
	}

	static void writeJson(HttpServletResponse response, int status, Map<String, ?> body) throws IOException {
		JsonResponses.write(response, status, JsonCodec.toBytes(body));
	}

	/** A JSON content type over any text, well-formed or not (the malformed-JSON fault). */
	static void writeJson(HttpServletResponse response, int status, String body) throws IOException {
		JsonResponses.write(response, status, body.getBytes(StandardCharsets.UTF_8));
	}

	/** Method and route for a log line: bounded and without control characters; never the query string. */
	static String describe(HttpServletRequest request, @Nullable String route) {
		String safe = String.valueOf(route)
			.chars()
			.limit(120)
			.map((c) -> Character.isISOControl(c) ? '?' : c)
			.collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
			.toString();
		return request.getMethod() + " " + safe;
	}

}
