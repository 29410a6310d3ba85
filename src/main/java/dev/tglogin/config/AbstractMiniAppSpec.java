package dev.tglogin.config;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

import dev.tglogin.miniapp.MiniAppInitDataValidator;

/**
 * The settings behind {@link TelegramLoginConfigurer.MiniAppSpec}: the DSL methods and what they set, read by
 * {@link MiniAppLoginConfigurer}. Generic in the spec's own type so that chained calls keep returning the public spec.
 *
 * @param <S> the public spec type
 */
abstract class AbstractMiniAppSpec<S extends AbstractMiniAppSpec<S>> {

	private @Nullable String botToken;

	private @Nullable Long botId;

	private @Nullable String publicKey;

	private Duration maxAge = MiniAppInitDataValidator.DEFAULT_MAX_AGE;

	private boolean authorizationHeader = true;

	private @Nullable MiniAppInitDataValidator validator;

	AbstractMiniAppSpec() {
	}

	/**
	 * Validates init data with the bot token (the {@code hash} field). Server-side only; only a key derived from it
	 * is kept. Set this or {@link #botId(long)}, not both.
	 * @param botToken the bot token from BotFather
	 * @return this
	 */
	public S botToken(String botToken) {
		Assert.hasText(botToken, "botToken cannot be empty");
		this.botToken = botToken;
		return self();
	}

	/**
	 * Validates init data with Telegram's Ed25519 signature for this bot (the {@code signature} field), without the
	 * bot token. Set this or {@link #botToken(String)}, not both.
	 * @param botId the bot's id (the digits before {@code :} in its token)
	 * @return this
	 */
	public S botId(long botId) {
		Assert.isTrue(botId > 0, "botId must be positive");
		this.botId = botId;
		return self();
	}

	/**
	 * Sets the Ed25519 public key of the {@link #botId(long)} mode, 64 hex digits. Defaults to Telegram's production
	 * key; {@link MiniAppInitDataValidator#TEST_PUBLIC_KEY} for Telegram's test environment.
	 * @param publicKey the key
	 * @return this
	 */
	public S publicKey(String publicKey) {
		Assert.hasText(publicKey, "publicKey cannot be empty");
		this.publicKey = publicKey;
		return self();
	}

	/**
	 * Sets how old init data may be. Defaults to one hour.
	 * @param maxAge the maximum age
	 * @return this
	 */
	public S maxAge(Duration maxAge) {
		Assert.isTrue(maxAge != null && !maxAge.isNegative() && !maxAge.isZero(),
				"tglogin.mini-app.max-age must be positive");
		this.maxAge = maxAge;
		return self();
	}

	/**
	 * Whether requests with {@code Authorization: tma <initData>} are authenticated (for that request only). Defaults
	 * to {@code true}; the session exchange ({@code POST <base>/miniapp}) is always on.
	 * @param authorizationHeader whether to add the {@code tma} filter
	 * @return this
	 */
	public S authorizationHeader(boolean authorizationHeader) {
		this.authorizationHeader = authorizationHeader;
		return self();
	}

	/**
	 * Uses the given validator instead of one built from the settings (the bot token, bot id, key and maximum age
	 * are then ignored).
	 * @param validator the validator
	 * @return this
	 */
	public S validator(MiniAppInitDataValidator validator) {
		Assert.notNull(validator, "validator cannot be null");
		this.validator = validator;
		return self();
	}

	@Nullable String botToken() {
		return this.botToken;
	}

	@Nullable Long botId() {
		return this.botId;
	}

	@Nullable String publicKey() {
		return this.publicKey;
	}

	Duration maxAge() {
		return this.maxAge;
	}

	boolean authorizationHeader() {
		return this.authorizationHeader;
	}

	@Nullable MiniAppInitDataValidator validator() {
		return this.validator;
	}

	@SuppressWarnings("unchecked")
	private S self() {
		return (S) this;
	}

}
