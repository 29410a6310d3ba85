package dev.tglogin.xellar;

import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The wallet state of a user logged in with Xellar, kept as the credentials of their {@code Authentication} so the
 * app can act for the user: either a wallet ({@link #isWalletCreated()}: a single-use {@link #getWalletToken() wallet
 * token} and, on API v2, a single-use {@link #getRefreshToken() refresh token}) or, for a user without a wallet yet,
 * the {@link #getAccessToken() access token} that creates one.
 * <p>
 * <b>Permission (API v2).</b> Until the user grants the app permission on Xellar's page, wallet operations answer
 * 407 ({@link XellarPermissionRequiredException}). The wallet token says which: {@link #isPermissionGranted()} and
 * {@link #getAcceptPermissionPage()}, read from its payload without verification (a hint for the app's UI; Xellar's
 * answer is the authority).
 * <p>
 * <b>Lifetimes.</b> Xellar's documents disagree on how long a wallet token lives (one minute on the versioning page,
 * one day on the refresh page) and it dies after one wallet operation; a refresh token lives 7 days or until used. No
 * lifetime is assumed here: {@link XellarWalletService} refreshes before the token's {@code exp} when it has one, and
 * otherwise treats it as single-use (handed out once, refreshed on the next use).
 * <p>
 * Immutable and serializable; every token is a bearer secret, so {@link #toString()} shows none. Use
 * {@link XellarWalletService} rather than reading tokens directly: it refreshes them and stores the rotated pair.
 */
public final class XellarWalletCredentials implements Serializable {

	@Serial
	private static final long serialVersionUID = 1L;

	private final boolean walletCreated;

	private final @Nullable String walletToken;

	private final @Nullable String refreshToken;

	private final @Nullable String accessToken;

	private final List<WalletAddress> addresses;

	private final boolean walletTokenHandedOut;

	private XellarWalletCredentials(boolean walletCreated, @Nullable String walletToken, @Nullable String refreshToken,
			@Nullable String accessToken, List<WalletAddress> addresses, boolean walletTokenHandedOut) {
		this.walletCreated = walletCreated;
		this.walletToken = walletToken;
		this.refreshToken = refreshToken;
		this.accessToken = accessToken;
		// an unmodifiable ArrayList rather than List.copyOf's JDK-internal class: Spring Security's JSON type
		// allow-list knows it, so the credentials can be stored in a JSON session (see dev.tglogin.jackson)
		this.addresses = Collections.unmodifiableList(new ArrayList<>(List.copyOf(addresses)));
		this.walletTokenHandedOut = walletTokenHandedOut;
	}

	/**
	 * A user with a wallet.
	 * @param walletToken the wallet token
	 * @param refreshToken the refresh token (v2), or {@code null} (v1)
	 * @param addresses the wallet's addresses
	 * @return the credentials
	 */
	public static XellarWalletCredentials wallet(String walletToken, @Nullable String refreshToken,
			List<WalletAddress> addresses) {
		Assert.hasText(walletToken, "walletToken cannot be empty");
		return new XellarWalletCredentials(true, walletToken, refreshToken, null, addresses, false);
	}

	/**
	 * A user without a wallet yet.
	 * @param accessToken the access token for {@code account/create}
	 * @return the credentials
	 */
	public static XellarWalletCredentials noWallet(String accessToken) {
		Assert.hasText(accessToken, "accessToken cannot be empty");
		return new XellarWalletCredentials(false, null, null, accessToken, List.of(), false);
	}

	/** Whether the user has a wallet. */
	public boolean isWalletCreated() {
		return this.walletCreated;
	}

	/** Returns the current wallet token (single-use), or {@code null} without a wallet. */
	public @Nullable String getWalletToken() {
		return this.walletToken;
	}

	/** Returns the current refresh token (single-use, v2 only), or {@code null}. */
	public @Nullable String getRefreshToken() {
		return this.refreshToken;
	}

	/** Returns the access token of a user without a wallet, or {@code null}. */
	public @Nullable String getAccessToken() {
		return this.accessToken;
	}

	/** Returns the wallet's addresses (possibly empty). */
	public List<WalletAddress> getAddresses() {
		return this.addresses;
	}

	/**
	 * Whether the user has granted the app permission to run wallet operations (API v2): {@code false} only when the
	 * wallet token says so ({@code isPermissionGranted: false}); a token that does not say (API v1, or a claim Xellar
	 * dropped) counts as granted, and a wallet operation's 407 then tells. Without a wallet, {@code false}.
	 * @return whether permission is granted, as far as the wallet token tells
	 */
	public boolean isPermissionGranted() {
		return this.walletCreated && !Boolean.FALSE.equals(XellarTokenClaims.permissionGranted(this.walletToken));
	}

	/**
	 * Returns the page where the user grants the app permission (API v2, the wallet token's
	 * {@code acceptPermissionPage}), or {@code null} when the token names none. Send the user there when
	 * {@link #isPermissionGranted()} is {@code false}.
	 * @return the page's URL, or {@code null}
	 */
	public @Nullable String getAcceptPermissionPage() {
		return XellarTokenClaims.acceptPermissionPage(this.walletToken);
	}

	/** Whether the current wallet token was already handed to the app (wallet tokens are single-use). */
	public boolean isWalletTokenHandedOut() {
		return this.walletTokenHandedOut;
	}

	/**
	 * Returns a copy whose wallet token is marked as handed out.
	 * @return the copy
	 */
	public XellarWalletCredentials withWalletTokenHandedOut() {
		return new XellarWalletCredentials(this.walletCreated, this.walletToken, this.refreshToken, this.accessToken,
				this.addresses, true);
	}

	/**
	 * Returns a copy holding a rotated token pair.
	 * @param walletToken the new wallet token
	 * @param refreshToken the new refresh token
	 * @return the copy
	 */
	public XellarWalletCredentials withTokens(String walletToken, @Nullable String refreshToken) {
		Assert.state(this.walletCreated, "no wallet to rotate tokens of");
		return wallet(walletToken, refreshToken, this.addresses);
	}

	@Override
	public String toString() {
		return "XellarWalletCredentials[walletCreated=" + this.walletCreated + ", addresses=" + this.addresses
				+ ", tokens=[PROTECTED]]";
	}

}
