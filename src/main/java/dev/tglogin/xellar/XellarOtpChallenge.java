package dev.tglogin.xellar;

import org.springframework.util.Assert;

/**
 * Xellar's answer to an OTP request: the verification token that the OTP must be verified with.
 *
 * @param verificationToken the verification token (a bearer secret for this login)
 * @param walletCreated whether Xellar says the user already has a wallet (a hint; verify's answer decides)
 */
public record XellarOtpChallenge(String verificationToken, boolean walletCreated) {

	public XellarOtpChallenge {
		Assert.hasText(verificationToken, "verificationToken cannot be empty");
	}

	@Override
	public String toString() {
		return "XellarOtpChallenge[verificationToken=[PROTECTED], walletCreated=" + this.walletCreated + "]";
	}

}
