package dev.tglogin.emulator;

import java.time.Duration;

/**
 * Bondify's public API as the emulator speaks it: paths, field names, status values and error codes, written from
 * Bondify's documentation and SDKs (see {@code UPSTREAM-APIS.md}, section 1), independently of the library's own
 * protocol class. The library's integration tests run the client against this emulator, so a wrong name on either
 * side fails a test instead of agreeing with itself.
 */
final class BondifyWire {

	/** {@code POST}: creates a login session; no authorization header. */
	static final String GENERATE_PATH = "/api/v1/generate/public";

	/** {@code POST}: reads a login session's status; no authorization header. */
	static final String VERIFY_PATH = "/api/v1/verify/public";

	// request and response fields, snake_case as documented
	static final String PROJECT_ID = "project_id";

	static final String SESSION_TOKEN = "session_token";

	static final String DEEPLINK = "deeplink";

	/** Unix milliseconds. */
	static final String EXPIRES_AT = "expires_at";

	static final String STATUS = "status";

	/** The HS256 proof JWT of a confirmed session. */
	static final String PROOF = "proof";

	/** A string of digits. */
	static final String TELEGRAM_ID = "telegram_id";

	static final String TELEGRAM_NAME = "telegram_name";

	/** Without {@code @}, or {@code null}. */
	static final String TELEGRAM_USERNAME = "telegram_username";

	/** Pro and Business plans with phone collection on; else {@code null}. */
	static final String TELEGRAM_PHONE = "telegram_phone";

	/** Unix milliseconds. */
	static final String CONFIRMED_AT = "confirmed_at";

	/** Unix milliseconds. */
	static final String CANCELLED_AT = "cancelled_at";

	/** Error bodies: {@code {"error": "<message>", "code": "<CODE>"}}. */
	static final String ERROR = "error";

	static final String CODE = "code";

	// status values
	static final String PENDING = "pending";

	static final String CONFIRMED = "confirmed";

	static final String CANCELLED = "cancelled";

	static final String EXPIRED = "expired";

	static final String USED = "used";

	// error codes seen in Bondify's SDKs
	static final String RATE_LIMITED = "RATE_LIMITED";

	static final String PROJECT_NOT_FOUND = "PROJECT_NOT_FOUND";

	/**
	 * Bondify's code (from its SDKs) for a session past its life; the emulator also answers it, with 404, for a
	 * session token it does not know (any more): Bondify documents neither the status nor an unknown-session code.
	 */
	static final String SESSION_EXPIRED = "SESSION_EXPIRED";

	/** Bondify's code (403) when the project's public endpoints are switched off. */
	static final String PUBLIC_ACCESS_DISABLED = "PUBLIC_ACCESS_DISABLED";

	/** Bondify's code (403) for a project that is not active. */
	static final String PROJECT_INACTIVE = "PROJECT_INACTIVE";

	/** A webhook's event name field. */
	static final String EVENT = "event";

	static final String EVENT_CONFIRMED = "auth.confirmed";

	static final String EVENT_CANCELLED = "auth.cancelled";

	/** The webhook signature header: lowercase hex HMAC-SHA256 of the raw body with the project secret. */
	static final String SIGNATURE_HEADER = "X-Bondify-Signature";

	/** Documented: the app must answer a webhook 2xx within 10 seconds. */
	static final Duration WEBHOOK_TIMEOUT = Duration.ofSeconds(10);

	/** Documented: up to 3 retries with exponential backoff (the intervals are not documented). */
	static final int WEBHOOK_RETRIES = 3;

	/** The emulator's own code for a bad request body: Bondify documents the 400 status, not its code. */
	static final String INVALID_REQUEST = "INVALID_REQUEST";

	/** Server-side session lifetime, fixed ("cannot be overridden"). */
	static final Duration SESSION_LIFETIME = Duration.ofMinutes(10);

	/** Proof lifetime: {@code exp = iat + 5 minutes}. */
	static final Duration PROOF_LIFETIME = Duration.ofMinutes(5);

	private BondifyWire() {
	}

}
