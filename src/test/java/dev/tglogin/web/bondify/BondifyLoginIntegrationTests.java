package dev.tglogin.web.bondify;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.PlainJWT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.config.Customizer;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.authentication.event.InteractiveAuthenticationSuccessEvent;

import dev.tglogin.bondify.BondifyStatus;
import dev.tglogin.bondify.HttpBondifyClient;
import dev.tglogin.config.TelegramLoginConfigurer;
import dev.tglogin.core.TelegramUserMapper;
import dev.tglogin.emulator.BondifyAnswer;
import dev.tglogin.emulator.BondifyEmulator;
import dev.tglogin.emulator.EmulatedTelegramUser;
import dev.tglogin.emulator.EmulatorFaults;
import dev.tglogin.emulator.Fault;
import dev.tglogin.http.HttpClientType;
import dev.tglogin.store.InMemoryTelegramLoginStore;
import dev.tglogin.test.Browser;
import dev.tglogin.test.Browser.Response;
import dev.tglogin.test.EmulatorServer;
import dev.tglogin.test.MutableClock;
import dev.tglogin.test.Proofs;
import dev.tglogin.test.TestApp;
import dev.tglogin.web.PendingBondifyLogin;
import dev.tglogin.web.PendingLogin;
import dev.tglogin.web.PendingLoginRepository;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Bondify flow end to end: a real {@code SecurityFilterChain} built with {@code telegramLogin()} on embedded
 * Jetty, driven over HTTP by browsers with their own cookies and CSRF tokens, against the emulator over HTTP.
 */
class BondifyLoginIntegrationTests {

	private static final String PROJECT = "proj_integration";

	private static final Duration READ_TIMEOUT = Duration.ofMillis(1500);

	private static MutableClock upstreamClock;

	private static EmulatorServer upstream;

	private static TestApp app;

	/** Makes the user mapper fail once with a transient error when set. */
	private static final AtomicBoolean mapperFailsOnce = new AtomicBoolean();

	@BeforeAll
	static void start() {
		start(HttpClientType.JDK);
	}

	/** Starts the emulator and the app, whose Bondify client goes over the given HTTP client. */
	static void start(HttpClientType httpClient) {
		upstreamClock = new MutableClock(Instant.now());
		upstream = new EmulatorServer(BondifyEmulator.builder().projectId(PROJECT).clock(upstreamClock).build());
		TelegramUserMapper mapper = TelegramUserMapper.withAuthorities("ROLE_USER");
		app = new TestApp((telegram) -> telegram.readTimeout(READ_TIMEOUT)
			.httpClient(httpClient)
			.userMapper((user) -> {
				if (mapperFailsOnce.getAndSet(false)) {
					throw new AuthenticationServiceException("user database unavailable");
				}
				return mapper.map(user);
			})
			.bondify((bondify) -> bondify.projectId(PROJECT)
				.secret(upstream.bondify().secret())
				.baseUrl(upstream.baseUrl())));
	}

	@AfterAll
	static void stop() throws Exception {
		app.close();
		upstream.close();
	}

	@BeforeEach
	@AfterEach
	void clearFaults() {
		upstream.bondify().faults().clear();
		mapperFailsOnce.set(false);
		app.events().clear();
	}

