package dev.tglogin.emulator;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.nimbusds.jwt.SignedJWT;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link XellarGrants}: issuing, owners, single use and expiry of access, wallet and refresh tokens.
 */
class XellarGrantsTests {

	private static final String PHONE = "+15550100";

	private static final Instant NOW = Instant.parse("2026-07-01T10:00:00Z");

	private final XellarGrants grants = new XellarGrants(Duration.ofMinutes(10), Duration.ofMinutes(1),
			Duration.ofDays(7), new XellarTokenSigner(new SecureRandom()), 100);

	@Test
	void issueAccessTokenWhenIssuedThenOwnedUntilItExpires() {
		String token = this.grants.issueAccessToken("xu_1", PHONE, NOW);

		assertThat(this.grants.accessTokenOwner(token)).isEqualTo(PHONE);
		this.grants.purge(NOW.plus(Duration.ofMinutes(10)));
		assertThat(this.grants.accessTokenOwner(token)).isNull();
	}

	@Test
	void issueWalletTokensWhenV1ThenNoRefreshToken() {
		XellarAnswer.WalletTokens tokens = this.grants.issueWalletTokens("xu_1", PHONE, null, XellarWire.V1, NOW);

		assertThat(tokens.refreshToken()).isNull();
		assertThat(this.grants.walletTokenOwner(tokens.walletToken())).isEqualTo(PHONE);
	}

	@Test
	void issueWalletTokensWhenV2ThenARefreshTokenThatWorksOnce() {
		XellarAnswer.WalletTokens tokens = this.grants.issueWalletTokens("xu_1", PHONE, null, XellarWire.V2, NOW);

		assertThat(this.grants.takeRefreshToken(tokens.refreshToken())).isEqualTo(PHONE);
		assertThat(this.grants.takeRefreshToken(tokens.refreshToken())).isNull();
	}

	@Test
	void issueWalletTokensWhenPermissionPageThenTheTokenCarriesIt() throws Exception {
		XellarAnswer.WalletTokens tokens = this.grants.issueWalletTokens("xu_1", PHONE, "http://emu/p/xu_1",
				XellarWire.V2, NOW);

		assertThat(SignedJWT.parse(tokens.walletToken()).getJWTClaimsSet().getClaims())
			.containsEntry("isPermissionGranted", false)
			.containsEntry("acceptPermissionPage", "http://emu/p/xu_1");
	}

	@Test
	void spendWalletTokenWhenSpentThenNoOwner() {
		String token = this.grants.issueWalletTokens("xu_1", PHONE, null, XellarWire.V2, NOW).walletToken();

		this.grants.spendWalletToken(token);

		assertThat(this.grants.walletTokenOwner(token)).isNull();
	}

	@Test
	void walletTokenOwnerWhenExpiredThenNull() {
		String token = this.grants.issueWalletTokens("xu_1", PHONE, null, XellarWire.V2, NOW).walletToken();

		this.grants.purge(NOW.plus(Duration.ofMinutes(1)));

		assertThat(this.grants.walletTokenOwner(token)).isNull();
	}

	@Test
	void ownersWhenUnknownOrNullTokenThenNull() {
		assertThat(this.grants.accessTokenOwner("nope")).isNull();
		assertThat(this.grants.accessTokenOwner(null)).isNull();
		assertThat(this.grants.walletTokenOwner(null)).isNull();
		assertThat(this.grants.takeRefreshToken(null)).isNull();
	}

}
