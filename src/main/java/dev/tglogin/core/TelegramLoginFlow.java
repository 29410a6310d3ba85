package dev.tglogin.core;

/**
 * The upstream flow that logged a user in.
 */
public enum TelegramLoginFlow {

	/** Bondify deeplink login: the user confirmed in Telegram and Bondify signed a proof. */
	BONDIFY,

	/** Xellar Embedded Wallet login: the user typed a one-time code sent to Telegram. */
	XELLAR,

	/** Telegram's own OpenID Connect login ({@code oauth.telegram.org}): an ID token signed by Telegram. */
	OIDC

}