	@Test
	void loginWhenUserConfirmsThenSessionIdChangesAndProtectedPageKnowsTheUser() {
		Browser browser = app.browser().openLoginPage();
		Response start = browser.post("/login/telegram/start");
		assertThat(start.status()).isEqualTo(200);
		assertThat(start.field("pollIntervalMs")).isEqualTo("2000");
		assertThat(start.field("maxWaitSeconds")).isEqualTo("25");
		assertThat(Instant.parse(start.field("expiresAt"))).isAfter(Instant.now());
		assertThat(start.json()).containsOnlyKeys("deeplink", "expiresAt", "pollIntervalMs", "maxWaitSeconds", "qrSvg");
		String sessionBefore = browser.sessionId();

		assertThat(browser.post("/login/telegram/status").json()).containsEntry("status", "pending");

		upstream.bondify().confirm(token(start), EmulatedTelegramUser.of("777001", "Ada Lovelace", "ada"));
		Response confirmed = browser.post("/login/telegram/status");

		assertThat(confirmed.status()).isEqualTo(200);
		assertThat(confirmed.json()).containsEntry("status", "confirmed").containsEntry("redirectUrl", "/");
		assertThat(confirmed.json().get("user")).isEqualTo(Map.of("id", "777001", "name", "Ada Lovelace", "username", "ada"));
		assertThat(browser.sessionId()).isNotNull().isNotEqualTo(sessionBefore);
		Response me = browser.get("/me");
		assertThat(me.status()).isEqualTo(200);
		assertThat(me.body()).isEqualTo("Hello, Ada Lovelace (777001)");
		assertThat(app.events()).hasAtLeastOneElementOfType(InteractiveAuthenticationSuccessEvent.class)
			.hasAtLeastOneElementOfType(AuthenticationSuccessEvent.class);
		// the login is consumed: nothing is pending any more
		assertThat(browser.openLoginPage().post("/login/telegram/status").status()).isEqualTo(409);
	}

	@Test
	void protectedPageWhenAnonymousThenRedirectsToLoginPageAndLoginReturnsThere() {
		Browser browser = app.browser();
		Response denied = browser.get("/me");
		assertThat(denied.status()).isEqualTo(302);
		assertThat(denied.header("Location")).endsWith("/login/telegram");

		browser.openLoginPage();
		Response start = browser.post("/login/telegram/start");
		upstream.bondify().confirm(token(start), EmulatedTelegramUser.defaultUser());
		Response confirmed = browser.post("/login/telegram/status");

		assertThat(confirmed.field("redirectUrl")).contains("/me");
		assertThat(browser.get("/me").status()).isEqualTo(200);
	}

	@Test
	void statusWhenUserCancelsThenCancelledAndNothingStaysPending() {
		Browser browser = app.browser().openLoginPage();
		Response start = browser.post("/login/telegram/start");
		upstream.bondify().cancel(token(start));

		assertThat(browser.post("/login/telegram/status").json()).isEqualTo(Map.of("status", "cancelled"));
		Response again = browser.post("/login/telegram/status");
		assertThat(again.status()).isEqualTo(409);
		assertThat(again.json()).containsEntry("error", "no_pending_login").containsKey("message");
		assertThat(browser.get("/me").status()).isEqualTo(302);
	}

	@Test
	void statusWhenUpstreamSessionExpiredThenExpired() {
		Browser browser = app.browser().openLoginPage();
		browser.post("/login/telegram/start");
		upstreamClock.advance(Duration.ofMinutes(11));
		try {
			assertThat(browser.post("/login/telegram/status").json()).isEqualTo(Map.of("status", "expired"));
			assertThat(browser.post("/login/telegram/status").status()).isEqualTo(409);
		}
		finally {
			upstreamClock.advance(Duration.ofMinutes(-11));
		}
	}

	@Test
	void statusWhenAnotherPollerTookTheProofFirstThenUsedAndNoLogin() {
		Browser browser = app.browser().openLoginPage();
		Response start = browser.post("/login/telegram/start");
		upstream.bondify().confirm(token(start), EmulatedTelegramUser.defaultUser());
		// someone who learned the session token polls Bondify first and gets the proof
		assertThat(upstream.bondify().verify(PROJECT, token(start))).isInstanceOf(BondifyAnswer.Confirmed.class);

		assertThat(browser.post("/login/telegram/status").json()).isEqualTo(Map.of("status", "used"));
		assertThat(browser.get("/me").status()).isEqualTo(302);
	}

	@Test
	void statusWhenCompletionFailsTransientlyThenTheFirstConfirmedProofStillCompletesTheLogin() {
		Browser browser = app.browser().openLoginPage();
		Response start = browser.post("/login/telegram/start");
		upstream.bondify().confirm(token(start), EmulatedTelegramUser.of("777002", "Grace Hopper", "grace"));
		mapperFailsOnce.set(true);

		Response failed = browser.post("/login/telegram/status");
		assertThat(failed.status()).isEqualTo(503);
		assertThat(failed.json()).containsEntry("error", "login_unavailable");
		// Bondify would now answer "used"; the kept proof completes the login anyway
		Response confirmed = browser.post("/login/telegram/status");
		assertThat(confirmed.json()).containsEntry("status", "confirmed");
		assertThat(browser.get("/me").body()).contains("Grace Hopper");
	}

