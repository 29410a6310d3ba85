package dev.tglogin.bondify;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import dev.tglogin.core.UpstreamException;
import dev.tglogin.core.UpstreamRateLimitedException;
import dev.tglogin.core.UpstreamTimeoutException;
import dev.tglogin.core.UpstreamUnavailableException;
import dev.tglogin.http.UpstreamHttpClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Tests for {@link HttpBondifyClient} against a real local HTTP server with scripted answers.
 */
class HttpBondifyClientTests {

	private static final String PROJECT_ID = "proj_unit_42";

	private static final String SESSION_TOKEN = "sess_TOPSECRET_b0nd1fy_t0k3n_9f8e7d";

	private static final String PROOF = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";

	private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

	private ScriptedServer server;

	private UpstreamHttpClient http;

	private HttpBondifyClient client;

	@BeforeEach
	void setUp() throws IOException {
		this.server = new ScriptedServer();
		this.http = http(Duration.ofSeconds(5));
		this.client = new HttpBondifyClient(this.http, this.server.baseUrl(), PROJECT_ID);
		this.client.setClock(Clock.fixed(NOW, ZoneOffset.UTC));
	}

	@AfterEach
	void tearDown() {
		this.server.close();
		this.https.forEach(UpstreamHttpClient::close);
	}

	private final List<UpstreamHttpClient> https = new ArrayList<>();

	/** Returns a new upstream HTTP client of the transport under test, closed after the test. */
	UpstreamHttpClient http(Duration readTimeout) {
		UpstreamHttpClient http = newHttp("bondify", Duration.ofSeconds(2), readTimeout);
		this.https.add(http);
		return http;
	}

	/** Makes an upstream HTTP client of the transport under test (the JDK's here). */
	UpstreamHttpClient newHttp(String upstream, Duration connectTimeout, Duration readTimeout) {
		return new UpstreamHttpClient(upstream, connectTimeout, readTimeout);
	}

	// ---------------------------------------------------------------- generate

	@Test
	void generateWhenAnsweredThenSessionParsed() {
		long expiresAtMillis = NOW.plus(Duration.ofMinutes(10)).toEpochMilli() + 123;
		this.server.answer(200, "{\"session_token\":\"" + SESSION_TOKEN + "\",\"deeplink\":\"https://t.me/bondify_bot?start="
				+ SESSION_TOKEN + "\",\"expires_at\":" + expiresAtMillis + "}");
		BondifySession session = this.client.generate();
		assertThat(session.sessionToken()).isEqualTo(SESSION_TOKEN);
		assertThat(session.deeplink()).isEqualTo("https://t.me/bondify_bot?start=" + SESSION_TOKEN);
		assertThat(session.expiresAt()).isEqualTo(Instant.ofEpochMilli(expiresAtMillis));
	}

