package dev.tglogin.oidc;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.tglogin.emulator.OidcEmulator;
import dev.tglogin.emulator.OidcEmulator.IdTokenFault;
import dev.tglogin.test.Browser;
import dev.tglogin.test.Browser.Response;
import dev.tglogin.test.EmulatorServer;
import dev.tglogin.test.OidcUserAgent;
import dev.tglogin.test.TestApp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ID-token algorithms a bot can choose besides Telegram's default RS256, end to end over HTTP: the emulated
 * provider signs with the bot's algorithm, the app is set to it ({@code oidc.jwsAlgorithm(..)}) and logs in; a token
 * signed with another key, an {@code HS256} token keyed with the public key and an unsigned one are refused; an app
 * pinned to RS256 refuses the tokens of a provider that signs with another algorithm, and an app pinned to ES256K
 * refuses RS256 and ES256 tokens (an {@code alg} swap between asymmetric algorithms, either way). ES256K runs on
 * BouncyCastle, on the tests' class path.
 */
class TelegramOidcAlgorithmsIntegrationTests {

	@ParameterizedTest
	@ValueSource(strings = { "ES256", "EdDSA", "ES256K" })
	void loginWhenAppIsSetToTheBotsAlgorithmThenLoggedInAndForgedTokensRefused(String algorithm) throws Exception {
		try (EmulatorServer provider = new EmulatorServer(OidcEmulator.signingWith(algorithm));
				TestApp app = app(provider, algorithm)) {
			assertThat(provider.oidc().publicKeys().getKeys().get(0).getAlgorithm().getName()).isEqualTo(algorithm);
			Browser browser = app.browser();
			assertThat(login(browser, provider).header("Location")).doesNotContain("error");
			assertThat(browser.get("/me").body()).startsWith("Hello, Ada (4242424242, OIDC)");

			for (IdTokenFault fault : new IdTokenFault[] { IdTokenFault.WRONG_SIGNATURE,
					IdTokenFault.HS256_WITH_PUBLIC_KEY, IdTokenFault.ALG_NONE, IdTokenFault.WRONG_AUDIENCE }) {
				Browser attacker = app.browser();
				provider.oidc().nextIdTokenFault(fault);
				assertThat(login(attacker, provider).header("Location")).as(fault.name())
					.endsWith("/login/telegram?error");
				assertThat(attacker.get("/me").status()).as(fault.name()).isEqualTo(302);
			}
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "ES256", "EdDSA", "ES256K" })
	void loginWhenAppIsPinnedToRs256AndTokensAreSignedOtherwiseThenRefused(String algorithm) throws Exception {
		assertRefused(algorithm, "RS256");
	}

	@ParameterizedTest
	@ValueSource(strings = { "RS256", "ES256" })
	void loginWhenAppIsPinnedToEs256kAndTokensAreSignedOtherwiseThenRefused(String algorithm) throws Exception {
		assertRefused(algorithm, "ES256K");
	}

	private static void assertRefused(String signedWith, String pinnedTo) throws Exception {
		try (EmulatorServer provider = new EmulatorServer(OidcEmulator.signingWith(signedWith));
				TestApp app = app(provider, pinnedTo)) {
			Browser browser = app.browser();
			assertThat(login(browser, provider).header("Location")).endsWith("/login/telegram?error");
			assertThat(browser.get("/me").status()).isEqualTo(302);
		}
	}

	private static TestApp app(EmulatorServer provider, String algorithm) {
		return new TestApp((telegram) -> telegram.oidc((oidc) -> oidc.clientId(provider.oidc().clientId())
			.clientSecret(provider.oidc().clientSecret())
			.issuerUri(provider.issuer())
			.jwsAlgorithm(algorithm)));
	}

	private static Response login(Browser browser, EmulatorServer provider) throws Exception {
		return browser.get(OidcUserAgent.confirm(provider, OidcUserAgent.authorize(browser, provider), "4242424242",
				"Ada", "ada", ""));
	}

}