	@Test
	void statusWhenAnotherInstanceWithAStaleSessionSeesUsedThenTheKeptProofStillCompletesTheLogin() {
		// two instances share the store and the pending logins (as with Spring Session); instance B's copy of the
		// session predates the proof instance A kept in it, and Bondify answers B "used"
		Map<String, PendingLogin> sessions = new java.util.concurrent.ConcurrentHashMap<>();
		SharedPendingLogins onInstanceA = new SharedPendingLogins(sessions);
		SharedPendingLogins onInstanceB = new SharedPendingLogins(sessions);
		InMemoryTelegramLoginStore store = new InMemoryTelegramLoginStore();
		try (TestApp a = new TestApp(instance(store, onInstanceA)); TestApp b = new TestApp(instance(store, onInstanceB))) {
			Browser onA = a.browser().openLoginPage();
			Browser onB = b.browser().openLoginPage();
			Response start = onA.post("/login/telegram/start", "{}", SharedPendingLogins.HEADER, "browser-1");
			upstream.bondify().confirm(token(start), EmulatedTelegramUser.of("777003", "Ada Stale", "ada_stale"));
			mapperFailsOnce.set(true);
			assertThat(onA.post("/login/telegram/status", "{}", SharedPendingLogins.HEADER, "browser-1").status())
				.isEqualTo(503);

			onInstanceB.stale.set(true);
			Response stale = onB.post("/login/telegram/status", "{}", SharedPendingLogins.HEADER, "browser-1");
			assertThat(stale.json()).as("Bondify said used, but the browser's session keeps the proof")
				.containsEntry("status", "pending");

			onInstanceB.stale.set(false);
			Response confirmed = onB.post("/login/telegram/status", "{}", SharedPendingLogins.HEADER, "browser-1");
			assertThat(confirmed.json()).containsEntry("status", "confirmed");
			assertThat(onB.get("/me").body()).contains("Ada Stale");
		}
	}

	private static Customizer<TelegramLoginConfigurer> instance(InMemoryTelegramLoginStore store,
			PendingLoginRepository pendingLogins) {
		return (telegram) -> telegram.readTimeout(READ_TIMEOUT)
			.store(store)
			.pendingLoginRepository(pendingLogins)
			.userMapper((user) -> {
				if (mapperFailsOnce.getAndSet(false)) {
					throw new AuthenticationServiceException("user database unavailable");
				}
				return TelegramUserMapper.withAuthorities("ROLE_USER").map(user);
			})
			.bondify((bondify) -> bondify.projectId(PROJECT)
				.secret(upstream.bondify().secret())
				.baseUrl(upstream.baseUrl()));
	}

	@Test
	void postWhenCsrfTokenMissingThenForbiddenAndPendingLoginUntouched() {
		Browser browser = app.browser().openLoginPage();
		Response start = browser.post("/login/telegram/start");

		assertThat(browser.postWithoutCsrf("/login/telegram/start", "{}").status()).isEqualTo(403);
		assertThat(browser.postWithoutCsrf("/login/telegram/status", "{}").status()).isEqualTo(403);
		assertThat(browser.postWithoutCsrf("/login/telegram/proof", "{\"proof\":\"x\"}").status()).isEqualTo(403);

		upstream.bondify().confirm(token(start), EmulatedTelegramUser.defaultUser());
		assertThat(browser.post("/login/telegram/status").json()).containsEntry("status", "confirmed");
	}

	@Test
	void statusWhenCalledFromAnotherBrowserSessionThenItDoesNotSeeTheLogin() {
		Browser alice = app.browser().openLoginPage();
		Browser mallory = app.browser().openLoginPage();
		Response start = alice.post("/login/telegram/start");
		upstream.bondify().confirm(token(start), EmulatedTelegramUser.defaultUser());

		Response stolen = mallory.post("/login/telegram/status");
		assertThat(stolen.status()).isEqualTo(409);
		assertThat(mallory.get("/me").status()).isEqualTo(302);
		assertThat(alice.post("/login/telegram/status").json()).containsEntry("status", "confirmed");
	}

