package dev.tglogin.emulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.util.Assert;

/**
 * A local, in-memory emulation of Xellar's Telegram OTP login and wallet API, for development and tests only.
 * <p>
 * It serves API versions {@code v1} and {@code v2} at once:
 * v1 answers have no refresh token and the wallet address as a single {@code address} string, v2 answers have a
 * {@code refreshToken} and the addresses as {@code [{"network": "evm", "address": "0x..."}]}. Every call needs the
 * {@link #clientSecret() client secret}. The flow:
 * <ol>
 * <li>{@link #login(String, String, String)} registers an unknown phone number on first sight, makes a 6-digit OTP
 * (logged at INFO and shown on the emulated Telegram page, see {@link EmulatorServlet}) and answers a verification
 * token. One login per phone number per {@link Builder#loginInterval(Duration) login interval}; a new login
 * invalidates the phone number's earlier verification token.</li>
 * <li>{@link #verify(String, String, String, String)} checks the OTP. A wrong OTP keeps the verification token
 * usable (the emulator does not lock out: the library counts attempts); the right one consumes it and answers wallet
 * tokens when the user has a wallet, else an access token.</li>
 * <li>{@link #createAccount(String, String, String, String)} creates the wallet of a user who has none, with the
 * access token.</li>
 * <li>{@link #refresh(String, String)} (v2 only) rotates the wallet and refresh tokens: a refresh token works
 * once.</li>
 * <li>{@link #signMessage(String, String, String)} (v2) is a wallet operation: it spends the wallet token (one use,
 * {@link Builder#walletTokenLifetime(Duration) one minute} by default, like Xellar's), and answers 407 with the
 * accept-permission page until the user {@link #grantPermission(String) granted} the app permission.</li>
 * </ol>
 * Like the real service where it is awkward: the login takes digits-only phone numbers
 * ({@link Builder#acceptPlus(boolean)}), one login per number per minute, every error is an envelope (inside a
 * 200 when {@link Builder#errorsInside2xx(boolean) asked}).
 * <p>
 * Every token is an HS256 JWT signed with a random key of the emulator's own, with the claims
 * {@value XellarWire#CLAIM_UID}, {@code iat}, {@code exp} and a random {@code jti}; wallet tokens also carry
 * {@code isPermissionGranted} and, while it is {@code false}, {@code acceptPermissionPage}.
 * They are opaque to the library, which may only decode the {@code uid}: the
 * emulator looks verification, access and refresh tokens up in its own state, never trusts their claims.
 * <p>
 * Methods answer the whole response body, the envelope {@code {"status": 200, "message": ..., "data": {...}}}, and
 * refuse with an {@link EmulatorException} whose {@link EmulatorException#status() status} and message are those of
 * the envelope the servlet answers (codes {@code CODE_*} of this class are for tests only). Expired tokens are purged,
 * and at most {@value #MAX_USERS} users and {@value #MAX_TOKENS} tokens of each kind are kept (the oldest are
 * evicted), so memory stays bounded.
 * <p>
 * Never use this in production: OTPs are logged and anyone who can reach the emulator can log in as any phone number.
 * A warning is logged at construction.
 * <p>
 * This class is thread-safe.
 */
public final class XellarEmulator {

	/** Default lifetime of wallet tokens, Xellar's documented minute: {@link Builder#walletTokenLifetime(Duration)}. */
	public static final Duration DEFAULT_WALLET_TOKEN_LIFETIME = XellarWire.WALLET_TOKEN_LIFETIME;

	/** Default lifetime of access tokens (undocumented by Xellar): see {@link Builder#accessTokenLifetime(Duration)}. */
	public static final Duration DEFAULT_ACCESS_TOKEN_LIFETIME = Duration.ofMinutes(10);

	/** Most users kept in memory; the oldest is evicted beyond this. */
	public static final int MAX_USERS = 10_000;

	/** Most tokens of each kind (verification, access, refresh, secret0 link) kept in memory. */
	public static final int MAX_TOKENS = 10_000;

	// error codes: emulator-only, for tests (the wire has the envelope's status and message only)

	/** Missing or wrong {@value XellarWire#CLIENT_SECRET_HEADER}: 401. */
	public static final String CODE_INVALID_CLIENT_SECRET = "INVALID_CLIENT_SECRET";

