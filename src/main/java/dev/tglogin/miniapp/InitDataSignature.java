package dev.tglogin.miniapp;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.tglogin.core.Ed25519PublicKeys;

/**
 * The two ways Telegram signs init data. Each checks only its own field: the HMAC mode needs {@code hash}, the
 * Ed25519 mode needs {@code signature}, and neither falls back to the other.
 */
sealed interface InitDataSignature {

	/**
	 * Verifies the signature of the parsed fields.
	 * @param fields the fields sorted by key
	 * @return the content the signature covers
	 * @throws InvalidInitDataException when the signature is missing, malformed or wrong
	 */
	String verify(Map<String, String> fields);

	/**
	 * The bot-token mode: {@code hash} is {@code hex(HMAC_SHA256(secret_key, data_check_string))} with
	 * {@code secret_key = HMAC_SHA256(key = "WebAppData", message = bot_token)}; the data-check string holds every
	 * field but {@code hash} ({@code signature} included, as Telegram signs it).
	 */
	final class Hmac implements InitDataSignature {

		private final byte[] secretKey;

		/** Keeps only the derived key, never the token. */
		Hmac(String botToken) {
			this.secretKey = hmac("WebAppData".getBytes(StandardCharsets.UTF_8), botToken);
		}

		@Override
		public String verify(Map<String, String> fields) {
			String hash = fields.get("hash");
			if (hash == null) {
				throw new InvalidInitDataException("missing_hash", "The init data has no hash");
			}
			byte[] given;
			try {
				given = (hash.length() == 64) ? HexFormat.of().parseHex(hash) : null;
			}
			catch (IllegalArgumentException ex) {
				given = null;
			}
			String content = InitDataParser.dataCheckString(fields, "hash");
			if (given == null || !MessageDigest.isEqual(given, hmac(this.secretKey, content))) {
				throw badSignature();
			}
			return content;
		}

		private static byte[] hmac(byte[] key, String message) {
			try {
				Mac mac = Mac.getInstance("HmacSHA256");
				mac.init(new SecretKeySpec(key, "HmacSHA256"));
				return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException("HmacSHA256 is not available", ex);
			}
		}

	}

	/**
	 * The third-party mode: {@code signature} is the base64url Ed25519 signature, by Telegram's key, of
	 * {@code "<bot_id>:WebAppData\n"} followed by the data-check string of every field but {@code hash} and
	 * {@code signature}.
	 */
	final class Ed25519 implements InitDataSignature {

		private final long botId;

		private final PublicKey publicKey;

		Ed25519(long botId, String publicKeyHex) {
			this.botId = botId;
			this.publicKey = publicKey(publicKeyHex);
		}

		@Override
		public String verify(Map<String, String> fields) {
			String signature = fields.get("signature");
			if (signature == null) {
				throw new InvalidInitDataException("missing_signature", "The init data has no Ed25519 signature");
			}
			byte[] given;
			try {
				given = Base64.getUrlDecoder().decode(signature);
			}
			catch (IllegalArgumentException ex) {
				throw badSignature();
			}
			String content = this.botId + ":WebAppData\n" + InitDataParser.dataCheckString(fields, "hash", "signature");
			try {
				Signature verifier = Signature.getInstance("Ed25519");
				verifier.initVerify(this.publicKey);
				verifier.update(content.getBytes(StandardCharsets.UTF_8));
				if (given.length != 64 || !verifier.verify(given)) {
					throw badSignature();
				}
			}
			catch (java.security.SignatureException ex) {
				throw badSignature();
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException("Ed25519 is not available", ex);
			}
			return content;
		}

		/**
		 * Reads a raw Ed25519 public key written as 64 hex digits, as Telegram publishes its keys.
		 * @param hex the key
		 * @return the key
		 */
		static PublicKey publicKey(String hex) {
			byte[] raw;
			try {
				raw = HexFormat.of().parseHex(hex);
			}
			catch (IllegalArgumentException ex) {
				raw = new byte[0];
			}
			if (raw.length != 32) {
				throw new IllegalArgumentException("publicKey must be 64 hex digits (a raw Ed25519 key)");
			}
			try {
				return Ed25519PublicKeys.fromRaw(raw);
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException("publicKey is not an Ed25519 key", ex);
			}
		}

	}

	private static InvalidInitDataException badSignature() {
		return new InvalidInitDataException("bad_signature", "The init data's signature does not match");
	}

}
