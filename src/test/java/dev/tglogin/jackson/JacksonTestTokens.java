package dev.tglogin.jackson;

import java.io.Serial;
import java.io.Serializable;
import java.time.Instant;
import java.util.List;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

import dev.tglogin.core.TelegramAuthenticationToken;
import dev.tglogin.core.TelegramLoginFlow;
import dev.tglogin.core.TelegramUser;
import dev.tglogin.web.PendingBondifyLogin;
import dev.tglogin.web.PendingLogin;
import dev.tglogin.web.PendingXellarLogin;
import dev.tglogin.xellar.WalletAddress;
import dev.tglogin.xellar.XellarWalletCredentials;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The logins the Jackson modules' tests store, one per kind, and the comparison of a restored one; shared by the
 * Jackson 2 and Jackson 3 tests.
 */
final class JacksonTestTokens {

	static final String WALLET_TOKEN = "wallet-token-secret-3f9a";

	static final String REFRESH_TOKEN = "refresh-token-secret-77c1";

	static final String ACCESS_TOKEN = "access-token-secret-b20e";

	static final String PHONE = "+15550100123";

	private static final List<GrantedAuthority> AUTHORITIES = AuthorityUtils.createAuthorityList("ROLE_USER",
			"FACTOR_TELEGRAM");

	private JacksonTestTokens() {
	}

	static TelegramAuthenticationToken bondify() {
		TelegramUser user = TelegramUser.withId(TelegramLoginFlow.BONDIFY, "424242")
			.displayName("Ada")
			.username("ada")
			.build();
		return withDetails(TelegramAuthenticationToken.authenticated(user, user, AUTHORITIES));
	}

	static TelegramAuthenticationToken xellarWithWallet() {
		TelegramUser user = TelegramUser.withId(TelegramLoginFlow.XELLAR, "xellar-account-1").phone(PHONE).build();
		XellarWalletCredentials credentials = XellarWalletCredentials
			.wallet(WALLET_TOKEN, REFRESH_TOKEN, List.of(new WalletAddress("evm", "0xabc"),
					new WalletAddress("solana", "So1")))
			.withWalletTokenHandedOut();
		return withDetails(TelegramAuthenticationToken.authenticated(user, user, credentials, AUTHORITIES));
	}

	static TelegramAuthenticationToken xellarWithoutWallet() {
		TelegramUser user = TelegramUser.withId(TelegramLoginFlow.XELLAR, "xellar-account-2").build();
		return withDetails(TelegramAuthenticationToken.authenticated(user, user,
				XellarWalletCredentials.noWallet(ACCESS_TOKEN), AUTHORITIES));
	}

	static TelegramAuthenticationToken miniApp() {
		TelegramUser user = TelegramUser.withId(TelegramLoginFlow.MINI_APP, "777")
			.firstName("Grace")
			.lastName("Hopper")
			.username("grace")
			.languageCode("fa")
			.premium(true)
			.build();
		return withDetails(TelegramAuthenticationToken.authenticated(user, user, AUTHORITIES));
	}

	static final String SESSION_TOKEN = "bondify-session-token-5d2c";

	static final String PROOF = "bondify-proof-jwt-e81f";

	static final String VERIFICATION_TOKEN = "xellar-verification-token-90aa";

	/** The logins in progress that the default pending-login repository keeps in the session. */
	static List<PendingLogin> pendingLogins() {
		Instant expiresAt = Instant.parse("2026-11-30T05:00:00Z");
		return List.of(new PendingBondifyLogin(SESSION_TOKEN, expiresAt),
				new PendingBondifyLogin(SESSION_TOKEN, expiresAt).withConfirmedProof(PROOF),
				new PendingXellarLogin(VERIFICATION_TOKEN, PHONE, expiresAt));
	}

	/** Asserts that a restored login in progress is the stored one and still hides its secrets. */
	static void assertRestored(Object restored, PendingLogin stored) {
		assertThat(restored).isInstanceOf(stored.getClass()).usingRecursiveComparison().isEqualTo(stored);
		assertThat(restored.toString()).isEqualTo(stored.toString())
			.doesNotContain(SESSION_TOKEN, PROOF, VERIFICATION_TOKEN, PHONE);
	}

	/** A login whose principal is a type no module admits. */
	static TelegramAuthenticationToken withUnknownPrincipal() {
		TelegramUser user = TelegramUser.withId(TelegramLoginFlow.BONDIFY, "1").build();
		return TelegramAuthenticationToken.authenticated(new UnknownPrincipal(), user, AUTHORITIES);
	}

	static List<TelegramAuthenticationToken> all() {
		return List.of(bondify(), xellarWithWallet(), xellarWithoutWallet(), miniApp());
	}

	static SecurityContextImpl context(TelegramAuthenticationToken token) {
		return new SecurityContextImpl(token);
	}

	private static TelegramAuthenticationToken withDetails(TelegramAuthenticationToken token) {
		token.setDetails(new WebAuthenticationDetails("203.0.113.9", null));
		return token;
	}

	/** Asserts that a restored login is the stored one, field by field, and still hides its secrets. */
	static void assertRestored(Object restored, TelegramAuthenticationToken stored) {
		assertThat(restored).isInstanceOf(TelegramAuthenticationToken.class);
		TelegramAuthenticationToken token = (TelegramAuthenticationToken) restored;
		// not isEqualTo: the token's equals compares credentials, and XellarWalletCredentials have identity only
		assertThat(token.getName()).isEqualTo(stored.getName());
		assertThat(token.isAuthenticated()).isTrue();
		assertThat(token.getPrincipal()).isEqualTo(stored.getPrincipal());
		assertThat(token.getTelegramUser()).usingRecursiveComparison().isEqualTo(stored.getTelegramUser());
		assertThat(token.getAuthorities()).containsExactlyElementsOf(stored.getAuthorities());
		assertThat(token.getDetails()).isEqualTo(stored.getDetails());
		assertThat(token.getCredentials()).usingRecursiveComparison().isEqualTo(stored.getCredentials());
		assertThat(token.toString()).doesNotContain(WALLET_TOKEN, REFRESH_TOKEN, ACCESS_TOKEN, PHONE);
	}


	static final class UnknownPrincipal implements Serializable {

		@Serial
		private static final long serialVersionUID = 1L;

		public String name = "mallory";

	}

}