	/** A body that is not JSON or lacks a field: 400. */
	public static final String CODE_INVALID_REQUEST = "INVALID_REQUEST";

	/** A login for the same phone number within the login interval: 429 with {@code Retry-After}. */
	public static final String CODE_RATE_LIMITED = "RATE_LIMITED";

	/** An unknown, expired, replaced or used verification token: {@value XellarWire#STATUS_EXPIRED_VERIFICATION}. */
	public static final String CODE_INVALID_VERIFICATION_TOKEN = "INVALID_VERIFICATION_TOKEN";

	/** A wrong OTP: {@value XellarWire#STATUS_WRONG_OTP}. */
	public static final String CODE_WRONG_OTP = "WRONG_OTP";

	/** A missing, unknown or expired access token: 401. */
	public static final String CODE_INVALID_ACCESS_TOKEN = "INVALID_ACCESS_TOKEN";

	/** Wallet creation for a user who already has one: 409. */
	public static final String CODE_WALLET_EXISTS = "WALLET_EXISTS";

	/** An unknown, expired or already used refresh token: 401. */
	public static final String CODE_INVALID_REFRESH_TOKEN = "INVALID_REFRESH_TOKEN";

	/** A wallet operation with an unknown, expired or already used wallet token: 401. */
	public static final String CODE_INVALID_WALLET_TOKEN = "INVALID_WALLET_TOKEN";

	/**
	 * A wallet operation before the user granted the app permission: {@value XellarWire#STATUS_PERMISSION_REQUIRED},
	 * the accept-permission page in {@code data.message}.
	 */
	public static final String CODE_PERMISSION_REQUIRED = "PERMISSION_REQUIRED";

	private static final String CLIENT_SECRET_PREFIX = "emulator_";

	private static final int KEY_BYTES = 32;

	private static final Log logger = LogFactory.getLog(XellarEmulator.class);

	private final String clientSecret;

	private final byte[] clientSecretBytes;

	private final String verificationTokenField;

	private final boolean plusAccepted;

	private final boolean errorsInside2xx;

	private final Clock clock;

	private final SecureRandom random;

	private final XellarAccounts accounts;

	private final EmulatorFaults faults = new EmulatorFaults();

	private final AtomicInteger refreshCount = new AtomicInteger();

	private XellarEmulator(Builder builder, SecureRandom random) {
		this.clientSecret = (builder.clientSecret != null) ? builder.clientSecret
				: CLIENT_SECRET_PREFIX + Tokens.randomUrlSafe(random, KEY_BYTES);
		this.clientSecretBytes = this.clientSecret.getBytes(StandardCharsets.UTF_8);
		this.verificationTokenField = builder.verificationTokenField;
		this.plusAccepted = builder.plusAccepted;
		this.errorsInside2xx = builder.errorsInside2xx;
		this.clock = builder.clock;
		this.random = random;
		this.accounts = new XellarAccounts(builder.otpLifetime, builder.loginInterval, builder.accessTokenLifetime,
				builder.walletTokenLifetime, builder.refreshTokenLifetime, builder.permissionGranted, random);
		String nl = System.lineSeparator();
		logger.warn(nl + "****************************************************************************" + nl
				+ "* tglogin EMULATOR IS ON: Xellar Telegram OTP logins are emulated locally." + nl
				+ "* OTP codes are written to this log and shown on the emulated Telegram page," + nl
				+ "* and anyone who can reach the emulator can log in as any phone number." + nl
				+ "* Development and tests only: NEVER use it in production." + nl
				+ "****************************************************************************");
	}

	/** @return a builder with the defaults described on each of its methods */
	public static Builder builder() {
		return new Builder();
	}

	/** @return the client secret every call must send: configure the library under test with it */
	public String clientSecret() {
		return this.clientSecret;
	}

	/** @return the fault queue {@link EmulatorServlet} consults before answering a Xellar endpoint */
	public EmulatorFaults faults() {
		return this.faults;
	}

