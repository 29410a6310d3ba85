package dev.tglogin.core;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;

import org.springframework.util.Assert;

/**
 * Raw Ed25519 public keys (32 bytes, as Telegram publishes its Mini App keys and as a JWK's {@code x} holds them) as
 * JDK keys, for the JDK's own Ed25519 ({@code Signature "Ed25519"}, Java 15+).
 */
public final class Ed25519PublicKeys {

	/** The DER prefix of an X.509 Ed25519 public key before its 32 raw bytes (RFC 8410). */
	private static final byte[] X509_PREFIX = { 0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00 };

	private Ed25519PublicKeys() {
	}

	/**
	 * Returns the JDK key of a raw Ed25519 public key.
	 * @param raw the 32 bytes of the key
	 * @return the key
	 * @throws IllegalArgumentException when the bytes are not an Ed25519 public key
	 */
	public static PublicKey fromRaw(byte[] raw) {
		Assert.isTrue(raw != null && raw.length == 32, "An Ed25519 public key has 32 bytes");
		byte[] der = new byte[X509_PREFIX.length + raw.length];
		System.arraycopy(X509_PREFIX, 0, der, 0, X509_PREFIX.length);
		System.arraycopy(raw, 0, der, X509_PREFIX.length, raw.length);
		try {
			return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalArgumentException("Not an Ed25519 public key", ex);
		}
	}

}
