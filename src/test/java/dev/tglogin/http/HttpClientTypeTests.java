package dev.tglogin.http;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.test.util.ReflectionTestUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@link HttpClientType#resolve} and {@link UpstreamHttpClient#create}: which client carries the calls.
 */
class HttpClientTypeTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(2);

	@Test
	void resolveWhenAutoAndJetty12OnTheClassPathThenJetty() {
		assertThat(HttpClientType.AUTO.resolve(getClass().getClassLoader())).isEqualTo(HttpClientType.JETTY);
	}

	@Test
	void resolveWhenAutoWithoutJettysClientThenJdk() throws Exception {
		try (FilteredClassLoader withoutJetty = new FilteredClassLoader("org.eclipse.jetty.client")) {
			assertThat(HttpClientType.AUTO.resolve(withoutJetty)).isEqualTo(HttpClientType.JDK);
		}
	}

	@Test
	void resolveWhenAutoAndOnlyAnOlderJettysClientThenJdk() throws Exception {
		// Jetty 10 and 11 have org.eclipse.jetty.client.HttpClient too, but not Jetty 12's request content classes
		try (FilteredClassLoader jetty11Like = new FilteredClassLoader(
				"org.eclipse.jetty.client.BytesRequestContent")) {
			assertThat(HttpClientType.AUTO.resolve(jetty11Like)).isEqualTo(HttpClientType.JDK);
		}
	}

	@Test
	void resolveWhenChosenThenItselfWhateverTheClassPath() throws Exception {
		try (FilteredClassLoader withoutJetty = new FilteredClassLoader("org.eclipse.jetty.client")) {
			assertThat(HttpClientType.JDK.resolve(getClass().getClassLoader())).isEqualTo(HttpClientType.JDK);
			assertThat(HttpClientType.JETTY.resolve(withoutJetty)).isEqualTo(HttpClientType.JETTY);
		}
	}

	@Test
	void createWhenAutoThenJettysClientStartedAndStoppedByClose() {
		UpstreamHttpClient http = UpstreamHttpClient.create(HttpClientType.AUTO, "auto", TIMEOUT, TIMEOUT, null);
		org.eclipse.jetty.client.HttpClient jetty = jettyClient(http);
		assertThat(jetty.isStarted()).isTrue();
		assertThat(jetty.getConnectTimeout()).isEqualTo(TIMEOUT.toMillis());
		http.close();
		assertThat(jetty.isStopped()).isTrue();
	}

	@Test
	void createWhenJdkThenTheJdksClientOnTheGivenExecutorOrAPoolOfItsOwn() {
		ExecutorService executor = Executors.newSingleThreadExecutor();
		try {
			UpstreamHttpClient given = UpstreamHttpClient.create(HttpClientType.JDK, "jdk", TIMEOUT, TIMEOUT, executor);
			assertThat(jdkClient(given).executor()).containsSame(executor);
			assertThat(jdkClient(given).connectTimeout()).contains(TIMEOUT);
			UpstreamHttpClient own = UpstreamHttpClient.create(HttpClientType.JDK, "jdk", TIMEOUT, TIMEOUT, null);
			assertThat(jdkClient(own).executor()).isPresent().get().isNotSameAs(executor);
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void createWhenArgumentsInvalidThenIllegalArgument() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> UpstreamHttpClient.create(null, "x", TIMEOUT, TIMEOUT, null))
			.withMessage("type cannot be null");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> UpstreamHttpClient.create(HttpClientType.AUTO, "x", TIMEOUT, Duration.ZERO, null))
			.withMessage("readTimeout must be positive");
	}

	private static org.eclipse.jetty.client.HttpClient jettyClient(UpstreamHttpClient http) {
		Object transport = ReflectionTestUtils.getField(http, "transport");
		assertThat(transport).isInstanceOf(JettyTransport.class);
		return (org.eclipse.jetty.client.HttpClient) ReflectionTestUtils.getField(transport, "client");
	}

	private static java.net.http.HttpClient jdkClient(UpstreamHttpClient http) {
		Object transport = ReflectionTestUtils.getField(http, "transport");
		assertThat(transport).isInstanceOf(JdkTransport.class);
		return (java.net.http.HttpClient) ReflectionTestUtils.getField(transport, "client");
	}

}
