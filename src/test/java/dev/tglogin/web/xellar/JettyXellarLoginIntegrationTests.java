package dev.tglogin.web.xellar;

import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;

import dev.tglogin.http.UpstreamHttpClient;

/**
 * The tests of {@link XellarLoginIntegrationTests} with the app's Xellar client over Jetty's HTTP client
 * ({@link UpstreamHttpClient#jetty}) against the emulator over HTTP.
 */
class JettyXellarLoginIntegrationTests extends XellarLoginIntegrationTests {

	@BeforeAll
	static void start() {
		start(UpstreamHttpClient.jetty("xellar", Duration.ofSeconds(2), Duration.ofMillis(1500)));
	}

}
