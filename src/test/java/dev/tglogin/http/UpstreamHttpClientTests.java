package dev.tglogin.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tglogin.core.UpstreamException;
import dev.tglogin.core.UpstreamTimeoutException;
import dev.tglogin.core.UpstreamUnavailableException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Tests for {@link UpstreamHttpClient} over the JDK client against a real local HTTP server; the same tests run over
 * the Jetty client in {@link JettyUpstreamHttpClientTests}.
 */
class UpstreamHttpClientTests {

	static final String SECRET = "xsecret_DO_NOT_LEAK_4711";

	private HttpServer server;

	private final ExecutorService executor = Executors.newCachedThreadPool();

	final CountDownLatch release = new CountDownLatch(1);

	final BlockingQueue<Headers> requestHeaders = new LinkedBlockingQueue<>();

	private final BlockingQueue<String> requestBodies = new LinkedBlockingQueue<>();

	volatile HttpHandler handler;

	private final java.util.List<UpstreamHttpClient> clients = new java.util.ArrayList<>();

	UpstreamHttpClient client;

	@BeforeEach
	void setUp() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/", (exchange) -> {
			try (exchange) {
				try (InputStream in = exchange.getRequestBody()) {
					this.requestBodies.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
				}
				this.requestHeaders.add(exchange.getRequestHeaders());
				this.handler.handle(exchange);
			}
			catch (IOException ex) {
				// the client gave up
			}
		});
		this.server.setExecutor(this.executor);
		this.server.start();
		this.client = client("xellar", Duration.ofSeconds(2), Duration.ofSeconds(5));
	}

	/** Returns a new client of the transport under test, closed after the test. */
	UpstreamHttpClient client(String upstream, Duration connectTimeout, Duration readTimeout) {
		UpstreamHttpClient client = newClient(upstream, connectTimeout, readTimeout);
		this.clients.add(client);
		return client;
	}

	/** Makes a client of the transport under test. */
	UpstreamHttpClient newClient(String upstream, Duration connectTimeout, Duration readTimeout) {
		return new UpstreamHttpClient(upstream, connectTimeout, readTimeout);
	}

	/** The transport under test, for names that must differ between the transports' tests. */
	String transport() {
		return "jdk";
	}

	/** The most threads that may handle answers ({@code tglogin-<upstream>-http-n}). */
	long maxAnswerThreads() {
		return Math.max(2, Runtime.getRuntime().availableProcessors());
	}

	@AfterEach
	void tearDown() {
		this.clients.forEach(UpstreamHttpClient::close);
		this.release.countDown();
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	@Test
	void postJsonWhenAnsweredThenStatusHeadersAndJsonObject() throws Exception {
		this.handler = respond(201, Map.of("X-Request-Id", "abc"), "{\"ok\":true,\"n\":3,\"s\":\"x\"}");
		UpstreamResponse response = this.client.postJson(uri("/api"), Map.of("a", "b"), Map.of());
		assertThat(response.status()).isEqualTo(201);
		assertThat(response.isSuccess()).isTrue();
		assertThat(response.headers().firstValue("x-request-id")).contains("abc");
		assertThat(response.json()).containsEntry("ok", true).containsEntry("s", "x");
		assertThat(((Number) response.json().get("n")).intValue()).isEqualTo(3);
	}

	@Test
	void postJsonWhenCalledThenSendsJsonBodyContentTypeAcceptAndExtraHeaders() throws Exception {
		this.handler = respond(200, Map.of(), "{}");
		this.client.postJson(uri("/v2/auth"), Map.of("phone", "+1555", "count", 2), Map.of("x-client-secret", SECRET));
		Headers headers = this.requestHeaders.poll(5, TimeUnit.SECONDS);
		assertThat(headers.getFirst("Content-Type")).startsWith("application/json");
		assertThat(headers.getFirst("Accept")).isEqualTo("application/json");
		assertThat(headers.getFirst("x-client-secret")).isEqualTo(SECRET);
		Map<String, Object> sent = JSONObjectUtils.parse(this.requestBodies.poll(5, TimeUnit.SECONDS));
		assertThat(sent).containsEntry("phone", "+1555");
		assertThat(((Number) sent.get("count")).intValue()).isEqualTo(2);
	}

	@Test
	void manyAnswersAtOnceAreHandledByAFewThreadsOfTheClient() throws Exception {
		CountDownLatch arrived = new CountDownLatch(40);
		this.handler = (exchange) -> {
			arrived.countDown();
			try {
				// answer all together
				arrived.await(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			respond(200, Map.of(), "{}").handle(exchange);
		};
		String name = "burst-" + transport();
		UpstreamHttpClient burst = client(name, Duration.ofSeconds(2), Duration.ofSeconds(10));
		java.util.List<CompletableFuture<UpstreamResponse>> calls = new java.util.ArrayList<>();
		for (int i = 0; i < 40; i++) {
			calls.add(burst.postJsonAsync(uri("/"), Map.of(), Map.of()));
		}
		for (CompletableFuture<UpstreamResponse> call : calls) {
			assertThat(call.get(15, TimeUnit.SECONDS).status()).isEqualTo(200);
		}
		long answerThreads = Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.getName().startsWith("tglogin-" + name + "-http-"))
			.count();
		assertThat(answerThreads).isBetween(1L, maxAnswerThreads());
	}

	@Test
	void postJsonAsyncWhenAnsweredThenCompletedOnAThreadOfTheGivenExecutorWithoutAThreadPerAnswer() throws Exception {
		java.util.concurrent.atomic.AtomicInteger created = new java.util.concurrent.atomic.AtomicInteger();
		ExecutorService given = Executors.newFixedThreadPool(2, (task) -> {
			Thread thread = new Thread(task, "given-" + created.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
		try {
			UpstreamHttpClient onGiven = new UpstreamHttpClient("given", Duration.ofSeconds(2), Duration.ofSeconds(10),
					given);
			for (int i = 0; i < 20; i++) {
				CountDownLatch attached = new CountDownLatch(1);
				this.handler = (exchange) -> {
					// answer only once the dependent stage below is attached
					await(attached);
					respond(200, Map.of(), "{}").handle(exchange);
				};
				CompletableFuture<String> thread = onGiven.postJsonAsync(uri("/"), Map.of(), Map.of())
					.thenApply((response) -> Thread.currentThread().getName());
				attached.countDown();
				assertThat(thread.get(15, TimeUnit.SECONDS)).startsWith("given-");
			}
			assertThat(created.get()).isBetween(1, 2);
		}
		finally {
			given.shutdownNow();
		}
	}

	@Test
	void postJsonWhenPlainHttpThenNoHttp2UpgradeAttempt() throws Exception {
		this.handler = respond(200, Map.of(), "{}");
		this.client.postJson(uri("/"), Map.of("a", "b"), Map.of());
		Headers headers = this.requestHeaders.poll(5, TimeUnit.SECONDS);
		assertThat(headers).doesNotContainKeys("Upgrade", "Http2-settings", "HTTP2-Settings");
		assertThat(headers.getFirst("Connection")).isNull();
	}

	@Test
	void postJsonWhenNon2xxThenResponseReturnedNotThrown() {
		this.handler = respond(418, Map.of(), "{\"error\":\"teapot\"}");
		UpstreamResponse response = this.client.postJson(uri("/"), Map.of(), Map.of());
		assertThat(response.status()).isEqualTo(418);
		assertThat(response.isSuccess()).isFalse();
		assertThat(response.json()).containsEntry("error", "teapot");
	}

	@Test
	void postJsonWhenRedirectThenNotFollowed() {
		this.handler = respond(302, Map.of("Location", "http://127.0.0.1:1/elsewhere"), "");
		UpstreamResponse response = this.client.postJson(uri("/"), Map.of(), Map.of());
		assertThat(response.status()).isEqualTo(302);
		assertThat(response.isSuccess()).isFalse();
	}

	@Test
	void postJsonWhenBodyEmptyOrNotAJsonObjectThenJsonNull() {
		for (String body : new String[] { "", "[1,2]", "\"text\"", "42", "null", "{\"unterminated\":", "<html/>",
				"\u00ff\u00fe garbage" }) {
			this.handler = respond(200, Map.of(), body);
			UpstreamResponse response = this.client.postJson(uri("/"), Map.of(), Map.of());
			assertThat(response.json()).as("json of %s", body).isNull();
			assertThat(response.status()).isEqualTo(200);
		}
	}

	@Test
	void postJsonWhenJsonDeeplyNestedThenJsonNullWithoutError() {
		this.handler = respond(200, Map.of(), "{\"a\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}");
		UpstreamResponse response = this.client.postJson(uri("/"), Map.of(), Map.of());
		assertThat(response.status()).isEqualTo(200);
	}

	@Test
	void postJsonWhenBodyOverLimitThenPlainUpstreamException() {
		this.client.setMaxResponseBytes(100);
		String body = "{\"token\":\"" + SECRET + "\",\"padding\":\"" + "x".repeat(10_000) + "\"}";
		this.handler = respond(200, Map.of(), body);
		Throwable thrown = catchThrowable(() -> this.client.postJson(uri("/"), Map.of(), Map.of()));
		assertThat(thrown).isExactlyInstanceOf(UpstreamException.class);
		assertThat(((UpstreamException) thrown).getUpstream()).isEqualTo("xellar");
		assertNoSecret(thrown);
	}

	@Test
	void postJsonWhenBodyExactlyAtLimitThenRead() {
		String body = "{\"k\":\"" + "v".repeat(50) + "\"}";
		this.client.setMaxResponseBytes(body.length());
		this.handler = respond(200, Map.of(), body);
		assertThat(this.client.postJson(uri("/"), Map.of(), Map.of()).json()).containsKey("k");
		this.client.setMaxResponseBytes(body.length() - 1);
		assertThat(catchThrowable(() -> this.client.postJson(uri("/"), Map.of(), Map.of())))
			.isExactlyInstanceOf(UpstreamException.class);
	}

	@Test
	void postJsonWhenHeadersNeverComeThenUpstreamTimeoutExceptionWithinTimeout() {
		Duration readTimeout = Duration.ofMillis(400);
		UpstreamHttpClient slow = client("bondify", Duration.ofSeconds(2), readTimeout);
		this.handler = (exchange) -> {
			await(this.release);
			respond(200, Map.of(), "{}").handle(exchange);
		};
		long start = System.nanoTime();
		Throwable thrown = catchThrowable(() -> slow.postJson(uri("/?token=" + SECRET), Map.of("otp", SECRET),
				Map.of("x-client-secret", SECRET)));
		Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
		assertThat(thrown).isInstanceOf(UpstreamTimeoutException.class);
		assertThat(((UpstreamException) thrown).getUpstream()).isEqualTo("bondify");
		assertNoSecret(thrown);
		assertThat(elapsed).isLessThan(readTimeout.multipliedBy(3).plusSeconds(1));
	}

	@Test
	void postJsonWhenHeadersArriveButBodyStallsThenUpstreamTimeoutException() {
		Duration readTimeout = Duration.ofMillis(400);
		UpstreamHttpClient slow = client("bondify", Duration.ofSeconds(2), readTimeout);
		this.handler = (exchange) -> {
			exchange.sendResponseHeaders(200, 1000);
			OutputStream out = exchange.getResponseBody();
			out.write("{\"status\":".getBytes(StandardCharsets.UTF_8));
			out.flush();
			await(this.release);
		};
		long start = System.nanoTime();
		Throwable thrown = catchThrowable(() -> slow.postJson(uri("/"), Map.of(), Map.of()));
		Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
		assertThat(thrown).isInstanceOf(UpstreamTimeoutException.class);
		assertThat(elapsed).isLessThan(readTimeout.multipliedBy(3).plusSeconds(1));
	}

	@Test
	void postJsonAsyncWhenServerTooSlowThenFutureFailsWithUpstreamTimeoutException() throws Exception {
		UpstreamHttpClient slow = client("bondify", Duration.ofSeconds(2), Duration.ofMillis(300));
		this.handler = (exchange) -> await(this.release);
		CompletableFuture<UpstreamResponse> future = slow.postJsonAsync(uri("/"), Map.of(), Map.of());
		Throwable thrown = catchThrowable(() -> future.get(5, TimeUnit.SECONDS));
		assertThat(thrown).isInstanceOf(ExecutionException.class);
		assertThat(rootUpstreamException(thrown)).isInstanceOf(UpstreamTimeoutException.class);
	}

	@Test
	void postJsonAsyncWhenAnsweredThenFutureCompletes() throws Exception {
		this.handler = respond(200, Map.of(), "{\"a\":\"b\"}");
		UpstreamResponse response = this.client.postJsonAsync(uri("/"), Map.of(), Map.of()).get(5, TimeUnit.SECONDS);
		assertThat(response.json()).containsEntry("a", "b");
	}

	@Test
	void postJsonWhenConnectionRefusedThenUpstreamUnavailableException() throws IOException {
		int port;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			port = socket.getLocalPort();
		}
		URI closed = URI.create("http://127.0.0.1:" + port + "/?token=" + SECRET);
		Throwable thrown = catchThrowable(() -> this.client.postJson(closed, Map.of("otp", SECRET), Map.of()));
		assertThat(thrown).isInstanceOf(UpstreamUnavailableException.class);
		assertNoSecret(thrown);
	}

	@Test
	void postJsonWhenServerClosesConnectionWithoutAnswerThenUpstreamUnavailableException() throws Exception {
		try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			Thread acceptor = new Thread(() -> {
				try {
					while (!socket.isClosed()) {
						Socket accepted = socket.accept();
						accepted.getInputStream().read(new byte[1024]);
						accepted.close();
					}
				}
				catch (IOException ex) {
					// the test is over
				}
			});
			acceptor.setDaemon(true);
			acceptor.start();
			URI uri = URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/");
			Throwable thrown = catchThrowable(() -> this.client.postJson(uri, Map.of(), Map.of()));
			assertThat(thrown).isInstanceOf(UpstreamUnavailableException.class);
		}
	}

	@Test
	void postJsonWhenInterruptedThenUpstreamUnavailableExceptionAndInterruptKept() {
		this.handler = (exchange) -> await(this.release);
		Thread.currentThread().interrupt();
		try {
			Throwable thrown = catchThrowable(() -> this.client.postJson(uri("/"), Map.of(), Map.of()));
			assertThat(thrown).isInstanceOf(UpstreamUnavailableException.class);
			assertThat(Thread.currentThread().isInterrupted()).isTrue();
		}
		finally {
			Thread.interrupted();
		}
	}

	@Test
	void constructorWhenReadTimeoutNotPositiveThenIllegalArgument() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new UpstreamHttpClient("x", Duration.ofSeconds(1), Duration.ZERO));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new UpstreamHttpClient("x", Duration.ofSeconds(1), Duration.ofSeconds(-1)));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new UpstreamHttpClient("", Duration.ofSeconds(1), Duration.ofSeconds(1)));
		assertThatIllegalArgumentException().isThrownBy(() -> this.client.setMaxResponseBytes(0));
	}

	// ---------------------------------------------------------------- helpers

	URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort() + path);
	}

	static HttpHandler respond(int status, Map<String, String> headers, String body) {
		return (exchange) -> {
			headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(status, (bytes.length == 0) ? -1 : bytes.length);
			if (bytes.length > 0) {
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(bytes);
				}
			}
		};
	}

	static void await(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static Throwable rootUpstreamException(Throwable thrown) {
		for (Throwable t = thrown; t != null; t = t.getCause()) {
			if (t instanceof UpstreamException) {
				return t;
			}
		}
		return thrown;
	}

	static void assertNoSecret(Throwable thrown) {
		assertThat(thrown.toString()).doesNotContain(SECRET);
		for (Throwable t = thrown; t != null; t = t.getCause()) {
			assertThat(String.valueOf(t.getMessage())).doesNotContain(SECRET);
		}
	}

}
