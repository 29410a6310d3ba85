package dev.tglogin.emulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

import org.jspecify.annotations.Nullable;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Token helpers shared by the emulators: random values, HS256 signing and log-safe references to secrets (a short
 * SHA-256 prefix instead of the value).
 */
final class Tokens {

	private Tokens() {
	}

	/**
	 * @param token a session token or other secret, may be {@code null}
	 * @return the first 8 hex digits of its SHA-256, safe to log
	 */
	static String fingerprint(@Nullable String token) {
		if (token == null) {
			return "null";
		}
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest, 0, 4);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

	/**
	 * @param random the source
	 * @param length how many bytes
	 * @return that many random bytes
	 */
	static byte[] randomBytes(SecureRandom random, int length) {
		byte[] bytes = new byte[length];
		random.nextBytes(bytes);
		return bytes;
	}

	/**
	 * @param random the source
	 * @param bytes how many random bytes to encode
	 * @return them in unpadded base64url: printable, URL- and header-safe
	 */
	static String randomUrlSafe(SecureRandom random, int bytes) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(random, bytes));
	}

	/**
	 * @param signer the HS256 signer
	 * @param claims the claims
	 * @return the compact serialization of an HS256 JWT ({@code typ: JWT}) with those claims
	 */
	static String hs256(MACSigner signer, JWTClaimsSet claims) {
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(),
				claims);
		try {
			jwt.sign(signer);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Could not sign an emulated token", ex);
		}
		return jwt.serialize();
	}

}
