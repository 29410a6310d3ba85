package dev.tglogin.web.bondify;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tglogin.bondify.BondifyClient;
import dev.tglogin.bondify.BondifySession;
import dev.tglogin.bondify.BondifyStatus;
import dev.tglogin.bondify.BondifyWebhookVerifier;
import dev.tglogin.bondify.HttpBondifyClient;
import dev.tglogin.emulator.BondifyEmulator;
import dev.tglogin.emulator.EmulatedTelegramUser;
import dev.tglogin.emulator.EmulatorFaults;
import dev.tglogin.emulator.Fault;
import dev.tglogin.http.UpstreamHttpClient;
import dev.tglogin.test.Browser;
import dev.tglogin.test.Browser.Response;
import dev.tglogin.test.EmulatorServer;
import dev.tglogin.test.TestApp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The status endpoint at scale, over HTTP against the emulator: waiting holds no request thread (servlet async and
 * an asynchronous upstream call), polls of one login share upstream calls (at most one in flight and one per upstream
 * interval), long-polls answer as soon as the status changes or a webhook arrives, and nothing is lost on the way.
 */
class StatusPollingIntegrationTests {

	private static final Duration UPSTREAM_INTERVAL = Duration.ofSeconds(3);

	private static EmulatorServer upstream;

	private static CountingClient client;

	/** Coalescing per 3 s. */
	private static TestApp app;

	/** The same, webhooks on (Bondify is then asked only by the fallback check while a login is pending). */
	private static TestApp webhookApp;

	/** A server with 8 threads in all: a blocking status endpoint would run out of them. */
	private static TestApp smallApp;

	private static BondifyWebhookVerifier signer;

	private final ExecutorService threads = Executors.newCachedThreadPool();

	@BeforeAll
	static void start() {
		upstream = new EmulatorServer(BondifyEmulator.builder().build());
		signer = new BondifyWebhookVerifier(upstream.bondify().secret());
		client = new CountingClient(new HttpBondifyClient(
				new UpstreamHttpClient("bondify", Duration.ofSeconds(2), Duration.ofSeconds(10)), upstream.baseUrl(),
				upstream.bondify().projectId()));
		app = new TestApp((telegram) -> telegram.throttle((throttle) -> throttle.disable())
			.bondify((bondify) -> bondify.projectId(upstream.bondify().projectId())
				.secret(upstream.bondify().secret())
				.client(client)
				.upstreamPollInterval(UPSTREAM_INTERVAL)
				.longPollMaxHeld(10_000, 8, 100)));
		webhookApp = new TestApp((telegram) -> telegram.throttle((throttle) -> throttle.disable())
			.bondify((bondify) -> bondify.projectId(upstream.bondify().projectId())
				.secret(upstream.bondify().secret())
				.client(client)
				.upstreamPollInterval(UPSTREAM_INTERVAL)
				.webhook(true)));
		smallApp = TestApp.withMaxThreads(8, (telegram) -> telegram.readTimeout(Duration.ofSeconds(15))
			.throttle((throttle) -> throttle.disable())
			.bondify((bondify) -> bondify.projectId(upstream.bondify().projectId())
				.secret(upstream.bondify().secret())
				.baseUrl(upstream.baseUrl())));
	}

	@AfterAll
	static void stop() throws Exception {
		app.close();
		webhookApp.close();
		smallApp.close();
		upstream.close();
	}

	@AfterEach
	void clear() {
		upstream.bondify().faults().clear();
		this.threads.shutdownNow();
	}

	@Test
	void pollsWaitingForASlowUpstreamHoldNoRequestThread() throws Exception {
		int browsers = 12;
		List<Browser> waiting = new ArrayList<>();
		for (int i = 0; i < browsers; i++) {
			Browser browser = smallApp.browser().openLoginPage();
			assertThat(browser.post("/login/telegram/start").status()).isEqualTo(200);
			waiting.add(browser);
		}
		upstream.bondify().faults().enqueue(EmulatorFaults.VERIFY, Fault.latency(Duration.ofSeconds(6)), browsers);
		List<Future<Response>> polls = new ArrayList<>();
		for (Browser browser : waiting) {
			polls.add(this.threads.submit(() -> browser.post("/login/telegram/status")));
		}
		// more requests wait for Bondify than the server has threads, and the server still answers others
		Thread.sleep(500);
		Response page = smallApp.browser().get("/login/telegram");
		boolean anyPollDoneBeforeThePage = polls.stream().anyMatch(Future::isDone);

		assertThat(page.status()).isEqualTo(200);
		assertThat(anyPollDoneBeforeThePage).as("the page was answered while every poll still waited").isFalse();
		for (Future<Response> poll : polls) {
			assertThat(poll.get().json()).containsEntry("status", "pending");
		}
	}

