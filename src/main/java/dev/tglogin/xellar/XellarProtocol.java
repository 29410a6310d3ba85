package dev.tglogin.xellar;

import java.time.Duration;

/**
 * The Xellar Embedded Wallet wire protocol in one place: paths, headers, JSON field names and how errors are told
 * apart.
 * <p>
 * Sources and confidence are in {@code shared/UPSTREAM-APIS.md}, section 2. Two parts are <b>inferred</b>, not
 * documented, and are the first things to check against the live API: the Telegram OTP login step
 * ({@link #LOGIN_TELEGRAM_PATH}, its body field and its answer's token field, which may be {@link #VERIFICATION_TOKEN}
 * or {@link #VERIFY_TOKEN}), and how a wrong OTP and an expired or unknown verification token are answered: the
 * statuses ({@link #STATUS_WRONG_OTP}, {@link #STATUS_EXPIRED_VERIFICATION}) are what the emulator plays, while the
 * client decides from the status and the words of the answer ({@code REFUSAL_*}, see {@code XellarRefusal}).
 */
public final class XellarProtocol {

	/** Default (production) base URL. The sandbox is {@code https://mpc-dev.xellar.co}. */
	public static final String DEFAULT_BASE_URL = "https://mpc-api.xellar.co";

	/** The legacy API version: no refresh token, {@link #ADDRESS} as a single string. */
	public static final String API_VERSION_V1 = "v1";

	/** The current API version (since 2024-06-24): refresh tokens, {@link #ADDRESSES} per network. */
	public static final String API_VERSION_V2 = "v2";

	/** Default API version. */
	public static final String DEFAULT_API_VERSION = API_VERSION_V2;

	/** Sends an OTP to the user's Telegram. <b>Inferred</b> from the documented WhatsApp twin. Format with the version. */
	public static final String LOGIN_TELEGRAM_PATH = "/api/%s/auth/login-telegram";

	/** {@link #LOGIN_TELEGRAM_PATH} as a configurable template, {@code {version}} standing for the API version. */
	public static final String SEND_OTP_PATH_TEMPLATE = "/api/{version}/auth/login-telegram";

	/** Verifies the OTP. Format with the version. */
	public static final String VERIFY_TELEGRAM_PATH = "/api/%s/auth/verify-telegram";

	/** Creates a wallet with the access token of a user who has none. Format with the version. */
	public static final String ACCOUNT_CREATE_PATH = "/api/%s/account/create";

	/** Rotates the wallet and refresh tokens (v2 only). */
	public static final String WALLET_REFRESH_PATH = "/api/v2/wallet/refresh";

	/** The server-side credential header. */
	public static final String CLIENT_SECRET_HEADER = "x-client-secret";

	/** {@code Authorization: Bearer <accessToken>} on {@link #ACCOUNT_CREATE_PATH}. */
	public static final String AUTHORIZATION_HEADER = "Authorization";

	// envelope {status, message, data}
	public static final String STATUS = "status";

	public static final String MESSAGE = "message";

	public static final String DATA = "data";

	/**
	 * A machine-readable error code some answers may carry beside {@link #MESSAGE} (at the top or inside
	 * {@link #DATA}); Xellar documents none, its SDK's error {@code code} is the HTTP status. Read when present.
	 */
	public static final String CODE = "code";

	/** An error text some answers may carry instead of {@link #MESSAGE}; read when present. */
	public static final String ERROR = "error";

	// request fields
	public static final String PHONE_NUMBER = "phoneNumber";

	public static final String OTP = "otp";

	/**
	 * {@code account/create}: whether Xellar keeps a share of the wallet (v2; Xellar's default {@code true}, and the
	 * app then holds {@link #SECRET0}); {@code false} leaves {@code secret0} to the user alone.
	 */
	public static final String IS_CUSTODIAN = "isCustodian";

	/** {@code account/create} (and logins): the JWT expiry date, ISO {@code yyyy-MM-dd}; optional. */
	public static final String EXPIRE_DATE = "expireDate";

	/** {@code account/create}: an object that also opens a Rampable account, with the three fields below. */
	public static final String RAMPABLE = "rampable";

	public static final String RAMPABLE_USERNAME = "username";

	public static final String RAMPABLE_FULL_NAME = "fullName";

	public static final String RAMPABLE_PASSWORD = "password";

	// response (and request) fields
	/** The verification token as verify expects it (and as email login returns it). */
	public static final String VERIFICATION_TOKEN = "verificationToken";

	/** The verification token's name in the WhatsApp login's answer; accepted as an alternative. */
	public static final String VERIFY_TOKEN = "verifyToken";

