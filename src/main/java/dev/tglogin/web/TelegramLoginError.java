package dev.tglogin.web;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.context.MessageSourceResolvable;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;

import dev.tglogin.bondify.InvalidProofException;
import dev.tglogin.core.UpstreamException;
import dev.tglogin.core.UpstreamRateLimitedException;
import dev.tglogin.core.UpstreamTimeoutException;
import dev.tglogin.core.UpstreamUnavailableException;

/**
 * An error answer of the HTTP contract: status, machine-readable code and a human message without secrets. Every
 * exception is mapped to one here ({@link #from(Exception)}), once, for all endpoints.
 * <p>
 * The code is stable API; the message is translated: as a {@link MessageSourceResolvable} the error names its
 * message key ({@code tglogin.error.<code>}, or a more specific one for {@code invalid_request}) and arguments, with
 * {@link #message()} as the English default, and {@link TelegramLoginMessages#localize} puts the text of the
 * request's language in its place.
 *
 * @param status the HTTP status
 * @param code the {@code error} code
 * @param message the {@code message} text
 * @param retryAfterSeconds the {@code Retry-After} header value, or {@code null}
 * @param messageCode the key of the message in the message bundles
 * @param messageArguments the values of the message's placeholders
 */
public record TelegramLoginError(int status, String code, String message, @Nullable Long retryAfterSeconds,
		String messageCode, List<Object> messageArguments) implements MessageSourceResolvable {

	/** The prefix of the message keys of the errors. */
	public static final String MESSAGE_PREFIX = "tglogin.error.";

	public static final String INVALID_REQUEST = "invalid_request";

	public static final String PAYLOAD_TOO_LARGE = "payload_too_large";

	public static final String NO_PENDING_LOGIN = "no_pending_login";

	public static final String INVALID_PROOF = "invalid_proof";

	public static final String INVALID_INIT_DATA = "invalid_init_data";

	public static final String LOGIN_REFUSED = "login_refused";

	public static final String INVALID_OTP = "invalid_otp";

	public static final String OTP_EXPIRED = "otp_expired";

	public static final String TOO_MANY_ATTEMPTS = "too_many_attempts";

	public static final String INVALID_SIGNATURE = "invalid_signature";

	public static final String RATE_LIMITED = "rate_limited";

	public static final String UPSTREAM_ERROR = "upstream_error";

	public static final String UPSTREAM_UNAVAILABLE = "upstream_unavailable";

	public static final String UPSTREAM_TIMEOUT = "upstream_timeout";

	public static final String LOGIN_UNAVAILABLE = "login_unavailable";

	public static final String INTERNAL_ERROR = "internal_error";

	/** A Telegram login whose identity is linked to no local account (and the app refuses such logins). */
	public static final String ACCOUNT_NOT_LINKED = "account_not_linked";

	/** Connecting a Telegram identity that is already linked to another local account. */
	public static final String ACCOUNT_ALREADY_LINKED = "account_already_linked";

	/** Disconnecting a Telegram identity that is not linked to the current user. */
	public static final String LINK_NOT_FOUND = "link_not_found";

	/** An account-linking call without a signed-in local user. */
	public static final String AUTHENTICATION_REQUIRED = "authentication_required";

	/** An account-linking call by a user signed in with Telegram only, who has no local account to link to. */
	public static final String LOCAL_ACCOUNT_REQUIRED = "local_account_required";

	public TelegramLoginError {
		messageArguments = List.copyOf(messageArguments);
	}

	/**
	 * Creates an error whose message key is {@code tglogin.error.<code>}.
	 * @param status the HTTP status
	 * @param code the {@code error} code
	 * @param message the English message
	 * @param retryAfterSeconds the {@code Retry-After} header value, or {@code null}
	 */
	public TelegramLoginError(int status, String code, String message, @Nullable Long retryAfterSeconds) {
		this(status, code, message, retryAfterSeconds, MESSAGE_PREFIX + code, List.of());
	}

	/**
	 * Creates an error whose message key is {@code tglogin.error.<code>}.
	 * @param status the HTTP status
	 * @param code the {@code error} code
	 * @param message the English message
	 */
	public TelegramLoginError(int status, String code, String message) {
		this(status, code, message, null);
	}

	/** 400 {@code invalid_request}, with the general message key {@code tglogin.error.invalid_request}. */
	public static TelegramLoginError invalidRequest(String message) {
		return new TelegramLoginError(400, INVALID_REQUEST, message);
	}

	/**
	 * 400 {@code invalid_request} with a message of its own.
	 * @param detail the key after {@code tglogin.error.invalid_request.}, e.g. {@code field_too_long}
	 * @param message the English message, with the arguments in place
	 * @param arguments the values of the message's placeholders
	 * @return the error
	 */
	public static TelegramLoginError invalidRequest(String detail, String message, Object... arguments) {
		return new TelegramLoginError(400, INVALID_REQUEST, message, null,
				MESSAGE_PREFIX + INVALID_REQUEST + "." + detail, List.of(arguments));
	}

	/**
	 * 413 {@code payload_too_large}.
	 * @param maxBytes the largest body accepted
	 * @return the error
	 */
	public static TelegramLoginError payloadTooLarge(int maxBytes) {
		return new TelegramLoginError(413, PAYLOAD_TOO_LARGE, "The request body is larger than " + maxBytes + " bytes",
				null, MESSAGE_PREFIX + PAYLOAD_TOO_LARGE, List.of(maxBytes));
	}

	/** 409 {@code no_pending_login}. */
	public static TelegramLoginError noPendingLogin() {
		return new TelegramLoginError(409, NO_PENDING_LOGIN, "No login is pending in this session; start one first");
	}

	/**
	 * 429 {@code rate_limited} with {@code Retry-After}: a throttle limit or the upstream's.
	 * @param retryAfterSeconds the seconds until a retry can succeed (at least 1 is sent)
	 * @return the error
	 */
	public static TelegramLoginError rateLimited(long retryAfterSeconds) {
		return new TelegramLoginError(429, RATE_LIMITED, "Too many login attempts; try again later",
				Math.max(1, retryAfterSeconds));
	}

	/**
	 * Maps an exception to its error answer.
	 * @param ex the exception
	 * @return the error
	 */
	public static TelegramLoginError from(Exception ex) {
		if (ex instanceof InvalidRequestException invalid) {
			return invalid.getError();
		}
		if (ex instanceof NoPendingLoginException) {
			return noPendingLogin();
		}
		if (ex instanceof LoginRateLimitedException limited) {
			return rateLimited(limited.getRetryAfterSeconds());
		}
		if (ex instanceof dev.tglogin.xellar.WrongOtpException) {
			return new TelegramLoginError(401, INVALID_OTP, "The code is wrong");
		}
		if (ex instanceof dev.tglogin.xellar.TooManyOtpAttemptsException) {
			return new TelegramLoginError(429, TOO_MANY_ATTEMPTS, "Too many wrong codes; request a new code");
		}
		if (ex instanceof dev.tglogin.xellar.ExpiredVerificationException) {
			return new TelegramLoginError(401, OTP_EXPIRED, "The code has expired; request a new one");
		}
		if (ex instanceof dev.tglogin.link.TelegramAccountNotLinkedException) {
			return new TelegramLoginError(401, ACCOUNT_NOT_LINKED,
					"This Telegram account is not connected to an account here; sign in and connect it first");
		}
		if (ex instanceof InvalidProofException) {
			return new TelegramLoginError(401, INVALID_PROOF, "The Telegram login proof was not accepted");
		}
		if (ex instanceof dev.tglogin.miniapp.InvalidInitDataException) {
			return new TelegramLoginError(401, INVALID_INIT_DATA, "The Mini App init data was not accepted");
		}
		if (ex instanceof UpstreamRateLimitedException limited) {
			Duration retryAfter = limited.getRetryAfter();
			return rateLimited((retryAfter != null) ? retryAfter.toSeconds() : 60L);
		}
		if (ex instanceof UpstreamTimeoutException) {
			return new TelegramLoginError(504, UPSTREAM_TIMEOUT, "The Telegram login service did not answer in time");
		}
		if (ex instanceof UpstreamUnavailableException) {
			return new TelegramLoginError(503, UPSTREAM_UNAVAILABLE, "The Telegram login service is unavailable");
		}
		if (ex instanceof UpstreamException) {
			return new TelegramLoginError(502, UPSTREAM_ERROR, "The Telegram login service answered badly");
		}
		if (ex instanceof AuthenticationServiceException) {
			return new TelegramLoginError(503, LOGIN_UNAVAILABLE, "The login cannot be completed now; try again");
		}
		if (ex instanceof AuthenticationException) {
			return new TelegramLoginError(401, LOGIN_REFUSED, "The login was refused");
		}
		return new TelegramLoginError(500, INTERNAL_ERROR, "The login could not be completed");
	}

	/**
	 * The reason code a failed login is logged with: a refused proof's own reason ({@code bad_signature},
	 * {@code expired}, ...), else the error code.
	 * @param ex the failure
	 * @return the reason
	 */
	public static String reason(AuthenticationException ex) {
		if (ex instanceof dev.tglogin.miniapp.InvalidInitDataException invalid) {
			return invalid.getReason();
		}
		return (ex instanceof InvalidProofException invalid) ? invalid.getReason() : from(ex).code();
	}

	/**
	 * Returns this error with another message (the translated one).
	 * @param message the message
	 * @return the error
	 */
	public TelegramLoginError withMessage(String message) {
		return new TelegramLoginError(this.status, this.code, message, this.retryAfterSeconds, this.messageCode,
				this.messageArguments);
	}

	@Override
	public String[] getCodes() {
		return new String[] { this.messageCode };
	}

	@Override
	public Object[] getArguments() {
		return this.messageArguments.toArray();
	}

	@Override
	public String getDefaultMessage() {
		return this.message;
	}

	/** Returns the JSON body. */
	public Map<String, Object> toJson() {
		return JsonResponses.object("error", this.code, "message", this.message);
	}

}
