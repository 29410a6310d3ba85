package dev.tglogin.xellar;

import org.jspecify.annotations.Nullable;

/**
 * The result of creating a wallet: the new wallet credentials and the user's recovery secret, which the app must
 * hand to the user (or store as the user chose) and never log.
 *
 * @param credentials the wallet credentials now stored with the user's login
 * @param secret0 the recovery share the user alone should hold (non-custodial wallets), or {@code null}
 * @param secret0Link a download link for it (expires after about 5 minutes), or {@code null}
 */
public record XellarWalletCreation(XellarWalletCredentials credentials, @Nullable String secret0,
		@Nullable String secret0Link) {

	@Override
	public String toString() {
		return "XellarWalletCreation[credentials=" + this.credentials + ", secret0=[PROTECTED], secret0Link=[PROTECTED]]";
	}

}
