package dev.tglogin.emulator;

import java.time.Duration;

/**
 * Xellar's embedded-wallet API (Telegram OTP) as the emulator speaks it: paths, headers, envelope and field names,
 * written from Xellar's documentation and SDK (see {@code UPSTREAM-APIS.md}, section 2), independently of the
 * library's own protocol class. The library's integration tests run the client against this emulator, so a wrong name
 * on either side fails a test instead of agreeing with itself.
 */
final class XellarWire {

	static final String V1 = "v1";

	static final String V2 = "v2";

	/** Sends an OTP to the user's Telegram; inferred from the documented WhatsApp twin. Format with the version. */
	static final String LOGIN_TELEGRAM_PATH = "/api/%s/auth/login-telegram";

	/** Verifies the OTP. Format with the version. */
	static final String VERIFY_TELEGRAM_PATH = "/api/%s/auth/verify-telegram";

	/** Creates a wallet with the access token of a user who has none. Format with the version. */
	static final String ACCOUNT_CREATE_PATH = "/api/%s/account/create";

	/** Rotates the wallet and refresh tokens; v2 only. */
	static final String WALLET_REFRESH_PATH = "/api/v2/wallet/refresh";

	/** A wallet operation (the SDK's signMessage): spends the wallet token. */
	static final String WALLET_SIGN_MESSAGE_PATH = "/api/v2/wallet/sign-message";

	static final String CLIENT_SECRET_HEADER = "x-client-secret";

	/** {@code Authorization: Bearer <accessToken>} on account/create. */
	static final String AUTHORIZATION_HEADER = "Authorization";

	// the envelope {"status": <http status>, "message": "...", "data": {...}}
	static final String STATUS = "status";

	static final String MESSAGE = "message";

	static final String DATA = "data";

	// fields
	static final String PHONE_NUMBER = "phoneNumber";

	static final String OTP = "otp";

	/** The verification token as verify expects it. */
	static final String VERIFICATION_TOKEN = "verificationToken";

	/** The verification token's name in the WhatsApp login's answer. */
	static final String VERIFY_TOKEN = "verifyToken";

	static final String IS_WALLET_CREATED = "isWalletCreated";

	static final String ACCESS_TOKEN = "accessToken";

	static final String WALLET_TOKEN = "walletToken";

	static final String REFRESH_TOKEN = "refreshToken";

	/** v2: {@code [{"network": "evm", "address": "0x..."}]}. */
	static final String ADDRESSES = "addresses";

	/** v1: a single string; account/create in v2: a list like {@link #ADDRESSES}. */
	static final String ADDRESS = "address";

	static final String NETWORK = "network";

	static final String NETWORK_EVM = "evm";

	static final String SECRET0 = "secret0";

	static final String SECRET0_LINK = "secret0Link";

	/** Wallet token claim with the Xellar user id (read by Xellar's UI kit). */
	static final String CLAIM_UID = "uid";

	/** Wallet token claim (v2): whether the user granted the app permission. */
	static final String CLAIM_IS_PERMISSION_GRANTED = "isPermissionGranted";

	/** Wallet token claim (v2): the page where the user grants the app permission. */
	static final String CLAIM_ACCEPT_PERMISSION_PAGE = "acceptPermissionPage";

	/** The message to sign, and the answer's signature. */
	static final String MESSAGE_TO_SIGN = "message";

	static final String SIGNATURE = "signature";

	/** Documented (v2): a wallet operation before the user granted permission; the page's URL in data.message. */
	static final int STATUS_PERMISSION_REQUIRED = 407;

	/** Documented default lifetime of a wallet token (the refresh page says one day elsewhere). */
	static final Duration WALLET_TOKEN_LIFETIME = Duration.ofMinutes(1);

	/** HTTP status of a wrong OTP; inferred, Xellar does not document it. */
	static final int STATUS_WRONG_OTP = 400;

	/** HTTP status of an expired or unknown verification token; inferred. */
	static final int STATUS_EXPIRED_VERIFICATION = 401;

	/** Documented for the WhatsApp twin: one login request per minute per phone number. */
	static final Duration LOGIN_RATE_LIMIT = Duration.ofMinutes(1);

	/** Assumed OTP validity (Xellar's UI kit offers "resend" after 5 minutes). */
	static final Duration OTP_LIFETIME = Duration.ofMinutes(5);

	/** Documented refresh token lifetime (it also dies on first use). */
	static final Duration REFRESH_TOKEN_LIFETIME = Duration.ofDays(7);

	/** Documented lifetime of the {@link #SECRET0_LINK} download link. */
	static final Duration SECRET0_LINK_LIFETIME = Duration.ofMinutes(5);

	private XellarWire() {
	}

	/** Returns a versioned path: {@code template} is one of the {@code %s} paths, {@code version} v1 or v2. */
	static String path(String template, String version) {
		return String.format(template, version);
	}

}
