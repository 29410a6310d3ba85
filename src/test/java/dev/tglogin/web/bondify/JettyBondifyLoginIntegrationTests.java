package dev.tglogin.web.bondify;

import org.junit.jupiter.api.BeforeAll;

import dev.tglogin.http.HttpClientType;

/**
 * The tests of {@link BondifyLoginIntegrationTests} with the app's Bondify client over Jetty's HTTP client
 * ({@code telegramLogin().httpClient(HttpClientType.JETTY)}) against the emulator over HTTP.
 */
class JettyBondifyLoginIntegrationTests extends BondifyLoginIntegrationTests {

	@BeforeAll
	static void start() {
		start(HttpClientType.JETTY);
	}

}
