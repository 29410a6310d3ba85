package dev.tglogin.web;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import dev.tglogin.http.JsonCodec;

/**
 * Reads the JSON object body of a request to one of our endpoints, bounded in size and strict in encoding.
 * <p>
 * Every endpoint of the library enforces the same body limit, {@value #DEFAULT_MAX_BODY_BYTES} bytes, and answers
 * 413 {@code payload_too_large} above it: the endpoints that read a JSON body through {@link #readObject}, the ones
 * that take none ({@code /start}, {@code /status}) through {@link #requireBodyWithin}. A body is never read past the
 * limit, whatever its {@code Content-Length} claims (or when it has none: chunked); a refused body is read and thrown
 * away up to 2 MiB, so that a client still sending it gets the 413 rather than a reset connection.
 */
public final class JsonRequests {

	/** Default body limit: 16 KiB, far above any legitimate request of the contract. */
	public static final int DEFAULT_MAX_BODY_BYTES = 16 * 1024;

	/**
	 * How much of a body over the limit is read and thrown away before answering 413, so that the client, still
	 * sending, reliably gets the answer on a connection that stays usable (as Tomcat's {@code maxSwallowSize}).
	 * Beyond it the container closes the connection.
	 */
	static final long MAX_SWALLOW_BYTES = 2 * 1024 * 1024;

	private JsonRequests() {
	}

	/**
	 * Reads the body as a JSON object.
	 * @param request the request
	 * @param maxBytes the largest body accepted (413 above it)
	 * @return the JSON object
	 * @throws InvalidRequestException when the body is too large, not UTF-8 or not a JSON object
	 * @throws IOException when reading fails
	 */
	public static Map<String, Object> readObject(HttpServletRequest request, int maxBytes)
			throws InvalidRequestException, IOException {
		byte[] body = readBody(request, maxBytes);
		if (body == null) {
			throw new InvalidRequestException(TelegramLoginError.payloadTooLarge(maxBytes));
		}
		if (body.length == 2 && body[0] == '{' && body[1] == '}') {
			// what tglogin.js sends with every plain status poll: no decoder and no parser for it
			return Map.of();
		}
		String text;
		try {
			text = StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(body))
				.toString();
		}
		catch (CharacterCodingException ex) {
			throw new InvalidRequestException(
					TelegramLoginError.invalidRequest("not_utf8", "The request body is not UTF-8"));
		}
		Map<String, Object> json = JsonCodec.parseObject(text, maxBytes);
		if (json == null) {
			// also for the body "null", which the parser reads as no object at all
			throw new InvalidRequestException(
					TelegramLoginError.invalidRequest("not_object", "The request body must be a JSON object"));
		}
		return json;
	}

	/**
	 * Reads the body, never past the limit whatever its {@code Content-Length} claims; a body over the limit is read
	 * and thrown away up to 2 MiB, so that the client still sending it gets the answer
	 * rather than a reset connection. The endpoints that answer their own error body (the emulator's) read here too.
	 * @param request the request
	 * @param maxBytes the largest body accepted
	 * @return the body, or {@code null} when it is larger than {@code maxBytes}
	 * @throws IOException when reading fails
	 */
	public static byte @Nullable [] readBody(HttpServletRequest request, int maxBytes) throws IOException {
		long declared = request.getContentLengthLong();
		if (declared > maxBytes) {
			swallow(request, 0);
			return null;
		}
		try (InputStream in = request.getInputStream()) {
			// a declared length sizes the buffer (the container ends the body there); else read up to the limit + 1
			byte[] body = in.readNBytes((declared >= 0) ? (int) declared + 1 : maxBytes + 1);
			if (body.length > maxBytes) {
				swallow(request, body.length);
				return null;
			}
			return body;
		}
	}

	/**
	 * Reads the body of a request whose fields are all optional: the JSON object, or an empty map when the body is
	 * empty or not a JSON object (such content is ignored).
	 * @param request the request
	 * @param maxBytes the largest body accepted (413 above it)
	 * @return the JSON object, possibly empty
	 * @throws InvalidRequestException when the body is too large
	 * @throws IOException when reading fails
	 */
	public static Map<String, Object> readOptionalObject(HttpServletRequest request, int maxBytes)
			throws InvalidRequestException, IOException {
		if (request.getContentLengthLong() == 0) {
			return Map.of();
		}
		try {
			return readObject(request, maxBytes);
		}
		catch (InvalidRequestException ex) {
			if (TelegramLoginError.PAYLOAD_TOO_LARGE.equals(ex.getError().code())) {
				throw ex;
			}
			return Map.of();
		}
	}

	/**
	 * Checks the body of a request that takes none (any content is ignored) against the limit, reading and
	 * discarding at most {@code maxBytes + 1} bytes when its length is not declared.
	 * @param request the request
	 * @param maxBytes the largest body accepted (413 above it)
	 * @throws InvalidRequestException when the body is too large
	 * @throws IOException when reading fails
	 */
	public static void requireBodyWithin(HttpServletRequest request, int maxBytes)
			throws InvalidRequestException, IOException {
		long declared = request.getContentLengthLong();
		if (declared > maxBytes) {
			throw tooLarge(request, maxBytes, 0);
		}
		if (declared == 0) {
			return;
		}
		long read = 0;
		byte[] buffer = new byte[4096];
		try (InputStream in = request.getInputStream()) {
			int n;
			while (read <= maxBytes && (n = in.read(buffer, 0, (int) Math.min(buffer.length, maxBytes + 1L - read))) > 0) {
				read += n;
			}
			if (read > maxBytes) {
				throw tooLarge(request, maxBytes, read);
			}
		}
	}

	/**
	 * Returns a required string field.
	 * @param json the object
	 * @param field the field name
	 * @param maxLength the longest value accepted
	 * @return the value
	 * @throws InvalidRequestException when missing, not a string, blank or too long
	 */
	public static String requiredString(Map<String, Object> json, String field, int maxLength)
			throws InvalidRequestException {
		Object value = json.get(field);
		if (!(value instanceof String s) || s.isBlank()) {
			throw new InvalidRequestException(
					TelegramLoginError.invalidRequest("field_required",
							"The field \"" + field + "\" must be a non-empty string", field));
		}
		if (s.length() > maxLength) {
			throw new InvalidRequestException(
					TelegramLoginError.invalidRequest("field_too_long",
							"The field \"" + field + "\" is too long", field));
		}
		return s;
	}

	private static InvalidRequestException tooLarge(HttpServletRequest request, int maxBytes, long alreadyRead)
			throws IOException {
		swallow(request, alreadyRead);
		return new InvalidRequestException(TelegramLoginError.payloadTooLarge(maxBytes));
	}

	/** Reads and throws away the rest of a refused body, up to {@link #MAX_SWALLOW_BYTES} in all. */
	private static void swallow(HttpServletRequest request, long alreadyRead) {
		if (request.getContentLengthLong() > MAX_SWALLOW_BYTES) {
			return;
		}
		try {
			InputStream in = request.getInputStream();
			byte[] buffer = new byte[8192];
			long read = alreadyRead;
			int n;
			while (read < MAX_SWALLOW_BYTES
					&& (n = in.read(buffer, 0, (int) Math.min(buffer.length, MAX_SWALLOW_BYTES - read))) > 0) {
				read += n;
			}
		}
		catch (IOException | IllegalStateException ex) {
			// the client went away or the body is closed: the answer is all that is left to do
		}
	}

}
