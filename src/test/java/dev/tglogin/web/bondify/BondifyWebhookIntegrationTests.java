package dev.tglogin.web.bondify;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tglogin.bondify.BondifyWebhookVerifier;
import dev.tglogin.emulator.BondifyEmulator;
import dev.tglogin.emulator.EmulatedTelegramUser;
import dev.tglogin.emulator.EmulatorFaults;
import dev.tglogin.emulator.Fault;
import dev.tglogin.store.InMemoryTelegramLoginStore;
import dev.tglogin.store.StoreUnavailableException;
import dev.tglogin.store.TelegramLoginStore;
import dev.tglogin.test.Browser;
import dev.tglogin.test.Browser.Response;
import dev.tglogin.test.EmulatorServer;
import dev.tglogin.test.TestApp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bondify webhooks over HTTP: a signed {@code auth.confirmed} lets the waiting browser complete without polling
 * Bondify; bad signatures are refused; deliveries are idempotent; polling stays the fallback.
 */
class BondifyWebhookIntegrationTests {

	private static final String PROJECT = "proj_webhooks";

	private static EmulatorServer upstream;

	private static TestApp app;

	private static BondifyWebhookVerifier signer;

	@BeforeAll
	static void start() {
		upstream = new EmulatorServer(BondifyEmulator.builder().projectId(PROJECT).build());
		signer = new BondifyWebhookVerifier(upstream.bondify().secret());
		app = new TestApp((telegram) -> telegram.bondify((bondify) -> bondify.projectId(PROJECT)
			.secret(upstream.bondify().secret())
			.baseUrl(upstream.baseUrl())
			.webhook(true)
			.webhookFallbackCheckInterval(Duration.ofSeconds(1))));
	}

	@AfterAll
	static void stop() throws Exception {
		app.close();
		upstream.close();
	}

	@AfterEach
	void clearFaults() {
		upstream.bondify().faults().clear();
	}

	@Test
	void statusWhenSignedConfirmationArrivedThenLoginCompletesFromItWithoutPollingBondify() throws Exception {
		Browser browser = app.browser().openLoginPage();
		String token = token(browser.post("/login/telegram/start"));
		// any poll of Bondify now would fail: the login must complete from the webhook alone
		upstream.bondify().faults().enqueue(EmulatorFaults.VERIFY, Fault.status(500), 1);

		assertThat(deliver(confirmed(token, "888001", "Webhook User"), true).statusCode()).isEqualTo(204);
		Response status = browser.post("/login/telegram/status");

		assertThat(status.json()).containsEntry("status", "confirmed")
			.containsEntry("user", Map.of("id", "888001", "name", "Webhook User", "username", "hooked"));
		assertThat(browser.get("/me").body()).isEqualTo("Hello, Webhook User (888001)");
		assertThat(upstream.bondify().faults().next(EmulatorFaults.VERIFY)).as("Bondify was not polled").isPresent();
	}

	@Test
	void statusAnsweredAtOnceReadsTheWebhookOutcomeOnce() throws Exception {
		CountingStore store = new CountingStore();
		try (TestApp counted = new TestApp((telegram) -> telegram.store(store)
			.bondify((bondify) -> bondify.projectId(PROJECT)
				.secret(upstream.bondify().secret())
				.baseUrl(upstream.baseUrl())
				.webhook(true)
				.upstreamPollInterval(Duration.ofMinutes(1))))) {
			Browser browser = counted.browser().openLoginPage();
			browser.post("/login/telegram/start");
			// webhook-first: both polls are answered at once (pending, Bondify not asked), and each must read the
			// store once, not once per phase
			assertThat(browser.post("/login/telegram/status").json()).containsEntry("status", "pending");
			long before = store.outcomeReads.get();
			assertThat(browser.post("/login/telegram/status").json()).containsEntry("status", "pending");
			assertThat(store.outcomeReads.get() - before).isEqualTo(1);
		}
	}

