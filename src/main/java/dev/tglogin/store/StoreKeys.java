package dev.tglogin.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Makes store keys and log references from secrets without revealing them: a namespace and the SHA-256 of the value.
 */
public final class StoreKeys {

	private StoreKeys() {
	}

	/**
	 * Returns {@code namespace + ":" + hex(sha256(value))}.
	 * @param namespace e.g. {@code bondify-session}
	 * @param value the secret value
	 * @return the key
	 */
	public static String key(String namespace, String value) {
		return namespace + ":" + HexFormat.of().formatHex(sha256(value));
	}

	/**
	 * Returns a short reference for logs: the first 12 hex digits of the value's SHA-256. It lets an operator
	 * correlate log lines of one login without revealing the token.
	 * @param value the secret value
	 * @return the reference
	 */
	public static String logRef(String value) {
		return HexFormat.of().formatHex(sha256(value), 0, 6);
	}

	private static byte[] sha256(String value) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

}