	@Test
	void startWhenCalledAgainThenOnlyTheNewestLoginCounts() {
		Browser browser = app.browser().openLoginPage();
		Response first = browser.post("/login/telegram/start");
		Response second = browser.post("/login/telegram/start");
		upstream.bondify().confirm(token(first), EmulatedTelegramUser.defaultUser());

		assertThat(browser.post("/login/telegram/status").json()).containsEntry("status", "pending");
		upstream.bondify().confirm(token(second), EmulatedTelegramUser.defaultUser());
		assertThat(browser.post("/login/telegram/status").json()).containsEntry("status", "confirmed");
	}

	@Test
	void proofWhenForThisBrowsersPendingLoginThenLoggedInAndWhenReplayedElsewhereThenInvalidProof() {
		Browser first = app.browser().openLoginPage();
		String token = token(first.post("/login/telegram/start"));
		String proof = Proofs.hs256(upstream.bondify().secret(), PROJECT, token, (c) -> {
		});
		Response ok = first.post("/login/telegram/proof", "{\"proof\":\"" + proof + "\"}");
		assertThat(ok.status()).isEqualTo(200);
		assertThat(ok.json()).containsEntry("status", "confirmed");
		assertThat(first.get("/me").body()).isEqualTo("Hello, Proof User (424242)");

		Browser second = app.browser().openLoginPage();
		second.post("/login/telegram/start");
		Response replay = second.post("/login/telegram/proof", "{\"proof\":\"" + proof + "\"}");
		assertThat(replay.status()).isEqualTo(401);
		assertThat(replay.json()).containsEntry("error", "invalid_proof");
		assertThat(second.get("/me").status()).isEqualTo(302);
	}

	@Test
	void proofWhenAnotherBrowserPollsTheVictimsSessionTokenAtBondifyThenItCannotLogInWithTheProof() {
		// the victim's session token is in the deeplink and the QR code: an onlooker polls Bondify with it first
		Browser victim = app.browser().openLoginPage();
		String token = token(victim.post("/login/telegram/start"));
		upstream.bondify().confirm(token, EmulatedTelegramUser.defaultUser());
		BondifyStatus stolen = new HttpBondifyClient(upstream.baseUrl(), PROJECT).status(token);
		assertThat(stolen.state()).isEqualTo(BondifyStatus.State.CONFIRMED);
		String body = "{\"proof\":\"" + stolen.proof() + "\"}";

		Browser attacker = app.browser().openLoginPage();
		Response withoutPendingLogin = attacker.post("/login/telegram/proof", body);
		assertThat(withoutPendingLogin.status()).isEqualTo(409);
		assertThat(withoutPendingLogin.json()).containsEntry("error", "no_pending_login");
		attacker.post("/login/telegram/start");
		Response withItsOwnPendingLogin = attacker.post("/login/telegram/proof", body);
		assertThat(withItsOwnPendingLogin.status()).isEqualTo(401);
		assertThat(withItsOwnPendingLogin.json()).containsEntry("error", "invalid_proof");
		assertThat(attacker.get("/me").status()).isEqualTo(302);

		// the proof still completes the login of the browser that started it
		Response victims = victim.post("/login/telegram/proof", body);
		assertThat(victims.status()).isEqualTo(200);
		assertThat(victim.get("/me").body()).startsWith("Hello, ");
	}

	@Test
	void proofWhenWrongForThisBrowserThenItsPendingLoginStillCompletes() {
		Browser browser = app.browser().openLoginPage();
		String token = token(browser.post("/login/telegram/start"));
		String other = Proofs.hs256(upstream.bondify().secret(), PROJECT, session(), (c) -> {
		});
		assertThat(browser.post("/login/telegram/proof", "{\"proof\":\"" + other + "\"}").status()).isEqualTo(401);
		upstream.bondify().confirm(token, EmulatedTelegramUser.defaultUser());
		assertThat(browser.post("/login/telegram/status").json()).containsEntry("status", "confirmed");
	}