	@Test
	void generateWhenExpiresAtMissingThenNowPlusTenMinutes() {
		this.server.answer(200, "{\"session_token\":\"" + SESSION_TOKEN + "\",\"deeplink\":\"https://t.me/b?start=x\"}");
		assertThat(this.client.generate().expiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(10)));
	}

	@Test
	void generateWhenExpiresAtNotANumberThenNowPlusTenMinutes() {
		this.server.answer(200, "{\"session_token\":\"" + SESSION_TOKEN
				+ "\",\"deeplink\":\"https://t.me/b?start=x\",\"expires_at\":\"tomorrow\"}");
		assertThat(this.client.generate().expiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(10)));
	}

	@Test
	void generateWhenCalledThenPostsProjectIdAsJsonToGeneratePath() throws Exception {
		this.server.answer(200, "{\"session_token\":\"" + SESSION_TOKEN + "\",\"deeplink\":\"https://t.me/b?start=x\"}");
		this.client.generate();
		Recorded request = this.server.takeRequest();
		assertThat(request.method()).isEqualTo("POST");
		assertThat(request.path()).isEqualTo("/api/v1/generate/public");
		assertThat(request.contentType()).startsWith("application/json");
		assertThat(JSONObjectUtils.parse(request.body())).isEqualTo(Map.of("project_id", PROJECT_ID));
	}

	@Test
	void generateWhenBaseUrlEndsWithSlashThenSamePath() throws Exception {
		HttpBondifyClient slashed = new HttpBondifyClient(this.http, this.server.baseUrl() + "/", PROJECT_ID);
		this.server.answer(200, "{\"session_token\":\"" + SESSION_TOKEN + "\",\"deeplink\":\"https://t.me/b?start=x\"}");
		slashed.generate();
		assertThat(this.server.takeRequest().path()).isEqualTo("/api/v1/generate/public");
	}

	@Test
	void generateWhenSessionTokenOrDeeplinkMissingThenUpstreamException() {
		this.server.answer(200, "{\"deeplink\":\"https://t.me/b?start=x\"}");
		assertUpstreamException(this.client::generate, UpstreamException.class);
		this.server.answer(200, "{\"session_token\":\"" + SESSION_TOKEN + "\"}");
		assertUpstreamException(this.client::generate, UpstreamException.class);
		this.server.answer(200, "{\"session_token\":\"  \",\"deeplink\":\"https://t.me/b\"}");
		assertUpstreamException(this.client::generate, UpstreamException.class);
		this.server.answer(200, "{\"session_token\":42,\"deeplink\":\"https://t.me/b\"}");
		assertUpstreamException(this.client::generate, UpstreamException.class);
	}

	@Test
	void generateWhenRateLimitedThenRetryAfterRead() {
		this.server.answer(429, Map.of("Retry-After", "7"), "{\"error\":\"slow down\",\"code\":\"RATE_LIMITED\"}");
		UpstreamRateLimitedException ex = (UpstreamRateLimitedException) assertUpstreamException(this.client::generate,
				UpstreamRateLimitedException.class);
		assertThat(ex.getRetryAfter()).isEqualTo(Duration.ofSeconds(7));
	}

	@Test
	void generateWhen503ThenUpstreamUnavailableException() {
		this.server.answer(503, "{\"error\":\"maintenance\"}");
		assertUpstreamException(this.client::generate, UpstreamUnavailableException.class);
	}

	@Test
	void generateWhen500ThenPlainUpstreamException() {
		this.server.answer(500, "{\"error\":\"boom\",\"code\":\"INTERNAL\"}");
		assertUpstreamException(this.client::generate, UpstreamException.class);
	}

	@Test
	void generateWhen403ProjectNotFoundThenPlainUpstreamException() {
		this.server.answer(403, "{\"error\":\"no such project\",\"code\":\"PROJECT_NOT_FOUND\"}");
		UpstreamException ex = assertUpstreamException(this.client::generate, UpstreamException.class);
		assertThat(ex.getMessage()).contains("403");
	}

	// ---------------------------------------------------------------- status

	@Test
	void statusWhenCalledThenPostsProjectIdAndSessionTokenToVerifyPath() throws Exception {
		this.server.answer(200, "{\"status\":\"pending\"}");
		this.client.status(SESSION_TOKEN);
		Recorded request = this.server.takeRequest();
		assertThat(request.method()).isEqualTo("POST");
		assertThat(request.path()).isEqualTo("/api/v1/verify/public");
		assertThat(request.contentType()).startsWith("application/json");
		assertThat(JSONObjectUtils.parse(request.body()))
			.isEqualTo(Map.of("project_id", PROJECT_ID, "session_token", SESSION_TOKEN));
	}

	@Test
	void statusWhenPendingThenPending() {
		this.server.answer(200, "{\"status\":\"pending\"}");
		assertThat(this.client.status(SESSION_TOKEN)).isEqualTo(BondifyStatus.PENDING);
	}

	@Test
	void statusWhenCancelledThenCancelled() {
		this.server.answer(200, "{\"status\":\"cancelled\",\"cancelled_at\":1772366400000}");
		assertThat(this.client.status(SESSION_TOKEN)).isEqualTo(new BondifyStatus(BondifyStatus.State.CANCELLED, null));
	}

	@Test
	void statusWhenExpiredThenExpired() {
		this.server.answer(200, "{\"status\":\"expired\"}");
		assertThat(this.client.status(SESSION_TOKEN)).isEqualTo(new BondifyStatus(BondifyStatus.State.EXPIRED, null));
	}

	@Test
	void statusWhenUsedThenUsed() {
		this.server.answer(200, "{\"status\":\"used\"}");
		assertThat(this.client.status(SESSION_TOKEN)).isEqualTo(new BondifyStatus(BondifyStatus.State.USED, null));
	}

	@Test
	void statusWhenConfirmedWithProofThenConfirmedWithProof() {
		this.server.answer(200, "{\"status\":\"confirmed\",\"proof\":\"" + PROOF + "\",\"confirmed_at\":1772366400000}");
		BondifyStatus status = this.client.status(SESSION_TOKEN);
		assertThat(status.state()).isEqualTo(BondifyStatus.State.CONFIRMED);
		assertThat(status.proof()).isEqualTo(PROOF);
	}

	@Test
	void statusWhenProofWithStatusUsedThenConfirmed() {
		this.server.answer(200, "{\"status\":\"used\",\"proof\":\"" + PROOF + "\"}");
		assertThat(this.client.status(SESSION_TOKEN)).isEqualTo(new BondifyStatus(BondifyStatus.State.CONFIRMED, PROOF));
	}

	@Test
	void statusWhenProofWithoutStatusThenConfirmed() {
		this.server.answer(200, "{\"proof\":\"" + PROOF + "\"}");
		assertThat(this.client.status(SESSION_TOKEN)).isEqualTo(new BondifyStatus(BondifyStatus.State.CONFIRMED, PROOF));
	}

	@Test
	void statusWhenProofIsJsonNullThenStatusDecides() {
		this.server.answer(200, "{\"status\":\"pending\",\"proof\":null}");
		assertThat(this.client.status(SESSION_TOKEN)).isEqualTo(BondifyStatus.PENDING);
	}

	@Test
	void statusWhenUnknownFieldsThenIgnored() {
		this.server.answer(200, "{\"status\":\"pending\",\"telegram_id\":\"1\",\"extra\":{\"a\":[1,2,{\"b\":null}]},"
				+ "\"version\":3.5,\"flag\":true}");
		assertThat(this.client.status(SESSION_TOKEN)).isEqualTo(BondifyStatus.PENDING);
	}

	@Test
	void statusWhen404SessionNotFoundThenExpired() {
		this.server.answer(404, "{\"error\":\"Session not found\",\"code\":\"SESSION_NOT_FOUND\"}");
		assertThat(this.client.status(SESSION_TOKEN)).isEqualTo(new BondifyStatus(BondifyStatus.State.EXPIRED, null));
	}

	@Test
	void statusWhenSessionCodesThenDecidedByTheCodeWhateverTheStatus() {
		for (int status : new int[] { 400, 404, 410, 422 }) {
			this.server.answer(status, "{\"error\":\"Session expired\",\"code\":\"SESSION_EXPIRED\"}");
			assertThat(this.client.status(SESSION_TOKEN)).as("expired as %d", status)
				.isEqualTo(new BondifyStatus(BondifyStatus.State.EXPIRED, null));
			this.server.answer(status, "{\"error\":\"Session cancelled\",\"code\":\"SESSION_CANCELLED\"}");
			assertThat(this.client.status(SESSION_TOKEN)).as("cancelled as %d", status)
				.isEqualTo(new BondifyStatus(BondifyStatus.State.CANCELLED, null));
		}
	}

	@Test
	void statusWhenRateLimitedCodeWithAnotherStatusThenRateLimited() {
		this.server.answer(403, "{\"error\":\"Slow down\",\"code\":\"RATE_LIMITED\"}");
		assertStatusFails(UpstreamRateLimitedException.class);
	}

	@Test
	void generateWhenProjectRefusedThenAnOperatorLogLineSaysWhatToFix() {
		int mark = dev.tglogin.test.LogCapture.mark();
		this.server.answer(403, "{\"error\":\"Public access disabled\",\"code\":\"PUBLIC_ACCESS_DISABLED\"}");
		org.assertj.core.api.Assertions.assertThatExceptionOfType(UpstreamException.class)
			.isThrownBy(() -> this.client.generate());
		this.server.answer(403, "{\"error\":\"Inactive\",\"code\":\"PROJECT_INACTIVE\"}");
		org.assertj.core.api.Assertions.assertThatExceptionOfType(UpstreamException.class)
			.isThrownBy(() -> this.client.generate());
		this.server.answer(404, "{\"error\":\"Project not found\",\"code\":\"PROJECT_NOT_FOUND\"}");
		org.assertj.core.api.Assertions.assertThatExceptionOfType(UpstreamException.class)
			.isThrownBy(() -> this.client.generate());
		assertThat(dev.tglogin.test.LogCapture.since(mark)).contains("public access is off; switch it on")
			.contains("project is inactive")
			.contains("check tglogin.bondify.project-id");
	}

	@Test
	void generateWhenExpiresAtInSecondsInThePastOrFarAheadThenNeverAnInstantExpiry() {
		String answer = "{\"session_token\":\"" + SESSION_TOKEN + "\",\"deeplink\":\"https://t.me/b?start=x\","
				+ "\"expires_at\":%d}";
		this.server.answer(200, String.format(answer, NOW.plusSeconds(300).getEpochSecond()));
		assertThat(this.client.generate().expiresAt()).as("seconds").isEqualTo(NOW.plusSeconds(300));
		this.server.answer(200, String.format(answer, NOW.minusSeconds(5).toEpochMilli()));
		assertThat(this.client.generate().expiresAt()).as("in the past").isEqualTo(NOW.plus(Duration.ofMinutes(10)));
		this.server.answer(200, String.format(answer, NOW.plus(Duration.ofDays(400)).toEpochMilli()));
		assertThat(this.client.generate().expiresAt()).as("far ahead").isEqualTo(NOW.plus(Duration.ofMinutes(10)));
	}

	@Test
	void statusWhen404WithoutSessionCodeThenUpstreamException() {
		this.server.answer(404, "{\"error\":\"Project not found\",\"code\":\"PROJECT_NOT_FOUND\"}");
		assertStatusFails(UpstreamException.class);
		this.server.answer(404, "<html>not found</html>");
		assertStatusFails(UpstreamException.class);
	}

	@Test
	void statusWhenRateLimitedThenRetryAfterSevenSeconds() {
		this.server.answer(429, Map.of("Retry-After", "7"), "{\"error\":\"Too many requests\",\"code\":\"RATE_LIMITED\"}");
		UpstreamRateLimitedException ex = (UpstreamRateLimitedException) assertStatusFails(
				UpstreamRateLimitedException.class);
		assertThat(ex.getRetryAfter()).isEqualTo(Duration.ofSeconds(7));
		assertThat(ex.getUpstream()).isEqualTo("bondify");
	}

	@Test
	void statusWhenRateLimitedWithoutRetryAfterThenNullRetryAfter() {
		this.server.answer(429, "");
		UpstreamRateLimitedException ex = (UpstreamRateLimitedException) assertStatusFails(
				UpstreamRateLimitedException.class);
		assertThat(ex.getRetryAfter()).isNull();
	}

	@Test
	void statusWhen503ThenUpstreamUnavailableException() {
		this.server.answer(503, "Service Unavailable");
		assertStatusFails(UpstreamUnavailableException.class);
	}

	@Test
	void statusWhen500ThenPlainUpstreamException() {
		this.server.answer(500, "{\"error\":\"internal\"}");
		assertStatusFails(UpstreamException.class);
	}

	@Test
	void statusWhenOther4xxThenPlainUpstreamException() {
		this.server.answer(400, "{\"error\":\"bad request\",\"code\":\"INVALID_REQUEST\"}");
		assertStatusFails(UpstreamException.class);
	}

	@Test
	void statusWhenGarbageBodyThenUpstreamException() {
		this.server.answer(200, "<html><body>Hello</body></html>");
		assertStatusFails(UpstreamException.class);
		this.server.answer(200, "{\"status\":\"pending\"");
		assertStatusFails(UpstreamException.class);
		this.server.answer(200, "[\"pending\"]");
		assertStatusFails(UpstreamException.class);
		this.server.answer(200, "\"pending\"");
		assertStatusFails(UpstreamException.class);
		this.server.answer(200, "");
		assertStatusFails(UpstreamException.class);
	}

	@Test
	void statusWhenStatusIsNumberThenUpstreamException() {
		this.server.answer(200, "{\"status\":1}");
		assertStatusFails(UpstreamException.class);
	}

	@Test
	void statusWhenProofIsObjectThenUpstreamException() {
		this.server.answer(200, "{\"status\":\"confirmed\",\"proof\":{\"jwt\":\"" + PROOF + "\"}}");
		assertStatusFails(UpstreamException.class);
		this.server.answer(200, "{\"status\":\"confirmed\",\"proof\":12345}");
		assertStatusFails(UpstreamException.class);
	}

	@Test
	void statusWhenConfirmedWithoutProofThenUpstreamException() {
		this.server.answer(200, "{\"status\":\"confirmed\"}");
		assertStatusFails(UpstreamException.class);
	}

	@Test
	void statusWhenUnknownStatusOrNoStatusThenUpstreamException() {
		this.server.answer(200, "{\"status\":\"approved\"}");
		assertStatusFails(UpstreamException.class);
		this.server.answer(200, "{}");
		assertStatusFails(UpstreamException.class);
		this.server.answer(200, "{\"status\":\"PENDING\"}");
		assertStatusFails(UpstreamException.class);
	}

	@Test
	void statusWhenServerTooSlowThenUpstreamTimeoutExceptionWithinTimeout() {
		Duration readTimeout = Duration.ofMillis(500);
		HttpBondifyClient slowClient = new HttpBondifyClient(
				http(readTimeout), this.server.baseUrl(), PROJECT_ID);
		this.server.answerAfterRelease(200, "{\"status\":\"pending\"}");
		long start = System.nanoTime();
		Throwable thrown = catchThrowable(() -> slowClient.status(SESSION_TOKEN));
		Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
		assertThat(thrown).isInstanceOf(UpstreamTimeoutException.class);
		assertNoSessionToken(thrown);
		assertThat(elapsed).isLessThan(readTimeout.multipliedBy(3).plusSeconds(1));
	}

	@Test
	void statusWhenConnectionRefusedThenUpstreamUnavailableException() throws IOException {
		HttpBondifyClient refused = new HttpBondifyClient(this.http, "http://127.0.0.1:" + closedPort(), PROJECT_ID);
		Throwable thrown = catchThrowable(() -> refused.status(SESSION_TOKEN));
		assertThat(thrown).isInstanceOf(UpstreamUnavailableException.class);
		assertNoSessionToken(thrown);
	}

	@Test
	void statusWhenBodyOverLimitThenPlainUpstreamException() {
		this.http.setMaxResponseBytes(64);
		this.server.answer(200, "{\"status\":\"pending\",\"padding\":\"" + "x".repeat(4096) + "\"}");
		assertStatusFails(UpstreamException.class);
	}

	@Test
	void statusWhenSessionTokenEmptyThenIllegalArgument() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.client.status(""));
		assertThatIllegalArgumentException().isThrownBy(() -> this.client.status(null));
	}

	@Test
	void constructorWhenArgumentMissingThenIllegalArgument() {
		assertThatIllegalArgumentException().isThrownBy(() -> new HttpBondifyClient(null, "http://x", PROJECT_ID));
		assertThatIllegalArgumentException().isThrownBy(() -> new HttpBondifyClient(this.http, "", PROJECT_ID));
		assertThatIllegalArgumentException().isThrownBy(() -> new HttpBondifyClient(this.http, "http://x", " "));
		assertThatIllegalArgumentException().isThrownBy(() -> this.client.setClock(null));
	}

	@Test
	void toStringWhenCalledThenNoProjectSecretOrToken() {
		assertThat(this.client.toString()).contains("127.0.0.1").doesNotContain(SESSION_TOKEN);
	}

	// ---------------------------------------------------------------- helpers

	private UpstreamException assertStatusFails(Class<? extends UpstreamException> type) {
		return assertUpstreamException(() -> this.client.status(SESSION_TOKEN), type);
	}

	private static UpstreamException assertUpstreamException(Executable call,
			Class<? extends UpstreamException> type) {
		Throwable thrown = catchThrowable(call::execute);
		assertThat(thrown).isInstanceOf(type);
		if (type == UpstreamException.class) {
			assertThat(thrown).isExactlyInstanceOf(UpstreamException.class);
		}
		UpstreamException ex = (UpstreamException) thrown;
		assertThat(ex.getUpstream()).isEqualTo("bondify");
		assertNoSessionToken(ex);
		return ex;
	}

	private static void assertNoSessionToken(Throwable thrown) {
		assertThat(thrown.toString()).doesNotContain(SESSION_TOKEN).doesNotContain(PROOF);
		for (Throwable t = thrown; t != null; t = t.getCause()) {
			assertThat(String.valueOf(t.getMessage())).doesNotContain(SESSION_TOKEN).doesNotContain(PROOF);
		}
	}

	static int closedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	record Recorded(String method, String path, String contentType, String body) {
	}

	record Answer(int status, Map<String, String> headers, String body, boolean hold) {
	}

	/**
	 * A local HTTP server answering each request with the next scripted answer, recording the requests.
	 */
	static final class ScriptedServer implements AutoCloseable {

		private final HttpServer server;

		private final ExecutorService executor = Executors.newCachedThreadPool();

		private final Deque<Answer> answers = new ArrayDeque<>();

		private final BlockingQueue<Recorded> requests = new LinkedBlockingQueue<>();

		private final CountDownLatch release = new CountDownLatch(1);

		ScriptedServer() throws IOException {
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			this.server.createContext("/", this::handle);
			this.server.setExecutor(this.executor);
			this.server.start();
		}

		String baseUrl() {
			return "http://127.0.0.1:" + this.server.getAddress().getPort();
		}

		synchronized void answer(int status, String body) {
			answer(status, Map.of(), body);
		}

		synchronized void answer(int status, Map<String, String> headers, String body) {
			this.answers.add(new Answer(status, headers, body, false));
		}

		/** Answers only once the test is over: a server that never answers in time. */
		synchronized void answerAfterRelease(int status, String body) {
			this.answers.add(new Answer(status, Map.of(), body, true));
		}

		Recorded takeRequest() throws InterruptedException {
			Recorded recorded = this.requests.poll(5, TimeUnit.SECONDS);
			assertThat(recorded).as("a request reached the server").isNotNull();
			return recorded;
		}

		private void handle(HttpExchange exchange) throws IOException {
			try (exchange) {
				byte[] requestBody;
				try (InputStream in = exchange.getRequestBody()) {
					requestBody = in.readAllBytes();
				}
				this.requests.add(new Recorded(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
						exchange.getRequestHeaders().getFirst("Content-Type"),
						new String(requestBody, StandardCharsets.UTF_8)));
				Answer answer;
				synchronized (this) {
					answer = this.answers.poll();
				}
				if (answer == null) {
					answer = new Answer(599, Map.of(), "{\"error\":\"no scripted answer\"}", false);
				}
				if (answer.hold()) {
					try {
						this.release.await(10, TimeUnit.SECONDS);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
						return;
					}
				}
				answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
				exchange.getResponseHeaders().add("Content-Type", "application/json");
				byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
				exchange.sendResponseHeaders(answer.status(), (bytes.length == 0) ? -1 : bytes.length);
				if (bytes.length > 0) {
					try (OutputStream out = exchange.getResponseBody()) {
						out.write(bytes);
					}
				}
			}
			catch (IOException ex) {
				// the client gave up (timeout, body limit): nothing to do
			}
		}

		@Override
		public void close() {
			this.release.countDown();
			this.server.stop(0);
			this.executor.shutdownNow();
		}

	}

}
