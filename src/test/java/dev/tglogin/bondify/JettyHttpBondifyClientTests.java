package dev.tglogin.bondify;

import java.time.Duration;

import dev.tglogin.http.UpstreamHttpClient;

/**
 * The tests of {@link HttpBondifyClientTests} over Jetty's HTTP client ({@link UpstreamHttpClient#jetty}): the same
 * answers, failures and exceptions as over the JDK's.
 */
class JettyHttpBondifyClientTests extends HttpBondifyClientTests {

	@Override
	UpstreamHttpClient newHttp(String upstream, Duration connectTimeout, Duration readTimeout) {
		return UpstreamHttpClient.jetty(upstream, connectTimeout, readTimeout);
	}

}