	@Test
	void proofWhenAppOptedInThenAcceptedWithoutPendingLoginOnceAndThrottled() {
		try (TestApp optedIn = new TestApp((telegram) -> telegram
			.throttle((throttle) -> throttle.proofsPerAddress(3, Duration.ofMinutes(1)))
			.bondify((bondify) -> bondify.projectId(PROJECT)
				.secret(upstream.bondify().secret())
				.baseUrl(upstream.baseUrl())
				.proofWithoutPendingLogin(true)))) {
			String proof = Proofs.hs256(upstream.bondify().secret(), PROJECT, session(), (c) -> {
			});
			Browser first = optedIn.browser().openLoginPage();
			Response ok = first.post("/login/telegram/proof", "{\"proof\":\"" + proof + "\"}");
			assertThat(ok.status()).isEqualTo(200);
			assertThat(first.get("/me").body()).isEqualTo("Hello, Proof User (424242)");

			Browser second = optedIn.browser().openLoginPage();
			Response replay = second.post("/login/telegram/proof", "{\"proof\":\"" + proof + "\"}");
			assertThat(replay.status()).isEqualTo(401);
			assertThat(replay.json()).containsEntry("error", "invalid_proof");
			assertThat(second.post("/login/telegram/proof", "{\"proof\":\"" + proof + "\"}").status())
				.isEqualTo(401);
			Response throttled = second.post("/login/telegram/proof", "{\"proof\":\"" + proof + "\"}");
			assertThat(throttled.status()).isEqualTo(429);
			assertThat(throttled.json()).containsEntry("error", "rate_limited");
			assertThat(throttled.header("Retry-After")).isNotNull();
		}
	}

	@Test
	void proofWhenForgedOrOutOfBoundsThenInvalidProof() {
		byte[] secret = upstream.bondify().secret();
		byte[] otherKey = Arrays.copyOf(secret, 32);
		otherKey[0] ^= 1;
		byte[] longKey = Arrays.copyOf(secret, 64);
		Map<String, String> cases = Map.of(
				"wrong key", Proofs.hs256(otherKey, PROJECT, session(), (c) -> {
				}),
				"alg none", new PlainJWT(new PlainHeader(), Proofs.claims(PROJECT, session()).build()).serialize(),
				"HS512", Proofs.sign(JWSAlgorithm.HS512, longKey, Proofs.claims(PROJECT, session()).build()),
				"no exp", Proofs.hs256(secret, PROJECT, session(), (c) -> c.expirationTime(null)),
				"expired", Proofs.hs256(secret, PROJECT, session(),
						(c) -> c.issueTime(java.util.Date.from(Instant.now().minusSeconds(900)))
							.expirationTime(java.util.Date.from(Instant.now().minusSeconds(600)))),
				"other project", Proofs.hs256(secret, "proj_other", session(), (c) -> {
				}),
				"tampered payload", tamper(Proofs.hs256(secret, PROJECT, session(), (c) -> {
				})));
		Browser browser = app.browser().openLoginPage();
		browser.post("/login/telegram/start");
		cases.forEach((name, proof) -> {
			Response response = browser.post("/login/telegram/proof", "{\"proof\":\"" + proof + "\"}");
			assertThat(response.status()).as(name).isEqualTo(401);
			assertThat(response.json()).as(name).containsEntry("error", "invalid_proof");
		});
		assertThat(browser.get("/me").status()).isEqualTo(302);
	}

	@Test
	void proofWhenBodyIsNotAProofThenInvalidRequest() {
		Browser browser = app.browser().openLoginPage();
		for (String body : new String[] { "", "[]", "{\"proof\":42}", "{\"proof\":\"\"}", "not json" }) {
			Response response = browser.post("/login/telegram/proof", body);
			assertThat(response.status()).as(body).isEqualTo(400);
			assertThat(response.json()).as(body).containsEntry("error", "invalid_request");
		}
		Response huge = browser.post("/login/telegram/proof", "{\"proof\":\"" + "a".repeat(20_000) + "\"}");
		assertThat(huge.status()).isEqualTo(413);
	}

