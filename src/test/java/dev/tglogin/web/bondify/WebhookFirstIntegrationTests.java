package dev.tglogin.web.bondify;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.security.config.Customizer;

import dev.tglogin.bondify.BondifyWebhookVerifier;
import dev.tglogin.config.TelegramLoginConfigurer;
import dev.tglogin.emulator.BondifyEmulator;
import dev.tglogin.emulator.EmulatedTelegramUser;
import dev.tglogin.store.InMemoryTelegramLoginStore;
import dev.tglogin.test.Browser;
import dev.tglogin.test.Browser.Response;
import dev.tglogin.test.EmulatorServer;
import dev.tglogin.test.TestApp;
import dev.tglogin.web.PendingLogin;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How often Bondify is asked, over HTTP, counted by the emulator itself: with webhooks on, not while a login is
 * pending but for the slow fallback check; with two instances sharing the store and one login polled on both, once
 * per interval between them. Intervals are short and polls frequent; the bounds on the counts are generous (from the
 * measured time), and far below what polling without the feature makes.
 */
class WebhookFirstIntegrationTests {

	private static final Duration UPSTREAM_INTERVAL = Duration.ofMillis(200);

	private static final Duration FALLBACK = Duration.ofMillis(1500);

	private static final Duration POLLING = Duration.ofMillis(3200);

	private static EmulatorServer upstream;

	@BeforeAll
	static void start() {
		// no webhook URL: the emulator sends no webhook, only the test does
		upstream = new EmulatorServer(BondifyEmulator.builder().build());
	}

	@AfterAll
	static void stop() throws Exception {
		upstream.close();
	}

	@Test
	void statusWhenWebhooksOnThenBondifyIsAskedOnlyByTheFallbackCheckAndAWebhookAnswers() throws Exception {
		try (TestApp app = new TestApp(bondify(true, UPSTREAM_INTERVAL, null))) {
			Browser browser = app.browser().openLoginPage();
			String token = token(browser.post("/login/telegram/start"));

			long elapsed = pollFor(POLLING, (i) -> browser.post("/login/telegram/status"));

			int calls = upstream.bondify().statusCalls(token);
			assertThat(calls).as("fallback checks in %d ms of polls every 100 ms", elapsed)
				.isLessThanOrEqualTo((int) (elapsed / FALLBACK.toMillis()) + 1);
			deliverConfirmation(app, token);
			Response confirmed = browser.post("/login/telegram/status");
			assertThat(confirmed.json()).containsEntry("status", "confirmed");
			assertThat(browser.get("/me").body()).contains("Hooked User");
		}
	}

	@Test
	void statusWhenWebhooksOffThenBondifyIsAskedOncePerUpstreamInterval() throws Exception {
		// the same polls without webhooks: what the counts above are compared with
		try (TestApp app = new TestApp(bondify(false, UPSTREAM_INTERVAL, null))) {
			Browser browser = app.browser().openLoginPage();
			String token = token(browser.post("/login/telegram/start"));

			long elapsed = pollFor(POLLING, (i) -> browser.post("/login/telegram/status"));

			assertThat(upstream.bondify().statusCalls(token)).as("checks in %d ms", elapsed)
				.isGreaterThanOrEqualTo((int) (elapsed / UPSTREAM_INTERVAL.toMillis()) / 2)
				.isLessThanOrEqualTo((int) (elapsed / UPSTREAM_INTERVAL.toMillis()) + 2);
		}
	}

	@Test
	void statusWhenTheWebhookIsLostThenTheFallbackCheckCompletesTheLogin() throws Exception {
		try (TestApp app = new TestApp(bondify(true, UPSTREAM_INTERVAL, null))) {
			Browser browser = app.browser().openLoginPage();
			String token = token(browser.post("/login/telegram/start"));
			upstream.bondify().confirm(token, EmulatedTelegramUser.of("616001", "Lost Hook", "lost"));

			long started = System.nanoTime();
			Response status = browser.post("/login/telegram/status");
			while (!"confirmed".equals(status.json().get("status")) && System.nanoTime() - started < 15_000_000_000L) {
				Thread.sleep(100);
				status = browser.post("/login/telegram/status");
			}

			assertThat(status.json()).containsEntry("status", "confirmed");
			assertThat(browser.get("/me").body()).contains("Lost Hook");
			assertThat(upstream.bondify().statusCalls(token)).isLessThanOrEqualTo(
					(int) ((System.nanoTime() - started) / FALLBACK.toNanos()) + 2);
		}
	}

