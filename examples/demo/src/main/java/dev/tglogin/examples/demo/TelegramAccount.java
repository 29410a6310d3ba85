package dev.tglogin.examples.demo;

import java.util.List;

import org.springframework.security.core.Authentication;

import dev.tglogin.core.TelegramAuthenticationToken;
import dev.tglogin.core.TelegramLoginFlow;
import dev.tglogin.core.TelegramUser;
import dev.tglogin.oidc.TelegramOidcUser;
import dev.tglogin.xellar.WalletAddress;
import dev.tglogin.xellar.XellarWalletCredentials;

/**
 * What the pages show about the logged-in user, read from the {@link TelegramAuthenticationToken} of a Telegram
 * login (or, after Telegram's OpenID Connect login, from the {@link TelegramOidcUser} principal of Spring's
 * {@code OAuth2AuthenticationToken}): the verified {@link TelegramUser} and, after a Xellar login, the wallet state kept
 * as its credentials. Holds no token.
 */
public final class TelegramAccount {

	private final String name;

	private final TelegramUser user;

	private final boolean walletCreated;

	private final List<WalletAddress> addresses;

	private TelegramAccount(String name, TelegramUser user, XellarWalletCredentials wallet) {
		this.name = name;
		this.user = user;
		this.walletCreated = wallet != null && wallet.isWalletCreated();
		this.addresses = (wallet != null) ? wallet.getAddresses() : List.of();
	}

	/**
	 * Reads the account of a Telegram login.
	 * @param authentication the current authentication
	 * @return the account
	 * @throws IllegalStateException when the user did not log in with Telegram
	 */
	public static TelegramAccount of(Authentication authentication) {
		if (isTelegramOidcLogin(authentication)) {
			TelegramOidcUser oidc = (TelegramOidcUser) authentication.getPrincipal();
			return new TelegramAccount(authentication.getName(), oidc.getTelegramUser(), null);
		}
		if (!(authentication instanceof TelegramAuthenticationToken telegram)) {
			throw new IllegalStateException("Not a Telegram login: " + authentication);
		}
		XellarWalletCredentials wallet = (telegram.getCredentials() instanceof XellarWalletCredentials credentials)
				? credentials : null;
		return new TelegramAccount(telegram.getName(), telegram.getTelegramUser(), wallet);
	}

	/**
	 * Whether the user logged in with Telegram: Bondify, Xellar or Telegram's OpenID Connect login.
	 * @param authentication the current authentication, or {@code null}
	 * @return whether {@link #of(Authentication)} can read it
	 */
	public static boolean isTelegramLogin(Authentication authentication) {
		return authentication instanceof TelegramAuthenticationToken || isTelegramOidcLogin(authentication);
	}

	private static boolean isTelegramOidcLogin(Authentication authentication) {
		return authentication != null && authentication.getPrincipal() instanceof TelegramOidcUser;
	}

	/** The principal's name, as Spring Security sees it ({@code Authentication.getName()}). */
	public String getName() {
		return this.name;
	}

	/** The stable id: the Telegram id (Bondify) or the Xellar user id (Xellar). */
	public String getTelegramId() {
		return this.user.getId();
	}

	/** What the id is, for its label. */
	public String getIdLabel() {
		return isXellar() ? "Xellar user id" : "Telegram id";
	}

	public String getDisplayName() {
		return this.user.getDisplayName();
	}

	/** The Telegram handle without {@code @}, or {@code null}. */
	public String getUsername() {
		return this.user.getUsername();
	}

	/** The phone number, when the upstream shared it, or {@code null}. */
	public String getPhone() {
		return this.user.getPhone();
	}

	public TelegramLoginFlow getFlow() {
		return this.user.getFlow();
	}

	/** How the user logged in, in words. */
	public String getFlowDescription() {
		return switch (this.user.getFlow()) {
			case XELLAR -> "Xellar: a one-time code sent to Telegram";
			case OIDC -> "OpenID Connect: Telegram's own login";
			default -> "Bondify: confirmed in the Telegram app";
		};
	}

	/** Whether the user logged in with Xellar, so has (or can create) an embedded wallet. */
	public boolean isXellar() {
		return this.user.getFlow() == TelegramLoginFlow.XELLAR;
	}

	/** Whether the user has a Xellar wallet; always {@code false} after a Bondify or OpenID Connect login. */
	public boolean isWalletCreated() {
		return this.walletCreated;
	}

	/** The wallet's addresses (public information), empty without a wallet. */
	public List<WalletAddress> getAddresses() {
		return this.addresses;
	}

}
