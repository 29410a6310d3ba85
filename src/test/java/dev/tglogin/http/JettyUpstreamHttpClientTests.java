package dev.tglogin.http;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.junit.jupiter.api.Test;

import dev.tglogin.core.UpstreamException;
import dev.tglogin.core.UpstreamUnavailableException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The tests of {@link UpstreamHttpClientTests} over Jetty's HTTP client ({@link UpstreamHttpClient#jetty}), and what
 * only that client has: its own threads, stopped by {@link UpstreamHttpClient#close()}.
 */
class JettyUpstreamHttpClientTests extends UpstreamHttpClientTests {

	@Override
	UpstreamHttpClient newClient(String upstream, Duration connectTimeout, Duration readTimeout) {
		return UpstreamHttpClient.jetty(upstream, connectTimeout, readTimeout);
	}

	@Override
	String transport() {
		return "jetty";
	}

	@Override
	long maxAnswerThreads() {
		// the pool and the timeouts' scheduler (tglogin-<upstream>-http-scheduler-n)
		return JettyTransport.MAX_THREADS + 1;
	}

	@Override
	@Test
	void postJsonAsyncWhenAnsweredThenCompletedOnAThreadOfTheGivenExecutorWithoutAThreadPerAnswer() throws Exception {
		// the Jetty client has no given executor: its answers complete on its own few threads
		UpstreamHttpClient own = client("own", Duration.ofSeconds(2), Duration.ofSeconds(10));
		this.handler = respond(200, Map.of(), "{}");
		own.postJson(uri("/"), Map.of(), Map.of());
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		long startedBefore = threads.getTotalStartedThreadCount();
		for (int i = 0; i < 20; i++) {
			CountDownLatch attached = new CountDownLatch(1);
			this.handler = (exchange) -> {
				// answer only once the dependent stage below is attached
				await(attached);
				respond(200, Map.of(), "{}").handle(exchange);
			};
			CompletableFuture<String> thread = own.postJsonAsync(uri("/"), Map.of(), Map.of())
				.thenApply((response) -> Thread.currentThread().getName());
			attached.countDown();
			assertThat(thread.get(15, TimeUnit.SECONDS)).startsWith("tglogin-own-http-");
		}
		// the test server's threads (a cached pool) and the client's pool growing to its bound, not one per answer
		assertThat(threads.getTotalStartedThreadCount() - startedBefore).isLessThan(20);
	}

	@Test
	void startThenNoHeaderFieldCachePerConnection() {
		JettyTransport transport = JettyTransport.start("cache", Duration.ofSeconds(2));
		try {
			// Jetty's default (1,024) builds a trie of about 100 KB on each connection's second answer
			assertThat(((HttpClientTransportOverHTTP) transport.client().getTransport()).getHeaderCacheSize()).isZero();
		}
		finally {
			transport.close();
		}
	}

	@Test
	void postJsonWhenManyCallsAtOnceThenFewConnectionsReused() throws Exception {
		this.handler = respond(200, Map.of(), "{}");
		UpstreamHttpClient sequential = client("seq", Duration.ofSeconds(2), Duration.ofSeconds(5));
		List<String> connections = new ArrayList<>();
		this.handler = (exchange) -> {
			synchronized (connections) {
				connections.add(String.valueOf(exchange.getRemoteAddress()));
			}
			respond(200, Map.of(), "{}").handle(exchange);
		};
		for (int i = 0; i < 10; i++) {
			sequential.postJson(uri("/"), Map.of(), Map.of());
		}
		assertThat(connections).hasSize(10);
		assertThat(connections.stream().distinct().count()).isEqualTo(1);
	}

	@Test
	void postJsonWhenCookieSetThenNotSentBack() throws Exception {
		this.handler = respond(200, Map.of("Set-Cookie", "upstream=" + SECRET + "; Path=/"), "{}");
		this.client.postJson(uri("/"), Map.of(), Map.of());
		this.client.postJson(uri("/"), Map.of(), Map.of());
		assertThat(lastRequestHeaders()).doesNotContainKey("Cookie");
	}

	@Test
	void postJsonWhenUnauthorizedWithoutChallengeThenResponseReturnedNotThrown() {
		for (int status : new int[] { 401, 407 }) {
			this.handler = respond(status, Map.of(), "{\"error\":\"unauthorized\"}");
			UpstreamResponse response = this.client.postJson(uri("/"), Map.of(), Map.of());
			assertThat(response.status()).isEqualTo(status);
			assertThat(response.json()).containsEntry("error", "unauthorized");
		}
	}

	@Test
	void postJsonWhenCalledThenNoCompressionAsked() throws Exception {
		this.handler = respond(200, Map.of(), "{}");
		this.client.postJson(uri("/"), Map.of(), Map.of());
		assertThat(lastRequestHeaders()).doesNotContainKey("Accept-encoding");
	}

	@Test
	void postJsonWhenConnectTimesOutThenUpstreamUnavailableException() throws Exception {
		// a listening socket whose backlog is full: further connections are not accepted in time (on Linux, the
		// SYN is dropped); skipped where the system accepts them anyway
		try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			List<Socket> filling = new ArrayList<>();
			try {
				for (int i = 0; i < 8; i++) {
					Socket socket = new Socket();
					socket.connect(full.getLocalSocketAddress(), 200);
					filling.add(socket);
				}
			}
			catch (java.io.IOException ex) {
				// the backlog is full
			}
			UpstreamHttpClient quick = client("bondify", Duration.ofMillis(300), Duration.ofSeconds(5));
			URI uri = URI.create("http://127.0.0.1:" + full.getLocalPort() + "/?token=" + SECRET);
			Throwable thrown = catchThrowable(() -> quick.postJson(uri, Map.of(), Map.of()));
			filling.forEach((socket) -> {
				try {
					socket.close();
				}
				catch (java.io.IOException ex) {
					// closing
				}
			});
			org.junit.jupiter.api.Assumptions.assumeTrue(thrown != null, "the system accepted the connection");
			assertThat(thrown).isInstanceOf(UpstreamUnavailableException.class)
				.hasMessageContaining("cannot connect");
			assertNoSecret(thrown);
		}
	}

	@Test
	void closeThenThreadsEndAndCallsFail() throws Exception {
		UpstreamHttpClient closing = newClient("closing", Duration.ofSeconds(2), Duration.ofSeconds(5));
		this.handler = respond(200, Map.of(), "{}");
		assertThat(closing.postJson(uri("/"), Map.of(), Map.of()).status()).isEqualTo(200);
		assertThat(threadsNamed("tglogin-closing-http")).isPositive();
		closing.close();
		assertThat(catchThrowable(() -> closing.postJson(uri("/"), Map.of(), Map.of())))
			.isInstanceOf(UpstreamException.class);
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while (threadsNamed("tglogin-closing-http") > 0 && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
		assertThat(threadsNamed("tglogin-closing-http")).isZero();
	}

	@Test
	void jettyWhenConnectTimeoutNotPositiveThenIllegalArgument() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> UpstreamHttpClient.jetty("x", Duration.ZERO, Duration.ofSeconds(1)));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> UpstreamHttpClient.jetty("x", Duration.ofSeconds(1), Duration.ZERO));
	}

	private com.sun.net.httpserver.Headers lastRequestHeaders() throws InterruptedException {
		com.sun.net.httpserver.Headers last = null;
		for (com.sun.net.httpserver.Headers headers; (headers = this.requestHeaders.poll(1, TimeUnit.SECONDS)) != null;) {
			last = headers;
			if (this.requestHeaders.isEmpty()) {
				break;
			}
		}
		return last;
	}

	private static long threadsNamed(String prefix) {
		return Thread.getAllStackTraces().keySet().stream().filter((t) -> t.getName().startsWith(prefix)).count();
	}

}
