package dev.tglogin.test.context;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.util.Assert;

import dev.tglogin.core.TelegramAuthenticationToken;
import dev.tglogin.core.TelegramFactor;
import dev.tglogin.core.TelegramLoginFlow;
import dev.tglogin.core.TelegramUser;
import dev.tglogin.xellar.WalletAddress;
import dev.tglogin.xellar.XellarWalletCredentials;

/**
 * Builds the {@link TelegramAuthenticationToken} of a Telegram login without logging in, as the library's providers
 * make it with the default user mapper: the {@link TelegramUser} as the principal, the given authorities (defaults to
 * {@code ROLE_USER}) plus the factor authority {@value TelegramFactor#AUTHORITY} on Spring Security 7, and after a
 * Xellar login the wallet state as the credentials ({@link XellarWalletCredentials} with placeholder tokens, which
 * are no upstream's tokens).
 * <p>
 * {@link WithMockTelegramUser} and {@code TelegramLoginRequestPostProcessors.telegramUser(..)} build with it; use it
 * directly for {@code SecurityMockMvcRequestPostProcessors.authentication(..)} or a hand-made
 * {@code SecurityContext}. A builder is not thread-safe; the tokens it builds are immutable.
 */
public final class MockTelegramAuthentication {

	/** The id {@link WithMockTelegramUser} uses by default. */
	public static final String DEFAULT_ID = "100000001";

	/** The placeholder wallet address of a mock user with a wallet. */
	public static final String MOCK_WALLET_ADDRESS = "0x00000000000000000000000000000000000000a1";

	private final String id;

	private TelegramLoginFlow flow = TelegramLoginFlow.BONDIFY;

	private @Nullable String name;

	private @Nullable String username;

	private @Nullable String phone;

	private boolean walletCreated;

	private List<GrantedAuthority> authorities = AuthorityUtils.createAuthorityList("ROLE_USER");

	private MockTelegramAuthentication(String id) {
		Assert.hasText(id, "id cannot be empty");
		this.id = id;
	}

	/**
	 * Starts a login of the user with the given stable id (the Telegram id for Bondify, the Xellar user id for
	 * Xellar).
	 * @param id the id, {@code Authentication.getName()} of the login
	 * @return a builder of a Bondify login with {@code ROLE_USER}
	 */
	public static MockTelegramAuthentication withId(String id) {
		return new MockTelegramAuthentication(id);
	}

	/**
	 * Sets the flow that logged the user in. Defaults to {@link TelegramLoginFlow#BONDIFY}.
	 * @param flow the flow
	 * @return this builder
	 */
	public MockTelegramAuthentication flow(TelegramLoginFlow flow) {
		Assert.notNull(flow, "flow cannot be null");
		this.flow = flow;
		return this;
	}

	/**
	 * Sets the display name. Defaults to the username, else the id, as for a real login.
	 * @param name the display name, or {@code null}
	 * @return this builder
	 */
	public MockTelegramAuthentication name(@Nullable String name) {
		this.name = name;
		return this;
	}

	/**
	 * Sets the Telegram handle, without {@code @}. Defaults to none.
	 * @param username the handle, or {@code null}
	 * @return this builder
	 */
	public MockTelegramAuthentication username(@Nullable String username) {
		this.username = username;
		return this;
	}

	/**
	 * Sets the phone number. Defaults to none.
	 * @param phone the phone number, or {@code null}
	 * @return this builder
	 */
	public MockTelegramAuthentication phone(@Nullable String phone) {
		this.phone = phone;
		return this;
	}

	/**
	 * Sets whether the user has a Xellar wallet: the credentials are then a wallet (placeholder wallet and refresh
	 * tokens, one EVM address), else the access token that creates one. Only for {@link TelegramLoginFlow#XELLAR}:
	 * a Bondify login carries no wallet state. Defaults to {@code false}.
	 * @param walletCreated whether the wallet exists
	 * @return this builder
	 */
	public MockTelegramAuthentication walletCreated(boolean walletCreated) {
		this.walletCreated = walletCreated;
		return this;
	}

	/**
	 * Sets the authorities the app's user mapper would grant (the factor authority is added on Spring Security 7).
	 * Defaults to {@code ROLE_USER}.
	 * @param authorities the authorities
	 * @return this builder
	 */
	public MockTelegramAuthentication authorities(String... authorities) {
		Assert.noNullElements(authorities, "authorities cannot contain null");
		this.authorities = AuthorityUtils.createAuthorityList(authorities);
		return this;
	}

	/**
	 * Builds the authenticated token.
	 * @return the token
	 * @throws IllegalStateException for a Bondify login with a wallet
	 */
	public TelegramAuthenticationToken build() {
		Assert.state(!this.walletCreated || this.flow == TelegramLoginFlow.XELLAR,
				"walletCreated needs flow XELLAR: a Bondify login carries no wallet state");
		TelegramUser user = TelegramUser.withId(this.flow, this.id)
			.displayName(this.name)
			.username(this.username)
			.phone(this.phone)
			.build();
		List<GrantedAuthority> granted = new ArrayList<>(this.authorities);
		TelegramFactor.authority(Instant.now()).ifPresent(granted::add);
		if (this.flow != TelegramLoginFlow.XELLAR) {
			return TelegramAuthenticationToken.authenticated(user, user, granted);
		}
		XellarWalletCredentials wallet = this.walletCreated
				? XellarWalletCredentials.wallet("mock-wallet-token", "mock-refresh-token",
						List.of(new WalletAddress("evm", MOCK_WALLET_ADDRESS)))
				: XellarWalletCredentials.noWallet("mock-access-token");
		return TelegramAuthenticationToken.authenticated(user, user, wallet, granted);
	}

}
