package dev.tglogin.bondify;

import java.time.Duration;

/**
 * The Bondify wire protocol in one place: paths, JSON field names, status values and claim names.
 * <p>
 * Every upstream name the library (and its emulator) uses comes from here, so a change on Bondify's side is a
 * one-line fix. Sources and confidence for each name are in {@code shared/UPSTREAM-APIS.md}, section 1.
 */
public final class BondifyProtocol {

	/** Default API base URL. */
	public static final String DEFAULT_BASE_URL = "https://api.bondify.dev";

	/** Creates a login session; no authorization header. */
	public static final String GENERATE_PATH = "/api/v1/generate/public";

	/** Reads a login session's status; no authorization header. */
	public static final String VERIFY_PATH = "/api/v1/verify/public";

	// request and response fields (snake_case, as documented)
	public static final String PROJECT_ID = "project_id";

	public static final String SESSION_TOKEN = "session_token";

	public static final String DEEPLINK = "deeplink";

	/** Unix milliseconds; optional in responses. */
	public static final String EXPIRES_AT = "expires_at";

	public static final String STATUS = "status";

	public static final String PROOF = "proof";

	public static final String TELEGRAM_ID = "telegram_id";

	public static final String TELEGRAM_NAME = "telegram_name";

	public static final String TELEGRAM_USERNAME = "telegram_username";

	public static final String TELEGRAM_PHONE = "telegram_phone";

	/** Unix milliseconds. */
	public static final String CONFIRMED_AT = "confirmed_at";

	/** Unix milliseconds. */
	public static final String CANCELLED_AT = "cancelled_at";

	/** Error responses: {@code {"error": "<message>", "code": "<CODE>"}}. */
	public static final String ERROR = "error";

	public static final String CODE = "code";

	// status values
	public static final String STATUS_PENDING = "pending";

	public static final String STATUS_CONFIRMED = "confirmed";

	public static final String STATUS_CANCELLED = "cancelled";

	public static final String STATUS_EXPIRED = "expired";

	public static final String STATUS_USED = "used";

	// error codes
	public static final String CODE_RATE_LIMITED = "RATE_LIMITED";

	public static final String CODE_PROJECT_NOT_FOUND = "PROJECT_NOT_FOUND";

	/** [I] The emulator's code for an unknown session token; Bondify's SDKs do not name one. */
	public static final String CODE_SESSION_NOT_FOUND = "SESSION_NOT_FOUND";

	/** A session past its life; the HTTP status that carries it is undocumented, so it is mapped by code. */
	public static final String CODE_SESSION_EXPIRED = "SESSION_EXPIRED";

	/** A session the user cancelled; mapped by code whatever the HTTP status. */
	public static final String CODE_SESSION_CANCELLED = "SESSION_CANCELLED";

	/** The project's public endpoints are switched off (403): switch public access on in Bondify's dashboard. */
	public static final String CODE_PUBLIC_ACCESS_DISABLED = "PUBLIC_ACCESS_DISABLED";

	/** The project is inactive (403). */
	public static final String CODE_PROJECT_INACTIVE = "PROJECT_INACTIVE";

	/**
	 * Bad request parameters (HTTP 400). [I] Bondify documents the 400 status but not its code; the emulator uses this
	 * one, so clients must not depend on it.
	 */
	public static final String CODE_INVALID_REQUEST = "INVALID_REQUEST";

	// webhooks
	public static final String WEBHOOK_SIGNATURE_HEADER = "X-Bondify-Signature";

	public static final String WEBHOOK_EVENT = "event";

	public static final String EVENT_CONFIRMED = "auth.confirmed";

	public static final String EVENT_CANCELLED = "auth.cancelled";

	/** Fixed server-side session lifetime ("cannot be overridden"). */
	public static final Duration SESSION_LIFETIME = Duration.ofMinutes(10);

	/** Proof lifetime: {@code exp = iat + 5 minutes}. */
	public static final Duration PROOF_LIFETIME = Duration.ofMinutes(5);

	/** Documented polling interval. */
	public static final Duration POLL_INTERVAL = Duration.ofSeconds(2);

	private BondifyProtocol() {
	}

}
