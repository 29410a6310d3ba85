package dev.tglogin.emulator;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The Xellar emulator's live access, wallet and refresh tokens and their owners (normalized phone numbers): issued
 * with their lifetimes, looked up, and spent (a refresh token by a refresh, a wallet token by a wallet operation).
 * <p>
 * This class is not thread-safe: {@link XellarAccounts} guards it with its lock.
 */
final class XellarGrants {

	private final Duration accessTokenLifetime;

	private final Duration walletTokenLifetime;

	private final Duration refreshTokenLifetime;

	private final XellarTokenSigner tokens;

	private final XellarTokenMap<Grant> accessTokens;

	private final XellarTokenMap<Grant> refreshTokens;

	/** Wallet tokens not yet used by a wallet operation (single use). */
	private final XellarTokenMap<Grant> walletTokens;

	/**
	 * @param accessTokenLifetime how long an access token lives
	 * @param walletTokenLifetime how long an unused wallet token lives
	 * @param refreshTokenLifetime how long an unused refresh token lives
	 * @param tokens the signer of the tokens
	 * @param maxTokens most tokens of each kind kept
	 */
	XellarGrants(Duration accessTokenLifetime, Duration walletTokenLifetime, Duration refreshTokenLifetime,
			XellarTokenSigner tokens, int maxTokens) {
		this.accessTokenLifetime = accessTokenLifetime;
		this.walletTokenLifetime = walletTokenLifetime;
		this.refreshTokenLifetime = refreshTokenLifetime;
		this.tokens = tokens;
		this.accessTokens = new XellarTokenMap<>(maxTokens);
		this.refreshTokens = new XellarTokenMap<>(maxTokens);
		this.walletTokens = new XellarTokenMap<>(maxTokens);
	}

	/**
	 * @param uid the user's id
	 * @param phone the user's normalized phone number
	 * @param now the issue time
	 * @return a new access token (for the wallet creation of a user without wallet)
	 */
	String issueAccessToken(String uid, String phone, Instant now) {
		Instant expiresAt = now.plus(this.accessTokenLifetime);
		String accessToken = this.tokens.token(uid, now, expiresAt);
		this.accessTokens.put(accessToken, new Grant(phone, expiresAt));
		return accessToken;
	}

	/**
	 * @param uid the user's id
	 * @param phone the user's normalized phone number
	 * @param permissionPage the accept-permission page while the user has not granted the app permission, else
	 * {@code null}
	 * @param version {@code v1} or {@code v2}
	 * @param now the issue time
	 * @return a new wallet token, and in v2 a new refresh token
	 */
	XellarAnswer.WalletTokens issueWalletTokens(String uid, String phone, @Nullable String permissionPage,
			String version, Instant now) {
		Instant walletExpiresAt = now.plus(this.walletTokenLifetime);
		String walletToken = this.tokens.walletToken(uid, permissionPage, now, walletExpiresAt);
		this.walletTokens.put(walletToken, new Grant(phone, walletExpiresAt));
		if (!XellarWire.V2.equals(version)) {
			return new XellarAnswer.WalletTokens(walletToken, null);
		}
		Instant expiresAt = now.plus(this.refreshTokenLifetime);
		String refreshToken = this.tokens.token(uid, now, expiresAt);
		this.refreshTokens.put(refreshToken, new Grant(phone, expiresAt));
		return new XellarAnswer.WalletTokens(walletToken, refreshToken);
	}

	/** @return the owner of a live access token, else {@code null} */
	@Nullable String accessTokenOwner(@Nullable String accessToken) {
		return owner(this.accessTokens.get(accessToken));
	}

	/** Spends a refresh token. @return the owner of the live refresh token, else {@code null} */
	@Nullable String takeRefreshToken(@Nullable String refreshToken) {
		return owner(this.refreshTokens.remove(refreshToken));
	}

	/** @return the owner of a live, unused wallet token, else {@code null} */
	@Nullable String walletTokenOwner(@Nullable String walletToken) {
		return owner(this.walletTokens.get(walletToken));
	}

	/** Spends a wallet token: a wallet operation used it. */
	void spendWalletToken(@Nullable String walletToken) {
		this.walletTokens.remove(walletToken);
	}

	/**
	 * Drops the tokens expired at {@code now}.
	 * @param now the current time
	 */
	void purge(Instant now) {
		this.accessTokens.purge(now);
		this.refreshTokens.purge(now);
		this.walletTokens.purge(now);
	}

	private static @Nullable String owner(@Nullable Grant grant) {
		return (grant != null) ? grant.phone() : null;
	}

	/** A token's owner and expiry. */
	private record Grant(String phone, Instant expiresAt) implements XellarTokenMap.Expiring {
	}

}