	@Test
	void longPollsHoldNoRequestThreadAndEndWithPendingWhenNothingChanges() throws Exception {
		int browsers = 12;
		List<Future<Response>> polls = new ArrayList<>();
		for (int i = 0; i < browsers; i++) {
			Browser browser = smallApp.browser().openLoginPage();
			assertThat(browser.post("/login/telegram/start").status()).isEqualTo(200);
			polls.add(this.threads.submit(() -> browser.post("/login/telegram/status", "{\"waitSeconds\":6}")));
		}
		Thread.sleep(500);
		Response page = smallApp.browser().get("/login/telegram");
		boolean anyPollDoneBeforeThePage = polls.stream().anyMatch(Future::isDone);

		assertThat(page.status()).isEqualTo(200);
		assertThat(anyPollDoneBeforeThePage).isFalse();
		for (Future<Response> poll : polls) {
			assertThat(poll.get().json()).containsEntry("status", "pending");
		}
	}

	@Test
	void concurrentPollsOfOneLoginShareOneUpstreamCallAndOnePerInterval() throws Exception {
		Browser browser = app.browser().openLoginPage();
		String token = token(browser.post("/login/telegram/start"));
		upstream.bondify().faults().enqueue(EmulatorFaults.VERIFY, Fault.latency(Duration.ofMillis(700)), 1);
		int before = client.statusCalls(token);

		List<Future<Response>> tabs = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			tabs.add(this.threads.submit(() -> browser.post("/login/telegram/status")));
		}
		for (Future<Response> tab : tabs) {
			assertThat(tab.get().json()).containsEntry("status", "pending");
		}
		assertThat(client.statusCalls(token) - before).as("one call in flight, shared").isEqualTo(1);

		// within the interval the last answer is given, even though the user has confirmed meanwhile
		upstream.bondify().confirm(token, EmulatedTelegramUser.of("707001", "Shared Answer", "shared"));
		assertThat(browser.post("/login/telegram/status").json()).containsEntry("status", "pending");
		assertThat(client.statusCalls(token) - before).isEqualTo(1);

