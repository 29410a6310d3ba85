package dev.tglogin.core;

/**
 * The upstream flow that logged a user in.
 */
public enum TelegramLoginFlow {

	/** Bondify deeplink login: the user confirmed in Telegram and Bondify signed a proof. */
	BONDIFY,

	/** Xellar Embedded Wallet login: the user typed a one-time code sent to Telegram. */
	XELLAR,

	/**
	 * Telegram Mini App login: the app sent the init data Telegram signed for it (with the bot token's key, or with
	 * Telegram's Ed25519 key for third parties).
	 */
	MINI_APP,

	/** Telegram's own OpenID Connect login ({@code oauth.telegram.org}): an ID token signed by Telegram. */
	OIDC

}
