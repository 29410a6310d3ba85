package dev.tglogin.emulator;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Plays Telegram for Mini Apps: a bot of its own (a random id and token made at start-up) and an Ed25519 key pair of
 * its own standing for Telegram's, with which it signs init data as Telegram does, both ways at once: the
 * {@code signature} field (Ed25519 over {@code "<bot_id>:WebAppData\n"} and the sorted fields without {@code hash}
 * and {@code signature}), then the {@code hash} field (HMAC-SHA-256 keyed by {@code HMAC_SHA256("WebAppData",
 * token)} over the sorted fields without {@code hash}). Written from Telegram's description, independently of the
 * library's validator, so that each checks the other.
 * <p>
 * This class is thread-safe.
 */
public final class MiniAppEmulator {

	/** What Telegram names the init data in the fragment of the Mini App's URL. */
	public static final String FRAGMENT_PARAMETER = "tgWebAppData";

	private static final SecureRandom RANDOM = new SecureRandom();

	private final long botId;

	private final String botToken;

	private final KeyPair telegramKey;

	private final Clock clock;

	/** An emulator with a random bot and key pair, on the system clock. */
	public MiniAppEmulator() {
		this(Clock.systemUTC());
	}

	/**
	 * An emulator with a random bot and key pair.
	 * @param clock the clock of {@code auth_date}
	 */
	public MiniAppEmulator(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.botId = 1_000_000_000L + RANDOM.nextInt(1_000_000_000);
		byte[] secret = new byte[26];
		RANDOM.nextBytes(secret);
		this.botToken = this.botId + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
		try {
			this.telegramKey = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Ed25519 is not available", ex);
		}
		this.clock = clock;
	}

	/** Returns the emulated bot's id. */
	public long botId() {
		return this.botId;
	}

	/** Returns the emulated bot's token (for the library's bot-token mode). */
	public String botToken() {
		return this.botToken;
	}

	/** Returns the public key standing for Telegram's, as 64 hex digits (for the library's bot-id mode). */
	public String publicKeyHex() {
		byte[] encoded = this.telegramKey.getPublic().getEncoded();
		// the X.509 form of an Ed25519 key ends with its 32 raw bytes
		return HexFormat.of().formatHex(encoded, encoded.length - 32, encoded.length);
	}

	/**
	 * Returns the init data Telegram would give a Mini App opened now by the user.
	 * @param user the user
	 * @return the init data query string
	 */
	public String initData(MiniAppUser user) {
		return initData(user, this.clock.instant());
	}

	/**
	 * Returns the init data Telegram would give a Mini App opened at the given instant by the user.
	 * @param user the user
	 * @param authDate the {@code auth_date}
	 * @return the init data query string
	 */
	public String initData(MiniAppUser user, Instant authDate) {
		Map<String, String> fields = new LinkedHashMap<>();
		byte[] queryId = new byte[12];
		RANDOM.nextBytes(queryId);
		fields.put("query_id", Base64.getUrlEncoder().withoutPadding().encodeToString(queryId));
		fields.put("user", user.toJson());
		fields.put("auth_date", Long.toString(authDate.getEpochSecond()));
		return encode(sign(fields));
	}

	/**
	 * Signs the given fields both ways: returns them with {@code signature} and then {@code hash} added (any earlier
	 * values of these two replaced).
	 * @param fields the fields, in any order
	 * @return the signed fields
	 */
	public Map<String, String> sign(Map<String, String> fields) {
		Map<String, String> signed = new LinkedHashMap<>(fields);
		signed.remove("hash");
		signed.remove("signature");
		String thirdParty = this.botId + ":WebAppData\n" + checkString(signed);
		signed.put("signature", Base64.getUrlEncoder().withoutPadding().encodeToString(ed25519(thirdParty)));
		byte[] secretKey = hmacSha256("WebAppData".getBytes(StandardCharsets.UTF_8), this.botToken);
		signed.put("hash", HexFormat.of().formatHex(hmacSha256(secretKey, checkString(signed))));
		return signed;
	}

	/**
	 * Writes fields as a query string, percent-encoding as {@code encodeURIComponent} does.
	 * @param fields the fields in the order to write
	 * @return the query string
	 */
	public static String encode(Map<String, String> fields) {
		List<String> pairs = new ArrayList<>();
		fields.forEach((key, value) -> pairs.add(percentEncode(key) + "=" + percentEncode(value)));
		return String.join("&", pairs);
	}

	/** The sorted {@code key=value} lines, without {@code hash}. */
	private static String checkString(Map<String, String> fields) {
		List<String> lines = new ArrayList<>();
		fields.forEach((key, value) -> {
			if (!"hash".equals(key)) {
				lines.add(key + "=" + value);
			}
		});
		lines.sort(null);
		return String.join("\n", lines);
	}

	private byte[] ed25519(String content) {
		try {
			Signature signer = Signature.getInstance("Ed25519");
			signer.initSign(this.telegramKey.getPrivate());
			signer.update(content.getBytes(StandardCharsets.UTF_8));
			return signer.sign();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Ed25519 is not available", ex);
		}
	}

	private static byte[] hmacSha256(byte[] key, String content) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			return mac.doFinal(content.getBytes(StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

	private static String percentEncode(String text) {
		StringBuilder out = new StringBuilder();
		for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
			char c = (char) (b & 0xff);
			boolean unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
			if (unreserved || "-_.!~*'()".indexOf(c) >= 0) {
				out.append(c);
			}
			else {
				out.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
			}
		}
		return out.toString();
	}

	/**
	 * The user who opens the Mini App, as Telegram describes it in the {@code user} field.
	 *
	 * @param id the Telegram id
	 * @param firstName the first name
	 * @param lastName the last name, or {@code null}
	 * @param username the handle without {@code @}, or {@code null}
	 * @param languageCode the client's language, or {@code null}
	 * @param premium whether the user has Telegram Premium
	 */
	public record MiniAppUser(long id, String firstName, @Nullable String lastName, @Nullable String username,
			@Nullable String languageCode, boolean premium) {

		public MiniAppUser {
			Assert.isTrue(id > 0, "id must be positive");
			Assert.hasText(firstName, "firstName cannot be empty");
			lastName = (lastName == null || lastName.isBlank()) ? null : lastName;
			username = (username == null || username.isBlank()) ? null : username;
			languageCode = (languageCode == null || languageCode.isBlank()) ? null : languageCode;
		}

		/** The user the launcher page suggests. */
		public static MiniAppUser defaultUser() {
			return new MiniAppUser(Long.parseLong(EmulatedTelegramUser.DEFAULT_ID), "Emulated", "User",
					EmulatedTelegramUser.DEFAULT_USERNAME, "en", false);
		}

		/** The {@code user} field: a JSON object in Telegram's field order, optional fields left out when unset. */
		String toJson() {
			Map<String, Object> json = new LinkedHashMap<>();
			json.put("id", this.id);
			json.put("first_name", this.firstName);
			if (this.lastName != null) {
				json.put("last_name", this.lastName);
			}
			if (this.username != null) {
				json.put("username", this.username);
			}
			if (this.languageCode != null) {
				json.put("language_code", this.languageCode);
			}
			if (this.premium) {
				json.put("is_premium", true);
			}
			json.put("allows_write_to_pm", true);
			return JSONObjectUtils.toJSONString(json);
		}

	}

}
