package dev.tglogin.emulator;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * What {@link XellarEmulator} answers a successful call: one record per call, which the emulator's one writer
 * ({@link XellarEnvelopes}) turns into Xellar's {@code {"status", "message", "data"}} envelope in the call's API
 * version. The records hold values only; the wire names are the writer's.
 */
public sealed interface XellarAnswer {

	/**
	 * The answer of login-telegram: an OTP was sent.
	 * @param tokenField the name the verification token is answered under ({@code verificationToken} by default)
	 * @param verificationToken the token verify-telegram takes with the OTP
	 * @param walletCreated whether the user already has a wallet
	 */
	record OtpSent(String tokenField, String verificationToken, boolean walletCreated) implements XellarAnswer {

		public OtpSent {
			Assert.hasText(tokenField, "tokenField cannot be empty");
			Assert.hasText(verificationToken, "verificationToken cannot be empty");
		}

	}

	/**
	 * A wallet token, and in API v2 the refresh token that rotates it.
	 * @param walletToken the single-use wallet token
	 * @param refreshToken the refresh token (v2), or {@code null} (v1)
	 */
	record WalletTokens(String walletToken, @Nullable String refreshToken) {

		public WalletTokens {
			Assert.hasText(walletToken, "walletToken cannot be empty");
		}

		@Override
		public String toString() {
			return "WalletTokens[walletToken=[PROTECTED], refreshToken="
					+ ((this.refreshToken != null) ? "[PROTECTED]" : "none") + "]";
		}

	}

	/**
	 * The answer of verify-telegram for a user with a wallet.
	 * @param version the API version ({@code v1}: the address as one string, no refresh token)
	 * @param tokens the wallet's tokens
	 * @param address the wallet's EVM address
	 */
	record WalletVerified(String version, WalletTokens tokens, String address) implements XellarAnswer {
	}

	/**
	 * The answer of verify-telegram for a user without a wallet: an access token for account/create.
	 * @param accessToken the access token
	 */
	record AccessGranted(String accessToken) implements XellarAnswer {

		@Override
		public String toString() {
			return "AccessGranted[accessToken=[PROTECTED]]";
		}

	}

	/**
	 * The answer of account/create.
	 * @param version the API version ({@code v1}: the address as one string, no refresh token)
	 * @param tokens the new wallet's tokens
	 * @param address the new wallet's EVM address
	 * @param secret0 the wallet's recovery secret
	 * @param secret0Link the short-lived download link of {@code secret0}
	 */
	record WalletCreated(String version, WalletTokens tokens, String address, String secret0,
			String secret0Link) implements XellarAnswer {

		@Override
		public String toString() {
			return "WalletCreated[" + this.version + ", " + this.tokens + ", " + this.address + ", secret0=[PROTECTED]]";
		}

	}

	/**
	 * The answer of wallet/refresh (v2): the rotated tokens.
	 * @param tokens the new tokens
	 */
	record Refreshed(WalletTokens tokens) implements XellarAnswer {
	}

	/**
	 * The answer of a wallet operation (sign-message).
	 * @param signature the signature, {@code 0x}-prefixed hex
	 */
	record Signed(String signature) implements XellarAnswer {
	}

}
