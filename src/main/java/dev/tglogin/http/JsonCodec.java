package dev.tglogin.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.jspecify.annotations.Nullable;

/**
 * The one place where the library reads and writes JSON objects, with nimbus' {@link JSONObjectUtils} (no Jackson:
 * that spares users the Jackson 2 / Jackson 3 split of Boot 3 and 4). Reading is tolerant: anything that is not a
 * JSON object (malformed text, another JSON value, a nesting deep enough to overflow the stack) is {@code null}, never
 * an exception, so every caller maps it to its own error.
 * <p>
 * Internal plumbing of the library and of its emulator, not API: it may change in any release.
 */
public final class JsonCodec {

	private JsonCodec() {
	}

	/**
	 * Reads a JSON object.
	 * @param text the JSON text
	 * @param maxLength the longest text parsed (longer is {@code null}), or {@code -1} for no limit
	 * @return the object, or {@code null} when the text is not a JSON object
	 */
	public static @Nullable Map<String, Object> parseObject(String text, int maxLength) {
		try {
			return JSONObjectUtils.parse(text, maxLength);
		}
		catch (java.text.ParseException | RuntimeException | StackOverflowError ex) {
			return null;
		}
	}

	/**
	 * Reads a JSON object from its UTF-8 bytes (a malformed sequence becomes U+FFFD).
	 * @param utf8 the bytes
	 * @param maxLength the longest text parsed, in characters, or {@code -1} for no limit
	 * @return the object, or {@code null} when the bytes are empty or not a JSON object
	 */
	public static @Nullable Map<String, Object> parseObject(byte[] utf8, int maxLength) {
		return (utf8.length != 0) ? parseObject(new String(utf8, StandardCharsets.UTF_8), maxLength) : null;
	}

	/**
	 * Writes a JSON object; {@code null} values are written as JSON {@code null}.
	 * @param object the object
	 * @return its JSON text
	 */
	public static String toJson(Map<String, ?> object) {
		return JSONObjectUtils.toJSONString(object);
	}

	/**
	 * Writes a JSON object as UTF-8 bytes.
	 * @param object the object
	 * @return its JSON text's UTF-8 bytes
	 */
	public static byte[] toBytes(Map<String, ?> object) {
		return toJson(object).getBytes(StandardCharsets.UTF_8);
	}

}