	@Test
	void statusWhenOneLoginIsPolledOnTwoInstancesThenOneCheckPerIntervalAndEitherAnswersTheConfirmation()
			throws Exception {
		Duration interval = Duration.ofMillis(400);
		InMemoryTelegramLoginStore store = new InMemoryTelegramLoginStore();
		Map<String, PendingLogin> sessions = new ConcurrentHashMap<>();
		try (TestApp a = new TestApp(instance(interval, store, sessions));
				TestApp b = new TestApp(instance(interval, store, sessions))) {
			Browser[] instances = { a.browser().openLoginPage(), b.browser().openLoginPage() };
			String token = token(instances[0].post("/login/telegram/start", "{}", SharedPendingLogins.HEADER, "one"));

			long elapsed = pollFor(POLLING, (i) -> instances[i % 2].post("/login/telegram/status", "{}",
					SharedPendingLogins.HEADER, "one"));

			assertThat(upstream.bondify().statusCalls(token)).as("checks in %d ms, polls alternating", elapsed)
				.isLessThanOrEqualTo((int) (elapsed / interval.toMillis()) + 2);
			upstream.bondify().confirm(token, EmulatedTelegramUser.of("616002", "Two Instances", "two"));
			Response status = null;
			for (int i = 0; i < 100 && (status == null || "pending".equals(status.json().get("status"))); i++) {
				Thread.sleep(100);
				status = instances[i % 2].post("/login/telegram/status", "{}", SharedPendingLogins.HEADER, "one");
			}
			assertThat(status.json()).containsEntry("status", "confirmed");
			assertThat(status.body()).contains("Two Instances");
		}
	}

	private static Customizer<TelegramLoginConfigurer> bondify(boolean webhook, Duration interval,
			InMemoryTelegramLoginStore store) {
		return (telegram) -> {
			telegram.throttle((throttle) -> throttle.disable());
			if (store != null) {
				telegram.store(store);
			}
			telegram.bondify((bondify) -> bondify.projectId(upstream.bondify().projectId())
				.secret(upstream.bondify().secret())
				.baseUrl(upstream.baseUrl())
				.upstreamPollInterval(interval)
				.webhook(webhook)
				.webhookFallbackCheckInterval(FALLBACK));
		};
	}

	/** An instance of a cluster: the store and the pending logins shared. */
	private static Customizer<TelegramLoginConfigurer> instance(Duration interval, InMemoryTelegramLoginStore store,
			Map<String, PendingLogin> sessions) {
		return (telegram) -> {
			bondify(false, interval, store).customize(telegram);
			telegram.pendingLoginRepository(new SharedPendingLogins(sessions));
		};
	}

	/** Polls every 100 ms for the given time, each poll answered pending; returns the time it took, in ms. */
	private static long pollFor(Duration duration, Function<Integer, Response> poll) throws InterruptedException {
		long started = System.nanoTime();
		for (int i = 0; System.nanoTime() - started < duration.toNanos(); i++) {
			assertThat(poll.apply(i).json()).containsEntry("status", "pending");
			Thread.sleep(100);
		}
		return (System.nanoTime() - started) / 1_000_000;
	}

	private static void deliverConfirmation(TestApp app, String token) throws Exception {
		String body = "{\"event\":\"auth.confirmed\",\"session_token\":\"" + token
				+ "\",\"telegram_id\":\"616000\",\"telegram_name\":\"Hooked User\",\"confirmed_at\":1700000000000}";
		String signature = new BondifyWebhookVerifier(upstream.bondify().secret())
			.sign(body.getBytes(StandardCharsets.UTF_8));
		HttpResponse<String> answer = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(app.uri() + "/login/telegram/webhook"))
				.header("Content-Type", "application/json")
				.header("X-Bondify-Signature", signature)
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(answer.statusCode()).isEqualTo(204);
	}

	private static String token(Response start) {
		assertThat(start.status()).isEqualTo(200);
		String deeplink = start.field("deeplink");
		return deeplink.substring(deeplink.indexOf("start=") + "start=".length());
	}

}
