package dev.tglogin.xellar;

import dev.tglogin.core.UpstreamException;

/**
 * Calls Xellar's Embedded Wallet API with the app's client secret. Implementations must be thread-safe; the default
 * is {@link HttpXellarClient}.
 */
public interface XellarClient {

	/**
	 * Has Xellar send an OTP to the Telegram account of the phone number.
	 * @param phoneNumber an E.164 phone number
	 * @return the verification token
	 * @throws UpstreamException on upstream trouble (429 as {@code UpstreamRateLimitedException})
	 */
	XellarOtpChallenge sendOtp(String phoneNumber);

	/**
	 * Verifies an OTP.
	 * @param verificationToken the token from {@link #sendOtp(String)}
	 * @param otp the code the user typed
	 * @return the user's wallet credentials, or the access token of a user without a wallet
	 * @throws WrongOtpException when Xellar refuses the code (any refusal that does not say the verification is gone)
	 * @throws ExpiredVerificationException when the verification token is no longer accepted
	 * @throws UpstreamException on upstream trouble; only {@code UpstreamRateLimitedException},
	 * {@code UpstreamUnavailableException}, {@code UpstreamServerErrorException} and {@code UpstreamTimeoutException}
	 * mean that Xellar did not judge the code (the attempt is given back); any other, such as an answer without usable
	 * tokens, counts as an attempt
	 */
	XellarWalletCredentials verifyOtp(String verificationToken, String otp);

	/**
	 * Creates a wallet for a user who has none, with Xellar's defaults (a custodial wallet).
	 * @param accessToken the access token from {@link #verifyOtp(String, String)}
	 * @return the new wallet and its recovery secret
	 * @throws UpstreamException on upstream trouble
	 */
	XellarWalletCreation createWallet(String accessToken);

	/**
	 * Creates a wallet for a user who has none, with Xellar's options. The default implementation supports only
	 * {@link XellarWalletOptions#defaults()}.
	 * @param accessToken the access token from {@link #verifyOtp(String, String)}
	 * @param options {@code isCustodian}, {@code expireDate}, {@code rampable}
	 * @return the new wallet and its recovery secret
	 * @throws UpstreamException on upstream trouble
	 */
	default XellarWalletCreation createWallet(String accessToken, XellarWalletOptions options) {
		if (!options.isDefault()) {
			throw new UnsupportedOperationException(getClass().getSimpleName() + " does not support wallet options");
		}
		return createWallet(accessToken);
	}

	/**
	 * Rotates a wallet's tokens (API v2). The refresh token is single-use: never call this twice with one token.
	 * @param credentials the current wallet credentials (with a refresh token)
	 * @return the credentials with the new pair
	 * @throws UpstreamException on upstream trouble, including a refused refresh token;
	 * {@link XellarPermissionRequiredException} when Xellar answers 407 (the user has not granted permission)
	 */
	XellarWalletCredentials refresh(XellarWalletCredentials credentials);

}
