package dev.tglogin.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.jspecify.annotations.Nullable;

/**
 * Makes store keys and log references from secrets without revealing them: a namespace and the SHA-256 of the value.
 */
public final class StoreKeys {

	/** Never updated, only copied; {@code null} when SHA-256 is missing or its digests cannot be copied. */
	private static final @Nullable MessageDigest SHA256 = cloneablePrototype();

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
		return newSha256().digest(value.getBytes(StandardCharsets.UTF_8));
	}

	private static @Nullable MessageDigest cloneablePrototype() {
		try {
			MessageDigest prototype = MessageDigest.getInstance("SHA-256");
			prototype.clone();
			return prototype;
		}
		catch (NoSuchAlgorithmException | CloneNotSupportedException ex) {
			return null;
		}
	}

	/** A fresh digest: a copy of an unused prototype (cheaper than a provider lookup per key) where it can be copied. */
	private static MessageDigest newSha256() {
		if (SHA256 != null) {
			try {
				return (MessageDigest) SHA256.clone();
			}
			catch (CloneNotSupportedException ex) {
				// not cloneable after all: look it up
			}
		}
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

}
