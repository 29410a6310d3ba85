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

	/** The emulator's own code for an unknown session token: Bondify does not document that answer. */
	static final String SESSION_NOT_FOUND = "SESSION_NOT_FOUND";

	/** The emulator's own code for a bad request body: Bondify documents the 400 status, not its code. */
	static final String INVALID_REQUEST = "INVALID_REQUEST";

	/** Server-side session lifetime, fixed ("cannot be overridden"). */
	static final Duration SESSION_LIFETIME = Duration.ofMinutes(10);

	/** Proof lifetime: {@code exp = iat + 5 minutes}. */
	static final Duration PROOF_LIFETIME = Duration.ofMinutes(5);

	private BondifyWire() {
	}

}
