package dev.tglogin.xellar;

import java.io.Serial;
import java.util.Collections;

import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.util.Assert;

/**
 * An authentication request: the OTP the user typed, with the verification token and phone number this browser's
 * pending Xellar login holds. Never authenticated; {@link #toString()} shows neither the OTP nor the token.
 */
public final class XellarOtpAuthenticationToken extends AbstractAuthenticationToken {

	@Serial
	private static final long serialVersionUID = 1L;

	private final String phoneNumber;

	private @Nullable String verificationToken;

	private @Nullable String otp;

	private XellarOtpAuthenticationToken(String phoneNumber, String verificationToken, String otp) {
		super(Collections.emptyList());
		Assert.hasText(phoneNumber, "phoneNumber cannot be empty");
		Assert.hasText(verificationToken, "verificationToken cannot be empty");
		Assert.hasText(otp, "otp cannot be empty");
		this.phoneNumber = phoneNumber;
		this.verificationToken = verificationToken;
		this.otp = otp;
		setAuthenticated(false);
	}

	/**
	 * Creates a request.
	 * @param phoneNumber the phone number the OTP was sent for
	 * @param verificationToken the verification token of the pending login
	 * @param otp the code the user typed
	 * @return the request token
	 */
	public static XellarOtpAuthenticationToken unauthenticated(String phoneNumber, String verificationToken,
			String otp) {
		return new XellarOtpAuthenticationToken(phoneNumber, verificationToken, otp);
	}

	/** Returns the phone number. */
	@Override
	public Object getPrincipal() {
		return this.phoneNumber;
	}

	/** Returns the OTP. */
	@Override
	public @Nullable Object getCredentials() {
		return this.otp;
	}

	/** Returns the verification token. */
	public @Nullable String getVerificationToken() {
		return this.verificationToken;
	}

	@Override
	public void setAuthenticated(boolean authenticated) {
		Assert.isTrue(!authenticated, "An OTP request cannot be authenticated");
		super.setAuthenticated(false);
	}

	@Override
	public void eraseCredentials() {
		super.eraseCredentials();
		this.otp = null;
		this.verificationToken = null;
	}

	@Override
	public String toString() {
		return "XellarOtpAuthenticationToken[phoneNumber=[MASKED], otp=[PROTECTED], verificationToken=[PROTECTED]]";
	}

}
