package dev.tglogin.config;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tglogin.bondify.BondifyWebhookVerifier;
import dev.tglogin.emulator.BondifyEmulator;
import dev.tglogin.emulator.EmulatedTelegramUser;
import dev.tglogin.emulator.XellarEmulator;
import dev.tglogin.observation.MicrometerTelegramLoginMetrics;
import dev.tglogin.test.Browser.Response;
import dev.tglogin.test.Browser;
import dev.tglogin.test.EmulatorServer;
import dev.tglogin.test.TestApp;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Observations and meters over HTTP: an app whose {@code telegramLogin()} has an {@code ObservationRegistry} and
 * Micrometer metrics, driven by a browser against the emulator. Upstream calls and login attempts are observed,
 * pending logins, throttle refusals and webhook requests are counted.
 */
class ObservabilityIntegrationTests {

	private static final TestObservationRegistry observations = TestObservationRegistry.create();

	private static final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private static EmulatorServer upstream;

	private static TestApp app;

	private static BondifyWebhookVerifier signer;

	private static int phones = 0;

	@BeforeAll
	static void start() {
		upstream = new EmulatorServer(BondifyEmulator.builder().build(),
				XellarEmulator.builder().loginInterval(Duration.ZERO).build());
		signer = new BondifyWebhookVerifier(upstream.bondify().secret());
		app = new TestApp((telegram) -> telegram.observationRegistry(observations)
			.metrics(new MicrometerTelegramLoginMetrics(meters))
			.throttle((throttle) -> throttle.startsPerSession(2, Duration.ofHours(1)))
			.bondify((b) -> b.projectId(upstream.bondify().projectId())
				.secret(upstream.bondify().secret())
				.baseUrl(upstream.baseUrl())
				.webhook(true)
				.webhookFallbackCheckInterval(Duration.ofMillis(50)))
			.xellar((x) -> x.clientSecret(upstream.xellar().clientSecret()).baseUrl(upstream.baseUrl())));
	}

	@AfterAll
	static void stop() throws Exception {
		app.close();
		upstream.close();
	}

	@BeforeEach
	void clear() {
		observations.clear();
	}

	@Test
	void bondifyLoginWhenConfirmedThenUpstreamCallsAndTheLoginAttemptObserved() {
		double started = count(MicrometerTelegramLoginMetrics.PENDING_STARTED, "flow", "bondify");
		double ended = count(MicrometerTelegramLoginMetrics.PENDING_ENDED, "flow", "bondify");
		Browser browser = app.browser().openLoginPage();
		String token = token(browser.post("/login/telegram/start"));
		upstream.bondify().confirm(token, EmulatedTelegramUser.defaultUser());
		// webhooks are on and none comes: the fallback check (every 50 ms here) asks Bondify
		Response confirmed = browser.post("/login/telegram/status");
		for (int i = 0; i < 100 && "pending".equals(confirmed.field("status")); i++) {
			sleep(20);
			confirmed = browser.post("/login/telegram/status");
		}
		assertThat(confirmed.field("status")).isEqualTo("confirmed");
		assertThat(observations)
			.hasAnObservation((observation) -> observation.hasNameEqualTo("tglogin.upstream.calls")
				.hasLowCardinalityKeyValue("operation", "generate")
				.hasLowCardinalityKeyValue("outcome", "success"))
			.hasAnObservation((observation) -> observation.hasNameEqualTo("tglogin.upstream.calls")
				.hasLowCardinalityKeyValue("operation", "status")
				.hasLowCardinalityKeyValue("outcome", "success"))
			.hasAnObservation((observation) -> observation.hasNameEqualTo("tglogin.login.attempts")
				.hasLowCardinalityKeyValue("flow", "bondify")
				.hasLowCardinalityKeyValue("outcome", "success"));
		assertThat(count(MicrometerTelegramLoginMetrics.PENDING_STARTED, "flow", "bondify")).isEqualTo(started + 1);
		assertThat(count(MicrometerTelegramLoginMetrics.PENDING_ENDED, "flow", "bondify")).isEqualTo(ended + 1);
	}

	@Test
	void xellarLoginWhenCodeIsWrongThenTheLoginAttemptObservedWithItsErrorCode() {
		Browser browser = app.browser().openLoginPage();
		String phone = newPhone();
		assertThat(browser.post("/login/telegram/otp", "{\"phoneNumber\":\"" + phone + "\"}").status()).isEqualTo(200);
		String otp = upstream.xellar().lastOtp(phone).orElseThrow();
		String wrong = otp.equals("000000") ? "111111" : "000000";
		assertThat(browser.post("/login/telegram/otp/verify", "{\"otp\":\"" + wrong + "\"}").status()).isEqualTo(401);
		assertThat(observations)
			.hasAnObservation((observation) -> observation.hasContextualNameEqualTo("xellar send")
				.hasLowCardinalityKeyValue("outcome", "success"))
			.hasAnObservation((observation) -> observation.hasNameEqualTo("tglogin.login.attempts")
				.hasLowCardinalityKeyValue("flow", "xellar")
				.hasLowCardinalityKeyValue("outcome", "invalid_otp")
				.hasError());
	}

	@Test
	void startWhenOverTheLimitThenTheRefusalCountedByLimit() {
		double refusals = count(MicrometerTelegramLoginMetrics.THROTTLE_REFUSALS, "limit", "starts-per-session");
		Browser browser = app.browser().openLoginPage();
		assertThat(browser.post("/login/telegram/start").status()).isEqualTo(200);
		assertThat(browser.post("/login/telegram/start").status()).isEqualTo(200);
		assertThat(browser.post("/login/telegram/start").status()).isEqualTo(429);
		assertThat(count(MicrometerTelegramLoginMetrics.THROTTLE_REFUSALS, "limit", "starts-per-session"))
			.isEqualTo(refusals + 1);
	}

	@Test
	void webhookWhenSignedOrNotThenCountedByTypeAndOutcome() throws Exception {
		String body = "{\"event\":\"auth.cancelled\",\"session_token\":\"sess_observed\"}";
		assertThat(post(body, signer.sign(body.getBytes(StandardCharsets.UTF_8))).statusCode()).isEqualTo(204);
		assertThat(post(body, "00").statusCode()).isEqualTo(401);
		assertThat(meters.get(MicrometerTelegramLoginMetrics.WEBHOOK_EVENTS)
			.tags("type", "auth.cancelled", "outcome", "recorded")
			.counter()
			.count()).isEqualTo(1);
		assertThat(meters.get(MicrometerTelegramLoginMetrics.WEBHOOK_EVENTS)
			.tags("type", "unknown", "outcome", "invalid_signature")
			.counter()
			.count()).isEqualTo(1);
	}

	private static double count(String name, String tag, String value) {
		io.micrometer.core.instrument.Counter counter = meters.find(name).tag(tag, value).counter();
		return (counter != null) ? counter.count() : 0;
	}

	private static HttpResponse<String> post(String body, String signature) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create(app.uri() + "/login/telegram/webhook"))
			.header("Content-Type", "application/json")
			.header("X-Bondify-Signature", signature)
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
	}

	private static String token(Response start) {
		String deeplink = start.field("deeplink");
		return deeplink.substring(deeplink.indexOf("start=") + "start=".length());
	}

	private static synchronized String newPhone() {
		return "+1777" + String.format("%07d", phones++);
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