	/**
	 * Sends an OTP "to Telegram", like {@code POST} {@value XellarWire#LOGIN_TELEGRAM_PATH}. Registers the phone
	 * number on first sight and invalidates its earlier verification token.
	 * @param clientSecret the client secret sent by the client, or {@code null}
	 * @param version {@code v1} or {@code v2}
	 * @param phoneNumber 6 to 15 digits without a leading zero, like Xellar's UI kit sends them (with a leading
	 * {@code +} only when {@link Builder#acceptPlus(boolean) accepted}), or {@code null}
	 * @return the verification token (answered under the {@link Builder#verificationTokenField(String) configured
	 * name}) and whether the user has a wallet
	 * @throws EmulatorException 401 for a wrong client secret, 400 for a missing or invalid phone number, 429 (with
	 * {@link EmulatorException#retryAfter()}) for a second login of the phone number within the login interval
	 */
	public XellarAnswer.OtpSent login(@Nullable String clientSecret, String version, @Nullable String phoneNumber) {
		checkVersion(version);
		checkClientSecret(clientSecret);
		if (phoneNumber != null && !this.plusAccepted && !XellarPhoneNumbers.isDigitsOnly(phoneNumber)) {
			throw invalidRequest();
		}
		String phone = XellarPhoneNumbers.normalize(phoneNumber).orElseThrow(XellarEmulator::invalidRequest);
		XellarAccounts.OtpSent sent = this.accounts.login(phone, this.clock.instant());
		return new XellarAnswer.OtpSent(this.verificationTokenField, sent.verificationToken(), sent.walletCreated());
	}

	/**
	 * Verifies an OTP, like {@code POST} {@value XellarWire#VERIFY_TELEGRAM_PATH}. The right OTP consumes the
	 * verification token; a wrong one does not.
	 * @param clientSecret the client secret sent by the client, or {@code null}
	 * @param version {@code v1} or {@code v2}
	 * @param verificationToken the token from {@link #login(String, String, String)}, or {@code null}
	 * @param otp the OTP, or {@code null}
	 * @return {@link XellarAnswer.WalletVerified} (wallet and, in v2, refresh token, and the address) for a user with
	 * a wallet, else {@link XellarAnswer.AccessGranted} (an access token for account/create)
	 * @throws EmulatorException 401 for a wrong client secret, 400 for a missing field,
	 * {@value XellarWire#STATUS_EXPIRED_VERIFICATION} for an unknown, expired, replaced or used verification token,
	 * {@value XellarWire#STATUS_WRONG_OTP} for a wrong OTP
	 */
	public XellarAnswer verify(@Nullable String clientSecret, String version,
			@Nullable String verificationToken, @Nullable String otp) {
		checkVersion(version);
		checkClientSecret(clientSecret);
		if (!hasText(verificationToken) || !hasText(otp)) {
			throw invalidRequest();
		}
		return this.accounts.verify(version, verificationToken, otp, this.clock.instant());
	}

	/**
	 * Creates the wallet of a user who has none, like {@code POST} {@value XellarWire#ACCOUNT_CREATE_PATH}. The
	 * access token stays valid until it expires, so a second call with it answers 409.
	 * @param clientSecret the client secret sent by the client, or {@code null}
	 * @param version {@code v1} or {@code v2}
	 * @param accessToken the access token from {@link #verify(String, String, String, String)} (the bearer token of
	 * the {@code Authorization} header), or {@code null}
	 * @param secret0LinkBase the URL the {@code secret0Link} is built on: {@code /<link id>} is appended; the link
	 * works {@link XellarWire#SECRET0_LINK_LIFETIME} with {@link #secret0(String)}
	 * @return the new wallet: its tokens (no refresh token in v1), address, {@code secret0} and its download link
	 * @throws EmulatorException 401 for a wrong client secret or a missing, unknown or expired access token, 409 when
	 * the user already has a wallet
	 */
	public XellarAnswer.WalletCreated createAccount(@Nullable String clientSecret, String version,
			@Nullable String accessToken, String secret0LinkBase) {
		checkVersion(version);
		Assert.hasText(secret0LinkBase, "secret0LinkBase cannot be empty");
		checkClientSecret(clientSecret);
		return this.accounts.createAccount(version, accessToken, secret0LinkBase, this.clock.instant());
	}