	public static final String IS_WALLET_CREATED = "isWalletCreated";

	public static final String ACCESS_TOKEN = "accessToken";

	public static final String WALLET_TOKEN = "walletToken";

	public static final String REFRESH_TOKEN = "refreshToken";

	/** v2: {@code [{"network": "evm", "address": "0x..."}]}. */
	public static final String ADDRESSES = "addresses";

	/** v1 (a string), or account/create in v2 (a list like {@link #ADDRESSES}). */
	public static final String ADDRESS = "address";

	public static final String NETWORK = "network";

	/** The {@link #NETWORK} of the EVM address. */
	public static final String NETWORK_EVM = "evm";

	public static final String SECRET0 = "secret0";

	public static final String SECRET0_LINK = "secret0Link";

	public static final String RAMPABLE_ACCESS_TOKEN = "rampableAccessToken";

	/** Claim of the (unverified) wallet/access token payload with the Xellar user id. */
	public static final String CLAIM_UID = "uid";

	/** Claim of the wallet token payload: whether the user granted the app permission (v2). */
	public static final String CLAIM_IS_PERMISSION_GRANTED = "isPermissionGranted";

	/** Claim of the wallet token payload: the page where the user grants the app permission (v2). */
	public static final String CLAIM_ACCEPT_PERMISSION_PAGE = "acceptPermissionPage";

	/**
	 * Status (HTTP or the envelope's) of a wallet call made before the user granted the app permission (v2); the
	 * accept-permission page's URL is in {@code data.message}.
	 */
	public static final int STATUS_PERMISSION_REQUIRED = 407;

	/** HTTP status of a wrong OTP. <b>Inferred</b>; the client does not decide by it alone. */
	public static final int STATUS_WRONG_OTP = 400;

	/**
	 * HTTP status of an expired or unknown verification token. <b>Inferred</b>; the client does not decide by it
	 * alone.
	 */
	public static final int STATUS_EXPIRED_VERIFICATION = 401;

	/**
	 * Words in an error's message or code that say the verification is gone (expired, used, replaced or unknown):
	 * the user needs a new code. <b>Inferred</b>: Xellar documents no texts. Matched case-insensitively, together
	 * with {@link #REFUSAL_NAMES_VERIFICATION}.
	 */
	public static final String REFUSAL_WORDS_GONE = "expired|expire|not found|notfound|not_found|no longer|"
			+ "already used|already verified|used|gone|invalid|unknown";

	/** Words that name the verification (its token or session) in an error text. <b>Inferred.</b> */
	public static final String REFUSAL_NAMES_VERIFICATION = "verification|verify token|verifytoken|verify_token|"
			+ "token|session";

	/** Words that name the code in an error text ({@code otp}, {@code code}, {@code pin}). <b>Inferred.</b> */
	public static final String REFUSAL_NAMES_CODE = "otp|code|pin";

	/** Words that say a code is wrong. <b>Inferred.</b> */
	public static final String REFUSAL_WORDS_WRONG = "wrong|invalid|incorrect|mismatch|not match|doesn't match|"
			+ "does not match|not valid";

	/**
	 * Words that say Xellar refused our credential ({@link #CLIENT_SECRET_HEADER} or an app id), not the user's
	 * code. <b>Inferred.</b>
	 */
	public static final String REFUSAL_WORDS_CREDENTIAL = "client secret|client-secret|clientsecret|x-client-secret|"
			+ "app id|app-id|appid|api key|apikey|origin";

	/** HTTP status that says the verification is gone whatever the text. */
	public static final int STATUS_GONE = 410;

	/** Documented for the WhatsApp twin: one login request per minute (per phone number). */
	public static final Duration LOGIN_RATE_LIMIT = Duration.ofMinutes(1);

	/** Assumed OTP validity (xellar-kit offers "resend" after 5 minutes). */
	public static final Duration OTP_LIFETIME = Duration.ofMinutes(5);

	/** Documented refresh token lifetime (it also dies on first use). */
	public static final Duration REFRESH_TOKEN_LIFETIME = Duration.ofDays(7);

	/** Documented lifetime of the {@link #SECRET0_LINK} download link. */
	public static final Duration SECRET0_LINK_LIFETIME = Duration.ofMinutes(5);

	private XellarProtocol() {
	}

	/**
	 * Returns a versioned path.
	 * @param template one of the {@code %s} paths above
	 * @param version {@code v1} or {@code v2}
	 * @return the path
	 */
	public static String path(String template, String version) {
		return String.format(template, version);
	}

}