	@Test
	void longPollGoesOnPollingBondifyWhenTheWebhookStoreCannotBeRead() throws Exception {
		CountingStore store = new CountingStore();
		try (TestApp unreadable = new TestApp((telegram) -> telegram.store(store)
			.bondify((bondify) -> bondify.projectId(PROJECT)
				.secret(upstream.bondify().secret())
				.baseUrl(upstream.baseUrl())
				.webhook(true)))) {
			Browser browser = unreadable.browser().openLoginPage();
			String token = token(browser.post("/login/telegram/start"));
			store.failReads = true;
			ExecutorService threads = Executors.newSingleThreadExecutor();
			try {
				Future<Response> poll = threads.submit(() -> browser.post("/login/telegram/status?waitSeconds=10", "{}"));
				Thread.sleep(500);
				// the long-poll's next tick checks the store (which fails) and must still ask Bondify
				upstream.bondify().confirm(token, EmulatedTelegramUser.of("888009", "Store Down", "down"));
				assertThat(poll.get(8, TimeUnit.SECONDS).json()).containsEntry("status", "confirmed");
			}
			finally {
				threads.shutdownNow();
			}
		}
	}

	@Test
	void webhookWhenDeliveredTwiceThenIdempotentAndTheLoginHappensOnce() throws Exception {
		Browser browser = app.browser().openLoginPage();
		String token = token(browser.post("/login/telegram/start"));
		String body = confirmed(token, "888002", "Twice");
		assertThat(deliver(body, true).statusCode()).isEqualTo(204);
		assertThat(deliver(body, true).statusCode()).isEqualTo(204);

		assertThat(browser.post("/login/telegram/status").json()).containsEntry("status", "confirmed");
		assertThat(deliver(body, true).statusCode()).isEqualTo(204);
		assertThat(browser.openLoginPage().post("/login/telegram/status").status()).isEqualTo(409);
	}

	@Test
	void webhookWhenSignatureIsWrongMissingOrNotHexThenRefusedAndNothingRecorded() throws Exception {
		Browser browser = app.browser().openLoginPage();
		String token = token(browser.post("/login/telegram/start"));
		String body = confirmed(token, "666", "Mallory");
		String good = signer.sign(body.getBytes(StandardCharsets.UTF_8));
		String flipped = (good.charAt(0) == 'a' ? "b" : "a") + good.substring(1);
		for (String signature : new String[] { null, "", flipped, good.substring(2), "zz" + good.substring(2),
				good + "00" }) {
			HttpResponse<String> refused = post(body, signature);
			assertThat(refused.statusCode()).as(String.valueOf(signature)).isEqualTo(401);
			assertThat(refused.body()).contains("invalid_signature");
		}
		// signed, but the body was changed after signing
		assertThat(post(body.replace("Mallory", "Malloryy"), good).statusCode()).isEqualTo(401);

		assertThat(browser.post("/login/telegram/status").json()).containsEntry("status", "pending");
	}

	@Test
	void webhookWhenSignedUppercaseHexThenAccepted() throws Exception {
		Browser browser = app.browser().openLoginPage();
		String token = token(browser.post("/login/telegram/start"));
		String body = confirmed(token, "888003", "Upper");
		assertThat(post(body, signer.sign(body.getBytes(StandardCharsets.UTF_8)).toUpperCase()).statusCode())
			.isEqualTo(204);
		assertThat(browser.post("/login/telegram/status").json()).containsEntry("status", "confirmed");
	}

	@Test
	void webhookWhenCancelledThenTheWaitingBrowserSeesCancelled() throws Exception {
		Browser browser = app.browser().openLoginPage();
		String token = token(browser.post("/login/telegram/start"));
		String body = "{\"event\":\"auth.cancelled\",\"session_token\":\"" + token
				+ "\",\"cancelled_at\":1700000000000}";
		assertThat(deliver(body, true).statusCode()).isEqualTo(204);
		assertThat(browser.post("/login/telegram/status").json()).isEqualTo(Map.of("status", "cancelled"));
	}

