package dev.tglogin.web;

import java.io.Serial;
import java.time.Instant;

import org.springframework.util.Assert;

/**
 * A Xellar OTP login started by this browser: the verification token Xellar returned (never shown to the browser),
 * the phone number the OTP went to, and when the OTP lapses. Wrong attempts are counted in the shared store, keyed by
 * the verification token's hash, so parallel requests cannot exceed the limit.
 * <p>
 * Immutable and serializable; {@link #toString()} shows neither the token nor the number.
 */
public final class PendingXellarLogin implements PendingLogin {

	@Serial
	private static final long serialVersionUID = 1L;

	private final String verificationToken;

	private final String phoneNumber;

	private final Instant expiresAt;

	public PendingXellarLogin(String verificationToken, String phoneNumber, Instant expiresAt) {
		Assert.hasText(verificationToken, "verificationToken cannot be empty");
		Assert.hasText(phoneNumber, "phoneNumber cannot be empty");
		Assert.notNull(expiresAt, "expiresAt cannot be null");
		this.verificationToken = verificationToken;
		this.phoneNumber = phoneNumber;
		this.expiresAt = expiresAt;
	}

	/** Returns the verification token. */
	public String getVerificationToken() {
		return this.verificationToken;
	}

	/** Returns the phone number (E.164). */
	public String getPhoneNumber() {
		return this.phoneNumber;
	}

	@Override
	public Instant getExpiresAt() {
		return this.expiresAt;
	}

	@Override
	public String toString() {
		return "PendingXellarLogin[verificationToken=[PROTECTED], phoneNumber=[MASKED], expiresAt=" + this.expiresAt
				+ "]";
	}

}