	/**
	 * Rotates the wallet and refresh tokens, like {@code POST} {@value XellarWire#WALLET_REFRESH_PATH}: the
	 * refresh token is refused afterwards. Counted by {@link #refreshCount()}.
	 * @param clientSecret the client secret sent by the client, or {@code null}
	 * @param refreshToken the refresh token, or {@code null}
	 * @return the new wallet and refresh tokens
	 * @throws EmulatorException 401 for a wrong client secret, 400 for a missing refresh token, 401 for an unknown,
	 * expired or already used refresh token
	 */
	public XellarAnswer.Refreshed refresh(@Nullable String clientSecret, @Nullable String refreshToken) {
		this.refreshCount.incrementAndGet();
		checkClientSecret(clientSecret);
		if (!hasText(refreshToken)) {
			throw invalidRequest();
		}
		return this.accounts.refresh(refreshToken, this.clock.instant());
	}

	/**
	 * A wallet operation, like {@code POST} {@value XellarWire#WALLET_SIGN_MESSAGE_PATH}: spends the wallet token
	 * (single use, like Xellar's) and answers a signature. Before the user granted the app permission it answers
	 * {@value XellarWire#STATUS_PERMISSION_REQUIRED} with the accept-permission page in {@code data.message}, and the
	 * token stays unused.
	 * @param clientSecret the client secret sent by the client, or {@code null}
	 * @param walletToken the bearer token of the {@code Authorization} header, or {@code null}
	 * @param message the message to sign, or {@code null}
	 * @return the signature
	 * @throws EmulatorException 401 for a wrong client secret or an unknown, expired or used wallet token, 400 for a
	 * missing message, {@value XellarWire#STATUS_PERMISSION_REQUIRED} without permission
	 */
	public XellarAnswer.Signed signMessage(@Nullable String clientSecret, @Nullable String walletToken,
			@Nullable String message) {
		checkClientSecret(clientSecret);
		if (!hasText(message)) {
			throw invalidRequest();
		}
		this.accounts.spendWalletToken(walletToken, this.clock.instant());
		return new XellarAnswer.Signed("0x" + HexFormat.of().formatHex(Tokens.randomBytes(this.random, 65)));
	}

	/**
	 * Grants the app permission for a user's wallet operations, as the user does on the accept-permission page.
	 * Wallet tokens issued from now on say so.
	 * @param uid the user's id (the {@value XellarWire#CLAIM_UID} claim)
	 * @return whether such a user exists
	 */
	public boolean grantPermission(String uid) {
		return this.accounts.grantPermission(uid);
	}

	/** Whether errors are answered inside a 200 (the envelope's {@code status} tells). */
	boolean errorsInside2xx() {
		return this.errorsInside2xx;
	}

	/** Records the emulator's URL as a request reached it (the accept-permission page is built on it). */
	void usePublicBase(String baseUrl) {
		this.accounts.usePublicBase(baseUrl);
	}

	/**
	 * The {@code secret0} behind a link from {@link #createAccount(String, String, String, String)}.
	 * @param linkId the last path segment of the {@code secret0Link}
	 * @return the secret0 while the link is live, else empty
	 */
	public Optional<String> secret0(String linkId) {
		return this.accounts.secret0(linkId, this.clock.instant());
	}

	/**
	 * @param phoneNumber a phone number, with or without {@code +}
	 * @return the OTP of the phone number's latest login while it can still be verified (not expired, replaced or
	 * used), else empty
	 */
	public Optional<String> lastOtp(String phoneNumber) {
		return this.accounts.lastOtp(XellarPhoneNumbers.require(phoneNumber), this.clock.instant());
	}

	/**
	 * Makes the phone number an existing user with a wallet, registering it if needed; a user who has a wallet keeps
	 * it.
	 * @param phoneNumber a phone number, with or without {@code +}
	 */
	public void seedUserWithWallet(String phoneNumber) {
		this.accounts.seedUserWithWallet(XellarPhoneNumbers.require(phoneNumber));
	}

	/**
	 * @param phoneNumber a phone number, with or without {@code +}
	 * @return whether that user exists and has a wallet
	 */
	public boolean hasWallet(String phoneNumber) {
		return walletAddress(phoneNumber).isPresent();
	}

	/**
	 * @param phoneNumber a phone number, with or without {@code +}
	 * @return the user's EVM address ({@code 0x} and 40 hex digits), or empty without user or wallet
	 */
	public Optional<String> walletAddress(String phoneNumber) {
		return this.accounts.walletAddress(XellarPhoneNumbers.require(phoneNumber));
	}

