package dev.tglogin.xellar;

import org.jspecify.annotations.Nullable;

/**
 * The result of creating a wallet: the new wallet credentials and the wallet's recovery share {@code secret0}, never
 * to be logged. Who keeps {@code secret0} depends on {@code isCustodian} ({@link XellarWalletOptions}): by Xellar's
 * default ({@code true}, a custodial wallet) the app holds it; with {@code false} the user alone must hold it, so the
 * app hands it (or the link) to the user and keeps no copy.
 *
 * @param credentials the wallet credentials now stored with the user's login
 * @param secret0 the recovery share (the app's to keep for a custodial wallet, the user's alone otherwise), or
 * {@code null}
 * @param secret0Link a download link for it (expires after about 5 minutes), or {@code null}
 */
public record XellarWalletCreation(XellarWalletCredentials credentials, @Nullable String secret0,
		@Nullable String secret0Link) {

	@Override
	public String toString() {
		return "XellarWalletCreation[credentials=" + this.credentials + ", secret0=[PROTECTED], secret0Link=[PROTECTED]]";
	}

}
