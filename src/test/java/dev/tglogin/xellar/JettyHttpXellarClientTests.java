package dev.tglogin.xellar;

import java.time.Duration;

import dev.tglogin.http.UpstreamHttpClient;

/**
 * The tests of {@link HttpXellarClientTests} over Jetty's HTTP client ({@link UpstreamHttpClient#jetty}): the same
 * answers, failures and exceptions as over the JDK's.
 */
class JettyHttpXellarClientTests extends HttpXellarClientTests {

	@Override
	UpstreamHttpClient newHttp(String upstream, Duration connectTimeout, Duration readTimeout) {
		return UpstreamHttpClient.jetty(upstream, connectTimeout, readTimeout);
	}

}
