package dev.tglogin.miniapp;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Pattern;

import org.springframework.util.Assert;

/**
 * Validates the init data of a Telegram Mini App ({@code Telegram.WebApp.initData}) in one of Telegram's two modes:
 * <ul>
 * <li>{@link #withBotToken(String)}: the {@code hash} field, an HMAC-SHA-256 keyed by
 * {@code HMAC_SHA256("WebAppData", bot_token)} over the sorted data-check string; for the bot's own backend;</li>
 * <li>{@link #withTelegramPublicKey(long)} / {@link #withPublicKey(long, String)}: the {@code signature} field, an
 * Ed25519 signature by Telegram over {@code "<bot_id>:WebAppData\n"} and the data-check string; for services that
 * must not hold the bot token.</li>
 * </ul>
 * Parsing is strict (a repeated or empty field name, a malformed escape or a field without {@code =} is refused),
 * comparisons are constant-time, and {@code auth_date} must be within the {@linkplain #setMaxAge(Duration) maximum
 * age} and not later than now plus the {@linkplain #setClockSkew(Duration) clock skew}. The user's JSON is read with
 * nimbus' {@code JSONObjectUtils}.
 * <p>
 * A mode checks only its own field: data with only a {@code hash} is refused by the Ed25519 mode and data with only a
 * {@code signature} by the HMAC mode. Neither the bot token nor the init data appears in messages or logs.
 * <p>
 * This class is thread-safe once configured.
 */
public final class MiniAppInitDataValidator {

	/** Telegram's Ed25519 public key for init data of the production environment (hex). */
	public static final String PRODUCTION_PUBLIC_KEY = "e7bf03a2fa4602af4580703d88dda5bb59f32ed8b02a56c187fe7d34caed242d";

	/** Telegram's Ed25519 public key for init data of the test environment (hex). */
	public static final String TEST_PUBLIC_KEY = "40055058a4ee38156a06562e52eece92a771bcd8346a8c4615cb7376eddf72ec";

	/** The default maximum age of init data: one hour. */
	public static final Duration DEFAULT_MAX_AGE = Duration.ofHours(1);

	private static final Pattern BOT_TOKEN = Pattern.compile("[0-9]{1,20}:[A-Za-z0-9_-]{1,200}");

	private final InitDataSignature signature;

	private Duration maxAge = DEFAULT_MAX_AGE;

	private Duration clockSkew = Duration.ofSeconds(30);

	private Clock clock = Clock.systemUTC();

	private MiniAppInitDataValidator(InitDataSignature signature) {
		this.signature = signature;
	}

	/**
	 * Returns a validator of the {@code hash} field with the key derived from the bot token (only the derived key is
	 * kept).
	 * @param botToken the bot token from BotFather, {@code <bot id>:<secret>}
	 * @return the validator
	 */
	public static MiniAppInitDataValidator withBotToken(String botToken) {
		Assert.isTrue(botToken != null && BOT_TOKEN.matcher(botToken).matches(),
				"botToken must be a Telegram bot token, <bot id>:<secret>");
		return new MiniAppInitDataValidator(new InitDataSignature.Hmac(botToken));
	}

	/**
	 * Returns a validator of the {@code signature} field with Telegram's production key
	 * ({@value #PRODUCTION_PUBLIC_KEY}).
	 * @param botId the id of the bot the Mini App belongs to (the digits before {@code :} in its token)
	 * @return the validator
	 */
	public static MiniAppInitDataValidator withTelegramPublicKey(long botId) {
		return withPublicKey(botId, PRODUCTION_PUBLIC_KEY);
	}

	/**
	 * Returns a validator of the {@code signature} field with the given key: {@link #TEST_PUBLIC_KEY} for Telegram's
	 * test environment, or an emulator's key.
	 * @param botId the id of the bot the Mini App belongs to
	 * @param publicKeyHex the raw Ed25519 public key, 64 hex digits
	 * @return the validator
	 */
	public static MiniAppInitDataValidator withPublicKey(long botId, String publicKeyHex) {
		Assert.isTrue(botId > 0, "botId must be positive");
		Assert.hasText(publicKeyHex, "publicKeyHex cannot be empty");
		return new MiniAppInitDataValidator(new InitDataSignature.Ed25519(botId, publicKeyHex));
	}

	/**
	 * Sets how old init data may be ({@code auth_date} to now). Defaults to one hour. Telegram issues init data when
	 * the Mini App opens and the app keeps sending it: the maximum age bounds how long a Mini App left open keeps
	 * working, and how long stolen init data is good for.
	 * @param maxAge the maximum age, positive
	 */
	public void setMaxAge(Duration maxAge) {
		Assert.isTrue(maxAge != null && !maxAge.isNegative() && !maxAge.isZero(), "maxAge must be positive");
		this.maxAge = maxAge;
	}

	/**
	 * Sets how far {@code auth_date} may be ahead of this server's clock. Defaults to 30 seconds.
	 * @param clockSkew the skew, not negative
	 */
	public void setClockSkew(Duration clockSkew) {
		Assert.isTrue(clockSkew != null && !clockSkew.isNegative(), "clockSkew cannot be negative");
		this.clockSkew = clockSkew;
	}

	/** Sets the clock. Defaults to the system UTC clock. */
	public void setClock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
	}

	/** Returns the maximum age of init data. */
	public Duration getMaxAge() {
		return this.maxAge;
	}

	/**
	 * Returns until when init data issued at the given instant is accepted: its single-use record must live as long.
	 * @param authDate the {@code auth_date}
	 * @return the last accepted instant
	 */
	public Instant acceptedUntil(Instant authDate) {
		return authDate.plus(this.maxAge);
	}

	/**
	 * Validates init data.
	 * @param initData the raw query string, as {@code Telegram.WebApp.initData}
	 * @return the verified data
	 * @throws InvalidInitDataException when the data is malformed, not signed for this bot, stale or from the future
	 */
	public MiniAppInitData validate(String initData) {
		Assert.notNull(initData, "initData cannot be null");
		Map<String, String> fields = InitDataParser.parse(initData);
		String signedContent = this.signature.verify(fields);
		Instant authDate = MiniAppUserParser.authDate(fields.get("auth_date"));
		Instant now = this.clock.instant();
		if (authDate.isAfter(now.plus(this.clockSkew))) {
			throw new InvalidInitDataException("issued_in_future", "The init data was issued in the future");
		}
		if (now.isAfter(acceptedUntil(authDate))) {
			throw new InvalidInitDataException("expired", "The init data has expired; reopen the Mini App");
		}
		return MiniAppUserParser.read(fields, authDate, signedContent);
	}

	@Override
	public String toString() {
		return "MiniAppInitDataValidator[mode=" + ((this.signature instanceof InitDataSignature.Hmac) ? "bot-token"
				: "ed25519") + ", maxAge=" + this.maxAge + "]";
	}

}