		Thread.sleep(UPSTREAM_INTERVAL.toMillis() + 100);
		Response confirmed = browser.post("/login/telegram/status");
		assertThat(confirmed.json()).containsEntry("status", "confirmed");
		assertThat(confirmed.body()).contains("Shared Answer");
		assertThat(client.statusCalls(token) - before).isEqualTo(2);
	}

	@Test
	void concurrentLongPollsOfOneLoginCompleteItOnceAndAllSeeTheConfirmedAnswer() throws Exception {
		Browser browser = app.browser().openLoginPage();
		String token = token(browser.post("/login/telegram/start"));
		List<Future<Response>> tabs = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			tabs.add(this.threads.submit(() -> browser.post("/login/telegram/status", "{\"waitSeconds\":20}")));
		}
		Thread.sleep(300);
		upstream.bondify().confirm(token, EmulatedTelegramUser.of("707002", "Long Poller", "longpoll"));
		int logins = 0;
		for (Future<Response> tab : tabs) {
			Response answer = tab.get();
			assertThat(answer.status()).isEqualTo(200);
			assertThat(answer.json()).containsEntry("status", "confirmed");
			logins++;
		}
		assertThat(logins).isEqualTo(4);
		assertThat(app.events().stream()
			.filter((e) -> e instanceof org.springframework.security.authentication.event.AuthenticationSuccessEvent)
			.filter((e) -> e.getAuthentication().getName().equals("707002"))).hasSize(1);
		assertThat(browser.get("/me").body()).contains("Long Poller");
	}

	@Test
	void longPollsBeyondTheCapsPerSessionAndPerAddressAreAnsweredAtOnceAndTheHeldOnesGoOn() throws Exception {
		try (TestApp capped = new TestApp((telegram) -> telegram.throttle((throttle) -> throttle.disable())
			.bondify((bondify) -> bondify.projectId(upstream.bondify().projectId())
				.secret(upstream.bondify().secret())
				.baseUrl(upstream.baseUrl())
				.longPollMaxHeld(100, 1, 2)))) {
			Browser first = capped.browser().openLoginPage();
			String token = token(first.post("/login/telegram/start"));
			Future<Response> held = this.threads
				.submit(() -> first.post("/login/telegram/status", "{\"waitSeconds\":20}"));
			Thread.sleep(300);
			// a second long-poll of the same session: beyond the per-session cap of 1, answered at once
			Response sameSession = first.post("/login/telegram/status", "{\"waitSeconds\":20}");
			assertThat(sameSession.json()).containsEntry("status", "pending");
			assertThat(held.isDone()).as("the first one is still held").isFalse();

			Browser second = capped.browser().openLoginPage();
			String secondToken = token(second.post("/login/telegram/start"));
			Future<Response> secondHeld = this.threads
				.submit(() -> second.post("/login/telegram/status", "{\"waitSeconds\":20}"));
			Thread.sleep(300);
			Browser third = capped.browser().openLoginPage();
			String thirdToken = token(third.post("/login/telegram/start"));
			// a third browser of the same address: beyond the per-address cap of 2
			assertThat(third.post("/login/telegram/status", "{\"waitSeconds\":20}").json())
				.containsEntry("status", "pending");
			assertThat(held.isDone()).isFalse();
			assertThat(secondHeld.isDone()).isFalse();

			upstream.bondify().confirm(token, EmulatedTelegramUser.of("707003", "Held Poller", "held"));
			assertThat(held.get(15, java.util.concurrent.TimeUnit.SECONDS).json()).containsEntry("status",
					"confirmed");
			// the finished long-poll gave its place back: the third browser's long-poll is held now
			Future<Response> thirdHeld = this.threads
				.submit(() -> third.post("/login/telegram/status", "{\"waitSeconds\":20}"));
			Thread.sleep(300);
			assertThat(thirdHeld.isDone()).isFalse();
			// end the held polls here: left running, their upstream calls would take other tests' emulator faults
			upstream.bondify().cancel(secondToken);
			upstream.bondify().cancel(thirdToken);
			assertThat(secondHeld.get(15, java.util.concurrent.TimeUnit.SECONDS).json()).containsEntry("status",
					"cancelled");
			assertThat(thirdHeld.get(15, java.util.concurrent.TimeUnit.SECONDS).json()).containsEntry("status",
					"cancelled");
		}
	}

	@Test
	void longPollAnswersCancelledAsSoonAsTheUserCancels() throws Exception {
		Browser browser = app.browser().openLoginPage();
		String token = token(browser.post("/login/telegram/start"));
		Future<Response> poll = this.threads
			.submit(() -> browser.post("/login/telegram/status?waitSeconds=20", "{}"));
		Thread.sleep(300);
		upstream.bondify().cancel(token);
		assertThat(poll.get().json()).containsEntry("status", "cancelled");
		assertThat(browser.post("/login/telegram/status").status()).isEqualTo(409);
	}

	@Test
	void longPollCompletesFromAWebhookBeforeItsWaitEnds() throws Exception {
		Browser browser = webhookApp.browser().openLoginPage();
		String token = token(browser.post("/login/telegram/start"));
		CompletableFuture<Response> poll = CompletableFuture
			.supplyAsync(() -> browser.post("/login/telegram/status", "{\"waitSeconds\":20}"), this.threads);
		Thread.sleep(300);
		long delivered = System.nanoTime();
		String event = "{\"event\":\"auth.confirmed\",\"session_token\":\"" + token
				+ "\",\"telegram_id\":\"707003\",\"telegram_name\":\"Hooked Waiter\",\"telegram_username\":\"hw\","
				+ "\"confirmed_at\":1700000000000}";
		assertThat(deliver(event).statusCode()).isEqualTo(204);

		Response answer = poll.get();
		// Bondify still says pending: the confirmation came from the webhook, and long before the wait ended
		assertThat(answer.json()).containsEntry("status", "confirmed");
		assertThat(answer.body()).contains("Hooked Waiter");
		assertThat(Duration.ofNanos(System.nanoTime() - delivered)).isLessThan(Duration.ofSeconds(15));
		assertThat(client.statusCalls(token)).as("webhook-first: Bondify not asked within the fallback interval")
			.isZero();
	}

	@Test
	void beyondTheLimitOfStatusCallsInFlightAPollIsToldToComeBackAndTheLoginGoesOn() throws Exception {
		try (TestApp limited = new TestApp((telegram) -> telegram.throttle((throttle) -> throttle.disable())
			.bondify((bondify) -> bondify.projectId(upstream.bondify().projectId())
				.secret(upstream.bondify().secret())
				.baseUrl(upstream.baseUrl())
				.maxConcurrentStatusCalls(1)))) {
			Browser slow = limited.browser().openLoginPage();
			Browser other = limited.browser().openLoginPage();
			slow.post("/login/telegram/start");
			other.post("/login/telegram/start");
			upstream.bondify().faults().enqueue(EmulatorFaults.VERIFY, Fault.latency(Duration.ofSeconds(2)), 1);
			Future<Response> slowPoll = this.threads.submit(() -> slow.post("/login/telegram/status"));
			Thread.sleep(500);
			// the only place is taken by the slow call: refused at once, not queued
			Response refused = other.post("/login/telegram/status");
			assertThat(refused.status()).isEqualTo(429);
			assertThat(refused.json()).containsEntry("error", "rate_limited");
			assertThat(refused.header("Retry-After")).isEqualTo("1");
			assertThat(slowPoll.get().json()).containsEntry("status", "pending");
			// the place is free again: the refused browser's login goes on
			assertThat(other.post("/login/telegram/status").json()).containsEntry("status", "pending");
		}
	}

	@Test
	void waitSecondsThatIsNotAWholeNumberIsABadRequestAndTheLoginGoesOn() {
		Browser browser = app.browser().openLoginPage();
		String token = token(browser.post("/login/telegram/start"));
		for (String bad : new String[] { "{\"waitSeconds\":-1}", "{\"waitSeconds\":\"soon\"}", "{\"waitSeconds\":1.5}",
				"{\"waitSeconds\":true}" }) {
			Response answer = browser.post("/login/telegram/status", bad);
			assertThat(answer.status()).as(bad).isEqualTo(400);
			assertThat(answer.field("error")).isEqualTo("invalid_request");
		}
		upstream.bondify().confirm(token, EmulatedTelegramUser.of("707004", "Still Here", "still"));
		assertThat(browser.post("/login/telegram/status", "{\"waitSeconds\":0}").json()).containsEntry("status",
				"confirmed");
	}

	@Test
	void startAdvertisesTheLongestWait() {
		Browser browser = app.browser().openLoginPage();
		assertThat(browser.post("/login/telegram/start").field("maxWaitSeconds")).isEqualTo("25");
	}

	private static HttpResponse<String> deliver(String body) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(webhookApp.uri() + "/login/telegram/webhook"))
				.header("Content-Type", "application/json")
				.header("X-Bondify-Signature", signer.sign(body.getBytes(StandardCharsets.UTF_8)))
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String token(Response start) {
		assertThat(start.status()).isEqualTo(200);
		String deeplink = start.field("deeplink");
		return deeplink.substring(deeplink.indexOf("start=") + "start=".length());
	}

	/** The real HTTP client, counting status calls per session token. */
	private static final class CountingClient implements BondifyClient {

		private final BondifyClient delegate;

		private final java.util.concurrent.ConcurrentHashMap<String, AtomicInteger> calls = new java.util.concurrent.ConcurrentHashMap<>();

		CountingClient(BondifyClient delegate) {
			this.delegate = delegate;
		}

		int statusCalls(String token) {
			AtomicInteger count = this.calls.get(token);
			return (count != null) ? count.get() : 0;
		}

		@Override
		public BondifySession generate() {
			return this.delegate.generate();
		}

		@Override
		public BondifyStatus status(String sessionToken) {
			this.calls.computeIfAbsent(sessionToken, (k) -> new AtomicInteger()).incrementAndGet();
			return this.delegate.status(sessionToken);
		}

		@Override
		public CompletableFuture<BondifyStatus> statusAsync(String sessionToken) {
			this.calls.computeIfAbsent(sessionToken, (k) -> new AtomicInteger()).incrementAndGet();
			return this.delegate.statusAsync(sessionToken);
		}

	}

}