	@Test
	void statusWhenUpstreamIsDownThenUnavailableAndThePendingLoginSurvives() throws Exception {
		Browser browser = app.browser().openLoginPage();
		Response start = browser.post("/login/telegram/start");
		upstream.goDown();
		try {
			Response down = browser.post("/login/telegram/status");
			assertThat(down.status()).isEqualTo(503);
			assertThat(down.json()).containsEntry("error", "upstream_unavailable");
			assertThat(browser.post("/login/telegram/start").status()).isEqualTo(503);
		}
		finally {
			upstream.comeBack();
		}
		upstream.bondify().confirm(token(start), EmulatedTelegramUser.defaultUser());
		assertThat(browser.post("/login/telegram/status").json()).containsEntry("status", "confirmed");
	}

	@Test
	void statusWhenUpstreamIsSlowerThanTheReadTimeoutThenGatewayTimeoutWithinTheTimeout() {
		Browser browser = app.browser().openLoginPage();
		Response start = browser.post("/login/telegram/start");
		upstream.bondify().faults().enqueue(EmulatorFaults.VERIFY, Fault.latency(Duration.ofSeconds(6)), 1);

		long began = System.nanoTime();
		Response slow = browser.post("/login/telegram/status");
		Duration took = Duration.ofNanos(System.nanoTime() - began);

		assertThat(slow.status()).isEqualTo(504);
		assertThat(slow.json()).containsEntry("error", "upstream_timeout");
		assertThat(took).isLessThan(Duration.ofSeconds(5));
		upstream.bondify().confirm(token(start), EmulatedTelegramUser.defaultUser());
		assertThat(browser.post("/login/telegram/status").json()).containsEntry("status", "confirmed");
	}

	@Test
	void statusWhenUpstreamAnswersBadlyThenMappedErrorsAndThePendingLoginSurvives() {
		Browser browser = app.browser().openLoginPage();
		Response start = browser.post("/login/telegram/start");
		Map<Fault, String> faults = new java.util.LinkedHashMap<>();
		faults.put(Fault.status(500), "502 upstream_error");
		faults.put(Fault.status(503), "503 upstream_unavailable");
		faults.put(Fault.malformedJson(), "502 upstream_error");
		faults.put(Fault.wrongTypes(), "502 upstream_error");
		faults.put(Fault.hugeBody(1024 * 1024), "502 upstream_error");
		faults.put(Fault.rateLimited(Duration.ofSeconds(7)), "429 rate_limited");
		faults.forEach((fault, expected) -> {
			upstream.bondify().faults().enqueue(EmulatorFaults.VERIFY, fault, 1);
			Response response = browser.post("/login/telegram/status");
			assertThat(response.status() + " " + response.field("error")).as(fault.toString()).isEqualTo(expected);
			assertThat(response.body()).as(fault.toString()).doesNotContain("Exception", "at dev.");
		});
		upstream.bondify().faults().enqueue(EmulatorFaults.VERIFY, Fault.rateLimited(Duration.ofSeconds(7)), 1);
		assertThat(browser.post("/login/telegram/status").header("Retry-After")).isEqualTo("7");

		upstream.bondify().confirm(token(start), EmulatedTelegramUser.defaultUser());
		assertThat(browser.post("/login/telegram/status").json()).containsEntry("status", "confirmed");
	}

	@Test
	void responsesNeverContainTheSessionTokenOutsideTheDeeplink() {
		Browser browser = app.browser().openLoginPage();
		Response start = browser.post("/login/telegram/start");
		String token = token(start);
		Response pending = browser.post("/login/telegram/status");
		upstream.bondify().confirm(token, EmulatedTelegramUser.defaultUser());
		Response confirmed = browser.post("/login/telegram/status");

		assertThat(start.body().replace(start.field("deeplink"), "")).doesNotContain(token);
		assertThat(pending.body()).doesNotContain(token);
		assertThat(confirmed.body()).doesNotContain(token).doesNotContain("eyJ");
	}

	private static String token(Response start) {
		String deeplink = start.field("deeplink");
		return deeplink.substring(deeplink.indexOf("start=") + "start=".length());
	}

	private static String session() {
		return "sess_" + UUID.randomUUID();
	}

	private static String tamper(String jwt) {
		String[] parts = jwt.split("\\.");
		String payload = Base64URL.from(parts[1]).decodeToString().replace("Proof User", "Evil User");
		return parts[0] + "." + Base64URL.encode(payload) + "." + parts[2];
		}

}
