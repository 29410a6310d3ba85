package dev.tglogin.bondify;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Verifies and reads Bondify webhooks: {@link BondifyProtocol#WEBHOOK_SIGNATURE_HEADER} must be the lowercase hex
 * HMAC-SHA256 of the raw body under the project's secret (the same secret that signs proofs), compared in constant
 * time over the raw bytes, before the body is even parsed.
 * <p>
 * This class is thread-safe.
 */
public final class BondifyWebhookVerifier {

	private static final int SIGNATURE_HEX_LENGTH = 64;

	private final SecretKeySpec key;

	private List<SecretKeySpec> additionalKeys = List.of();

	/**
	 * Creates a verifier.
	 * @param secret the project's secret (as Bondify issued it; {@link BondifyProofVerifier} warns when it is short)
	 */
	public BondifyWebhookVerifier(byte[] secret) {
		Assert.notNull(secret, "secret cannot be null");
		Assert.isTrue(secret.length > 0, "secret cannot be empty");
		this.key = new SecretKeySpec(Arrays.copyOf(secret, secret.length), "HmacSHA256");
	}

	/**
	 * Creates a verifier from a UTF-8 secret string.
	 * @param secret the secret as Bondify shows it
	 */
	public BondifyWebhookVerifier(String secret) {
		this(secret.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Sets more secrets whose signatures are accepted too: the one Bondify's documentation disagrees on, or the
	 * previous secret while a new one is rolled out. Each is checked, in constant time, whatever the others gave.
	 * Defaults to none.
	 * @param secrets the secrets
	 */
	public void setAdditionalSecrets(List<byte[]> secrets) {
		Assert.notNull(secrets, "secrets cannot be null");
		List<SecretKeySpec> keys = new ArrayList<>();
		for (byte[] secret : secrets) {
			Assert.isTrue(secret != null && secret.length > 0, "secrets cannot contain empty entries");
			keys.add(new SecretKeySpec(Arrays.copyOf(secret, secret.length), "HmacSHA256"));
		}
		this.additionalKeys = List.copyOf(keys);
	}

	/**
	 * Checks a signature.
	 * @param rawBody the request body exactly as received
	 * @param signature the header value (hex; case-insensitive), or {@code null}
	 * @return whether it is Bondify's signature of this body
	 */
	public boolean isSigned(byte[] rawBody, @Nullable String signature) {
		if (signature == null || signature.length() != SIGNATURE_HEX_LENGTH) {
			return false;
		}
		byte[] presented;
		try {
			presented = HexFormat.of().parseHex(signature.toLowerCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
		boolean signed = MessageDigest.isEqual(hmac(this.key, rawBody), presented);
		for (SecretKeySpec additional : this.additionalKeys) {
			signed |= MessageDigest.isEqual(hmac(additional, rawBody), presented);
		}
		return signed;
	}

	/**
	 * Reads a verified webhook body.
	 * @param rawBody the body, already verified with {@link #isSigned}
	 * @return the event, or {@code null} when the body is not a webhook event this library understands
	 */
	public @Nullable BondifyWebhookEvent read(byte[] rawBody) {
		Map<String, Object> json;
		try {
			json = JSONObjectUtils.parse(new String(rawBody, StandardCharsets.UTF_8), 64 * 1024);
		}
		catch (java.text.ParseException | RuntimeException | StackOverflowError ex) {
			return null;
		}
		return BondifyWebhookEvent.from(json);
	}

	/**
	 * Signs a body as Bondify does (for tests and the emulator).
	 * @param rawBody the body
	 * @return the lowercase hex signature
	 */
	public String sign(byte[] rawBody) {
		return HexFormat.of().formatHex(hmac(this.key, rawBody));
	}

	private static byte[] hmac(SecretKeySpec key, byte[] body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(key);
			return mac.doFinal(body);
		}
		catch (NoSuchAlgorithmException | InvalidKeyException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

	@Override
	public String toString() {
		return "BondifyWebhookVerifier[HmacSHA256, secret=[PROTECTED]]";
	}

}