	/**
	 * @param phoneNumber a phone number, with or without {@code +}
	 * @return the user's id, the {@value XellarWire#CLAIM_UID} claim of their tokens, or empty for an unknown
	 * phone number
	 */
	public Optional<String> uid(String phoneNumber) {
		return this.accounts.uid(XellarPhoneNumbers.require(phoneNumber));
	}

	/**
	 * @return how many refresh requests reached {@link #refresh(String, String)}, refused ones included (requests
	 * answered by an injected fault are not)
	 */
	public int refreshCount() {
		return this.refreshCount.get();
	}

	/** @return every OTP that can still be verified, newest first (the page shows only a typed number's) */
	List<PendingOtp> pendingOtps() {
		return this.accounts.pendingOtps(null, this.clock.instant());
	}

	/**
	 * @param phoneNumber a normalized phone number ({@code +digits})
	 * @return the OTPs sent to it that can still be verified (at most one: a new login replaces the earlier one),
	 * with the phone number masked
	 */
	List<PendingOtp> pendingOtps(String phoneNumber) {
		return this.accounts.pendingOtps(phoneNumber, this.clock.instant());
	}

	private void checkClientSecret(@Nullable String clientSecret) {
		if (clientSecret == null
				|| !MessageDigest.isEqual(this.clientSecretBytes, clientSecret.getBytes(StandardCharsets.UTF_8))) {
			throw new EmulatorException(401, CODE_INVALID_CLIENT_SECRET, "Invalid client secret");
		}
	}

	private static void checkVersion(String version) {
		Assert.isTrue(XellarWire.V1.equals(version) || isV2(version), "version must be "
				+ XellarWire.V1 + " or " + XellarWire.V2);
	}

	private static boolean isV2(String version) {
		return XellarWire.V2.equals(version);
	}

	private static boolean hasText(@Nullable String value) {
		return value != null && !value.isBlank();
	}

	private static EmulatorException invalidRequest() {
		return new EmulatorException(400, CODE_INVALID_REQUEST, "Invalid request");
	}

	/**
	 * An OTP as the emulated Telegram page shows it.
	 * @param maskedPhoneNumber the phone number, masked like {@code +12***89}
	 * @param otp the OTP
	 * @param expiresAt when it expires
	 */
	record PendingOtp(String maskedPhoneNumber, String otp, Instant expiresAt) {
	}

	/**
	 * Configures a {@link XellarEmulator}. Not thread-safe.
	 */
	public static final class Builder {

		private @Nullable String clientSecret;

		private String verificationTokenField = XellarWire.VERIFICATION_TOKEN;

		private Duration otpLifetime = XellarWire.OTP_LIFETIME;

		private Duration loginInterval = XellarWire.LOGIN_RATE_LIMIT;

		private Duration walletTokenLifetime = DEFAULT_WALLET_TOKEN_LIFETIME;

		private Duration accessTokenLifetime = DEFAULT_ACCESS_TOKEN_LIFETIME;

		private boolean plusAccepted;

		private boolean permissionGranted = true;

		private boolean errorsInside2xx;

		private Duration refreshTokenLifetime = XellarWire.REFRESH_TOKEN_LIFETIME;

		private Clock clock = Clock.systemUTC();

		private Builder() {
		}

		/**
		 * @param clientSecret the {@value XellarWire#CLIENT_SECRET_HEADER} every call must send: printable ASCII
		 * without spaces; default {@code emulator_} and 43 random base64url characters, made at construction
		 * @return this builder
		 */
		public Builder clientSecret(String clientSecret) {
			Assert.hasText(clientSecret, "clientSecret cannot be empty");
			Assert.isTrue(clientSecret.chars().allMatch(c -> c > 0x20 && c < 0x7f),
					"clientSecret must be printable ASCII without spaces");
			this.clientSecret = clientSecret;
			return this;
		}

		/**
		 * @param verificationTokenField the name of the verification token in the login answer's {@code data};
		 * default {@value XellarWire#VERIFICATION_TOKEN}. The real name is not documented (the WhatsApp twin
		 * answers {@value XellarWire#VERIFY_TOKEN}): set that to prove a client accepts both
		 * @return this builder
		 */
		public Builder verificationTokenField(String verificationTokenField) {
			Assert.hasText(verificationTokenField, "verificationTokenField cannot be empty");
			this.verificationTokenField = verificationTokenField;
			return this;
		}