	@Test
	void webhookForAnotherSessionThenThisBrowserIsUntouchedAndPollingStillCompletesIt() throws Exception {
		Browser alice = app.browser().openLoginPage();
		Browser bob = app.browser().openLoginPage();
		String aliceToken = token(alice.post("/login/telegram/start"));
		String bobToken = token(bob.post("/login/telegram/start"));
		deliver(confirmed(bobToken, "888004", "Bob"), true);

		assertThat(alice.post("/login/telegram/status").json()).containsEntry("status", "pending");
		// no webhook for Alice: the fallback check (every second here) asks Bondify
		upstream.bondify().confirm(aliceToken, EmulatedTelegramUser.of("888005", "Alice", "alice"));
		Response status = alice.post("/login/telegram/status");
		for (int i = 0; i < 100 && "pending".equals(status.json().get("status")); i++) {
			Thread.sleep(200);
			status = alice.post("/login/telegram/status");
		}
		assertThat(status.json()).containsEntry("status", "confirmed");
		assertThat(alice.get("/me").body()).contains("Alice");
		assertThat(bob.post("/login/telegram/status").json()).containsEntry("status", "confirmed");
		assertThat(bob.get("/me").body()).contains("Bob");
	}

	@Test
	void webhookWhenUnknownEventOrUnusableBodyThenAcknowledgedAndIgnored() throws Exception {
		assertThat(deliver("{\"event\":\"auth.something\",\"session_token\":\"sess_x\"}", true).statusCode())
			.isEqualTo(204);
		assertThat(deliver("{\"event\":\"auth.confirmed\",\"session_token\":\"sess_x\",\"telegram_id\":\"abc\"}", true)
			.statusCode()).isEqualTo(204);
		assertThat(deliver("[1,2,3]", true).statusCode()).isEqualTo(204);
	}

	private static String confirmed(String token, String id, String name) {
		return "{\"event\":\"auth.confirmed\",\"session_token\":\"" + token + "\",\"telegram_id\":\"" + id
				+ "\",\"telegram_name\":\"" + name + "\",\"telegram_username\":\"hooked\",\"confirmed_at\":1700000000000}";
	}

	private static HttpResponse<String> deliver(String body, boolean sign) throws Exception {
		return post(body, sign ? signer.sign(body.getBytes(StandardCharsets.UTF_8)) : null);
	}

	/** As Bondify: no cookies, no CSRF token, the signature header only. */
	private static HttpResponse<String> post(String body, String signature) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(app.uri() + "/login/telegram/webhook"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (signature != null) {
			request.header("X-Bondify-Signature", signature);
		}
		return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String token(Response start) {
		String deeplink = start.field("deeplink");
		return deeplink.substring(deeplink.indexOf("start=") + "start=".length());
	}

	/** The in-memory store, counting {@link #findOutcome} calls, and failing them on demand. */
	private static final class CountingStore implements TelegramLoginStore {

		private final InMemoryTelegramLoginStore delegate = new InMemoryTelegramLoginStore();

		private final AtomicLong outcomeReads = new AtomicLong();

		private volatile boolean failReads;

		@Override
		public boolean useOnce(String key, Instant expiresAt) {
			return this.delegate.useOnce(key, expiresAt);
		}

		@Override
		public void release(String key) {
			this.delegate.release(key);
		}

		@Override
		public long increment(String key, Instant expiresAt) {
			return this.delegate.increment(key, expiresAt);
		}

		@Override
		public void decrement(String key) {
			this.delegate.decrement(key);
		}

		@Override
		public void putOutcome(String key, String value, Instant expiresAt) {
			this.delegate.putOutcome(key, value, expiresAt);
		}

		@Override
		public String findOutcome(String key) {
			this.outcomeReads.incrementAndGet();
			if (this.failReads) {
				throw new StoreUnavailableException("store down", new java.sql.SQLException("test"));
			}
			return this.delegate.findOutcome(key);
		}

	}

}
