package dev.tglogin.emulator;

import java.time.Duration;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A request the emulator refuses, with the HTTP status and the machine-readable code it answers with.
 * <p>
 * {@link EmulatorServlet} turns it into the error body of the emulated upstream, with {@link #status()}: on a Bondify
 * endpoint {@code {"error": message, "code": code}}, on a Xellar endpoint the envelope
 * {@code {"status": status, "message": message, "data": null}} (Xellar has no error codes, so {@link #code()} is only
 * for tests). A {@link #retryAfter()} becomes a {@code Retry-After} header. Messages never contain tokens.
 */
public final class EmulatorException extends RuntimeException {

	/**
	 * Emulator-only code: a confirm or cancel of a session that is no longer pending (confirmed, used, cancelled or
	 * expired). Bondify has no such endpoint; the emulated Telegram page uses it.
	 */
	public static final String CODE_SESSION_NOT_PENDING = "SESSION_NOT_PENDING";

	private static final long serialVersionUID = 1L;

	private final int status;

	private final String code;

	private final @Nullable Duration retryAfter;

	/**
	 * @param status the HTTP status to answer with (400-599)
	 * @param code the machine-readable error code
	 * @param message the human-readable message, without secrets or tokens
	 */
	public EmulatorException(int status, String code, String message) {
		this(status, code, message, null);
	}

	/**
	 * @param status the HTTP status to answer with (400-599)
	 * @param code the machine-readable error code
	 * @param message the human-readable message, without secrets or tokens
	 * @param retryAfter when the client may try again, sent as {@code Retry-After} in whole seconds rounded up, or
	 * {@code null} for none
	 */
	public EmulatorException(int status, String code, String message, @Nullable Duration retryAfter) {
		super(message);
		Assert.isTrue(status >= 400 && status <= 599, "status must be an HTTP error status");
		Assert.hasText(code, "code cannot be empty");
		Assert.hasText(message, "message cannot be empty");
		Assert.isTrue(retryAfter == null || !retryAfter.isNegative(), "retryAfter cannot be negative");
		this.status = status;
		this.code = code;
		this.retryAfter = retryAfter;
	}

	/** @return the HTTP status to answer with */
	public int status() {
		return this.status;
	}

	/** @return the machine-readable error code */
	public String code() {
		return this.code;
	}

	/** @return when the client may try again, or empty when the answer has no {@code Retry-After} */
	public Optional<Duration> retryAfter() {
		return Optional.ofNullable(this.retryAfter);
	}

}