		/**
		 * @param otpLifetime how long an OTP and its verification token can be verified; default
		 * {@link XellarWire#OTP_LIFETIME}
		 * @return this builder
		 */
		public Builder otpLifetime(Duration otpLifetime) {
			this.otpLifetime = positive(otpLifetime, "otpLifetime");
			return this;
		}

		/**
		 * @param loginInterval the least time between two logins of one phone number (a login within it answers
		 * 429 with {@code Retry-After}); default {@link XellarWire#LOGIN_RATE_LIMIT}; {@link Duration#ZERO}
		 * disables the limit
		 * @return this builder
		 */
		public Builder loginInterval(Duration loginInterval) {
			Assert.notNull(loginInterval, "loginInterval cannot be null");
			Assert.isTrue(!loginInterval.isNegative(), "loginInterval cannot be negative");
			this.loginInterval = loginInterval;
			return this;
		}

		/**
		 * @param walletTokenLifetime how long an unused wallet token lives; default
		 * {@link XellarEmulator#DEFAULT_WALLET_TOKEN_LIFETIME one minute}, as Xellar documents (elsewhere it says one
		 * day). A wallet token also dies on its first wallet operation
		 * @return this builder
		 */
		public Builder walletTokenLifetime(Duration walletTokenLifetime) {
			this.walletTokenLifetime = positive(walletTokenLifetime, "walletTokenLifetime");
			return this;
		}

		/**
		 * @param accessTokenLifetime how long the access token of a user without a wallet lives (Xellar does not
		 * document it); default {@link XellarEmulator#DEFAULT_ACCESS_TOKEN_LIFETIME 10 minutes}
		 * @return this builder
		 */
		public Builder accessTokenLifetime(Duration accessTokenLifetime) {
			this.accessTokenLifetime = positive(accessTokenLifetime, "accessTokenLifetime");
			return this;
		}

		/**
		 * @param plusAccepted whether the login accepts a phone number with a leading {@code +}; default
		 * {@code false}: digits only, as Xellar's UI kit validates ({@code ^[1-9]\d{1,14}$}) and sends them
		 * @return this builder
		 */
		public Builder acceptPlus(boolean plusAccepted) {
			this.plusAccepted = plusAccepted;
			return this;
		}

		/**
		 * @param permissionGranted whether new users have granted the app permission for wallet operations (v2);
		 * default {@code true}. With {@code false}, wallet tokens say {@code isPermissionGranted: false} with an
		 * {@code acceptPermissionPage}, and wallet operations answer
		 * {@value XellarWire#STATUS_PERMISSION_REQUIRED} until {@link XellarEmulator#grantPermission(String)}
		 * @return this builder
		 */
		public Builder permissionGranted(boolean permissionGranted) {
			this.permissionGranted = permissionGranted;
			return this;
		}

		/**
		 * @param errorsInside2xx whether refusals are answered with HTTP 200 and the error in the envelope's
		 * {@code status} (Xellar's envelope allows it, and clients must not take such an answer for a success);
		 * default {@code false}
		 * @return this builder
		 */
		public Builder errorsInside2xx(boolean errorsInside2xx) {
			this.errorsInside2xx = errorsInside2xx;
			return this;
		}

		/**
		 * @param refreshTokenLifetime how long an unused refresh token lives; default
		 * {@link XellarWire#REFRESH_TOKEN_LIFETIME}
		 * @return this builder
		 */
		public Builder refreshTokenLifetime(Duration refreshTokenLifetime) {
			this.refreshTokenLifetime = positive(refreshTokenLifetime, "refreshTokenLifetime");
			return this;
		}

		/**
		 * @param clock the clock for expiry, the login interval and token {@code iat}/{@code exp}; default
		 * {@link Clock#systemUTC()}
		 * @return this builder
		 */
		public Builder clock(Clock clock) {
			Assert.notNull(clock, "clock cannot be null");
			this.clock = clock;
			return this;
		}

		/** @return a new emulator; logs a warning that it must never be used in production */
		public XellarEmulator build() {
			return new XellarEmulator(this, new SecureRandom());
		}

		private static Duration positive(Duration duration, String name) {
			Assert.notNull(duration, name + " cannot be null");
			Assert.isTrue(duration.toMillis() >= 1, name + " must be at least 1 ms");
			return duration;
		}

	}

}
