package dev.tglogin.web;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import dev.tglogin.http.JsonCodec;

/**
 * The one place where the library writes its JSON answers: {@code application/json}, UTF-8, never cached, and errors
 * always as {@code {"error": "<code>", "message": "<human text>"}}.
 */
public final class JsonResponses {

	private JsonResponses() {
	}

	/**
	 * Writes a JSON object.
	 * @param response the response
	 * @param status the HTTP status
	 * @param body the JSON object
	 * @throws IOException on write failure
	 */
	public static void write(HttpServletResponse response, int status, Map<String, ?> body) throws IOException {
		if (response.isCommitted()) {
			return;
		}
		write(response, status, serialize(body));
	}

	/**
	 * A JSON object as the UTF-8 bytes {@link #write(HttpServletResponse, int, byte[])} writes: for an answer written
	 * very often with the same body (a pending status poll), serialized once.
	 * @param body the JSON object
	 * @return its bytes
	 */
	public static byte[] serialize(Map<String, ?> body) {
		return JsonCodec.toBytes(body);
	}

	/**
	 * Writes a JSON object serialized by {@link #serialize}, as {@link #write(HttpServletResponse, int, Map)} does.
	 * @param response the response
	 * @param status the HTTP status
	 * @param bytes the object's bytes (not modified)
	 * @throws IOException on write failure
	 */
	public static void write(HttpServletResponse response, int status, byte[] bytes) throws IOException {
		if (response.isCommitted()) {
			return;
		}
		response.setStatus(status);
		response.setContentType("application/json;charset=UTF-8");
		response.setHeader("Cache-Control", "no-store");
		response.setContentLength(bytes.length);
		response.getOutputStream().write(bytes);
		response.flushBuffer();
	}

	/**
	 * Writes an error.
	 * @param response the response
	 * @param error the error
	 * @throws IOException on write failure
	 */
	public static void error(HttpServletResponse response, TelegramLoginError error) throws IOException {
		if (error.retryAfterSeconds() != null) {
			response.setHeader("Retry-After", Long.toString(error.retryAfterSeconds()));
		}
		write(response, error.status(), error.toJson());
	}

	/**
	 * Returns a mutable map of the given key/value pairs, keeping their order and leaving out {@code null} values.
	 * @param keysAndValues alternating keys and values
	 * @return the map
	 */
	public static Map<String, Object> object(@Nullable Object... keysAndValues) {
		Map<String, Object> map = new LinkedHashMap<>();
		for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
			if (keysAndValues[i + 1] != null) {
				map.put((String) keysAndValues[i], keysAndValues[i + 1]);
			}
		}
		return map;
	}

}
