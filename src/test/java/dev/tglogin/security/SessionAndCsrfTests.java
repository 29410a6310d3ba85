package dev.tglogin.security;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.event.InteractiveAuthenticationSuccessEvent;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

import dev.tglogin.core.TelegramUserMapper;
import dev.tglogin.emulator.BondifyEmulator;
import dev.tglogin.emulator.EmulatedTelegramUser;
import dev.tglogin.emulator.EmulatorFaults;
import dev.tglogin.emulator.Fault;
import dev.tglogin.emulator.XellarEmulator;
import dev.tglogin.test.Browser;
import dev.tglogin.test.Browser.Response;
import dev.tglogin.test.EmulatorServer;
import dev.tglogin.test.LogCapture;
import dev.tglogin.test.Proofs;
import dev.tglogin.test.TestApp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sessions and CSRF: the session id changes at every kind of login, a planted session id never becomes a logged-in
 * one, login CSRF is impossible (nothing happens without the browser's own CSRF token and its own pending login),
 * logout clears everything the library stored, and concurrent calls of one browser complete a login exactly once.
 */
class SessionAndCsrfTests {

	private static EmulatorServer upstream;

	private static TestApp app;

	/** An app that keeps the HTTP session at logout. */
	private static TestApp keepsSession;

	private static int phones;

	/** The Telegram users mapped, by phone number: the app's mapper must run once per login at most. */
	private static final java.util.Map<String, java.util.concurrent.atomic.AtomicInteger> mapped = new java.util.concurrent.ConcurrentHashMap<>();

	@BeforeAll
	static void start() {
		upstream = new EmulatorServer(BondifyEmulator.builder().build(),
				XellarEmulator.builder().loginInterval(Duration.ZERO).build());
		app = new TestApp((telegram) -> configure(telegram));
		keepsSession = new TestApp(SessionAndCsrfTests::configure, null,
				(http) -> {
					try {
						http.logout((logout) -> logout.invalidateHttpSession(false));
					}
					catch (Exception ex) {
						throw new IllegalStateException(ex);
					}
				});
	}

	private static void configure(dev.tglogin.config.TelegramLoginConfigurer telegram) {
		TelegramUserMapper roleUser = TelegramUserMapper.withAuthorities("ROLE_USER");
		telegram.userMapper((user) -> {
			if (user.getPhone() != null) {
				mapped.computeIfAbsent(user.getPhone(), (phone) -> new java.util.concurrent.atomic.AtomicInteger())
					.incrementAndGet();
			}
			return roleUser.map(user);
		})
			.throttle((throttle) -> throttle.startsPerAddress(0, Duration.ofMinutes(1)).otpSendInterval(Duration.ZERO))
			.bondify((b) -> b.projectId(upstream.bondify().projectId())
				.secret(upstream.bondify().secret())
				.baseUrl(upstream.baseUrl()))
			.xellar((x) -> x.clientSecret(upstream.xellar().clientSecret()).baseUrl(upstream.baseUrl()));
	}

	@AfterAll
	static void stop() throws Exception {
		app.close();
		keepsSession.close();
		upstream.close();
	}

	@BeforeEach
	void clear() {
		app.events().clear();
		upstream.bondify().faults().clear();
		upstream.xellar().faults().clear();
	}

	// ---------------------------------------------------------------- session id

	@Test
	void sessionIdChangesAtEveryKindOfLogin() {
		Browser bondify = app.browser().openLoginPage();
		String token = token(bondify.post("/login/telegram/start"));
		String before = bondify.sessionId();
		upstream.bondify().confirm(token, EmulatedTelegramUser.defaultUser());
		assertThat(bondify.post("/login/telegram/status").json()).containsEntry("status", "confirmed");
		assertThat(bondify.sessionId()).isNotNull().isNotEqualTo(before);

		Browser proof = app.browser().openLoginPage();
		String proofToken = token(proof.post("/login/telegram/start"));
		before = proof.sessionId();
		String jwt = Proofs.hs256(upstream.bondify().secret(), upstream.bondify().projectId(), proofToken, (c) -> {
		});
		assertThat(proof.post("/login/telegram/proof", "{\"proof\":\"" + jwt + "\"}").status()).isEqualTo(200);
		assertThat(proof.sessionId()).isNotNull().isNotEqualTo(before);

		Browser xellar = app.browser().openLoginPage();
		String phone = newPhone();
		xellar.post("/login/telegram/otp", "{\"phoneNumber\":\"" + phone + "\"}");
		before = xellar.sessionId();
		assertThat(xellar.post("/login/telegram/otp/verify", code(phone)).status()).isEqualTo(200);
		assertThat(xellar.sessionId()).isNotNull().isNotEqualTo(before);
	}

	@Test
	void sessionIdPlantedByAnAttackerIsNeverLoggedIn() {
		Browser attacker = app.browser().openLoginPage();
		String planted = attacker.sessionId();
		Browser victim = app.browser();
		victim.plantSessionCookie(planted);
		victim.openLoginPage();
		String token = token(victim.post("/login/telegram/start"));
		upstream.bondify().confirm(token, EmulatedTelegramUser.defaultUser());
		assertThat(victim.post("/login/telegram/status").json()).containsEntry("status", "confirmed");

		assertThat(victim.sessionId()).isNotEqualTo(planted);
		assertThat(victim.get("/me").status()).isEqualTo(200);
		assertThat(attacker.get("/me").status()).as("the planted id is not logged in").isEqualTo(302);
	}

	@Test
	void authenticationDetailsCarryNoSessionId() {
		Browser browser = app.browser().openLoginPage();
		String token = token(browser.post("/login/telegram/start"));
		String sessionBefore = browser.sessionId();
		upstream.bondify().confirm(token, EmulatedTelegramUser.defaultUser());
		browser.post("/login/telegram/status");

		InteractiveAuthenticationSuccessEvent event = app.events().stream()
			.filter(InteractiveAuthenticationSuccessEvent.class::isInstance)
			.map(InteractiveAuthenticationSuccessEvent.class::cast)
			.findFirst()
			.orElseThrow();
		assertThat(event.getAuthentication().getDetails()).isInstanceOfSatisfying(WebAuthenticationDetails.class,
				(details) -> {
					assertThat(details.getSessionId()).isNull();
					assertThat(details.getRemoteAddress()).isEqualTo("127.0.0.1");
				});
		assertThat(event.getAuthentication().toString()).doesNotContain(sessionBefore, browser.sessionId());
	}

	// ---------------------------------------------------------------- login CSRF

	@Test
	void proofWithoutTheBrowsersOwnCsrfTokenDoesNothing() {
		Browser victim = app.browser().openLoginPage();
		Browser attacker = app.browser().openLoginPage();
		String attackersSession = token(attacker.post("/login/telegram/start"));
		String attackersProof = Proofs.hs256(upstream.bondify().secret(), upstream.bondify().projectId(),
				attackersSession, (c) -> c.claim("telegram_id", "666").claim("telegram_name", "Mallory"));
		String body = "{\"proof\":\"" + attackersProof + "\"}";

		assertThat(victim.postWithoutCsrf("/login/telegram/proof", body).status()).isEqualTo(403);
		assertThat(victim.postWithCsrf("/login/telegram/proof", body, attacker.csrfToken()).status()).isEqualTo(403);
		assertThat(victim.postWithCsrfValues("/login/telegram/proof", body, "forged", victim.csrfToken()).status())
			.as("a doubled header whose first value is wrong").isEqualTo(403);
		assertThat(victim.get("/me").status()).isEqualTo(302);
		assertThat(app.events()).noneMatch(InteractiveAuthenticationSuccessEvent.class::isInstance);
		// the proof was not even consumed: CSRF stopped the request before it was read
		assertThat(attacker.post("/login/telegram/proof", body).status()).isEqualTo(200);
	}

	@Test
	void statusAndOtpCallsWithoutTheBrowsersOwnCsrfTokenOrPendingLoginDoNothing() {
		Browser victim = app.browser().openLoginPage();
		Browser attacker = app.browser().openLoginPage();
		String token = token(victim.post("/login/telegram/start"));
		upstream.bondify().confirm(token, EmulatedTelegramUser.defaultUser());
		String phone = newPhone();

		assertThat(victim.postWithoutCsrf("/login/telegram/status", "{}").status()).isEqualTo(403);
		assertThat(victim.postWithCsrf("/login/telegram/status", "{}", attacker.csrfToken()).status()).isEqualTo(403);
		assertThat(victim.postWithoutCsrf("/login/telegram/otp", "{\"phoneNumber\":\"" + phone + "\"}").status())
			.isEqualTo(403);
		assertThat(upstream.xellar().lastOtp(phone)).as("no code was sent").isEmpty();
		// the attacker's own session holds no pending login: the victim's is out of reach
		assertThat(attacker.post("/login/telegram/status").status()).isEqualTo(409);
		attacker.post("/login/telegram/otp", "{\"phoneNumber\":\"" + phone + "\"}");
		Browser other = app.browser().openLoginPage();
		assertThat(other.post("/login/telegram/otp/verify", code(phone)).status()).isEqualTo(409);
		assertThat(attacker.get("/me").status()).isEqualTo(302);
		assertThat(other.get("/me").status()).isEqualTo(302);

		// the victim's own login is untouched and completes
		assertThat(victim.post("/login/telegram/status").json()).containsEntry("status", "confirmed");
	}

	@Test
	void csrfTokenOfBeforeTheLoginIsRefusedAfterIt() {
		Browser browser = app.browser().openLoginPage();
		String before = browser.csrfToken();
		String token = token(browser.post("/login/telegram/start"));
		upstream.bondify().confirm(token, EmulatedTelegramUser.defaultUser());
		browser.post("/login/telegram/status");
		assertThat(browser.postWithCsrf("/login/telegram/start", "{}", before).status()).isEqualTo(403);
		assertThat(browser.openLoginPage().csrfToken()).isNotEqualTo(before);
	}

	// ---------------------------------------------------------------- logout

	@Test
	void logoutClearsTheLoginAndEveryPendingLogin() {
		logoutClears(app);
	}

	@Test
	void logoutClearsEveryPendingLoginEvenWhenTheAppKeepsTheSession() {
		logoutClears(keepsSession);
	}

	private static void logoutClears(TestApp app) {
		Browser browser = app.browser().openLoginPage();
		String phone = newPhone();
		upstream.xellar().seedUserWithWallet(phone);
		browser.post("/login/telegram/otp", "{\"phoneNumber\":\"" + phone + "\"}");
		assertThat(browser.post("/login/telegram/otp/verify", code(phone)).status()).isEqualTo(200);
		assertThat(browser.get("/me").body()).contains("walletCreated=true");
		// while logged in, start a login of each flow, then log out
		browser.openLoginPage();
		String token = token(browser.post("/login/telegram/start"));
		String phone2 = newPhone();
		browser.post("/login/telegram/otp", "{\"phoneNumber\":\"" + phone2 + "\"}");

		Response logout = browser.post("/logout");
		assertThat(logout.status()).isEqualTo(302);

		assertThat(browser.get("/me").status()).as("the security context and its wallet tokens are gone")
			.isEqualTo(302);
		browser.openLoginPage();
		upstream.bondify().confirm(token, EmulatedTelegramUser.defaultUser());
		assertThat(browser.post("/login/telegram/status").status()).isEqualTo(409);
		assertThat(browser.post("/login/telegram/otp/verify", code(phone2)).status()).isEqualTo(409);
		assertThat(browser.get("/me").status()).isEqualTo(302);
	}

	// ---------------------------------------------------------------- concurrency

	@Test
	void concurrentStatusCallsOfOneBrowserCompleteTheLoginExactlyOnce() throws Exception {
		Browser browser = app.browser().openLoginPage();
		String token = token(browser.post("/login/telegram/start"));
		upstream.bondify().confirm(token, EmulatedTelegramUser.of("777010", "Concurrent User", "cu"));
		// the first poll to reach Bondify is slow, so every other one arrives while it is in flight
		upstream.bondify().faults().enqueue(EmulatorFaults.VERIFY, Fault.latency(Duration.ofMillis(400)), 1);

		List<Response> answers = concurrently(8, () -> browser.post("/login/telegram/status"));

		assertThat(answers).allSatisfy((answer) -> {
			assertThat(answer.status()).isEqualTo(200);
			assertThat(answer.json()).containsEntry("status", "confirmed");
		});
		assertThat(app.events()).filteredOn(InteractiveAuthenticationSuccessEvent.class::isInstance).hasSize(1);
		assertThat(browser.get("/me").body()).isEqualTo("Hello, Concurrent User (777010)");
		assertThat(browser.openLoginPage().post("/login/telegram/status").status()).isEqualTo(409);
	}

	@Test
	void concurrentCodeSubmissionsOfOneBrowserCompleteTheLoginExactlyOnce() throws Exception {
		Browser browser = app.browser().openLoginPage();
		String phone = newPhone();
		browser.post("/login/telegram/otp", "{\"phoneNumber\":\"" + phone + "\"}");
		upstream.xellar().faults().enqueue(EmulatorFaults.VERIFY_OTP, Fault.latency(Duration.ofMillis(400)), 1);
		String right = code(phone);

		List<Response> answers = concurrently(8, () -> browser.post("/login/telegram/otp/verify", right));

		assertThat(answers).allSatisfy((answer) -> {
			assertThat(answer.status()).isEqualTo(200);
			assertThat(answer.json()).containsEntry("status", "confirmed");
		});
		assertThat(app.events()).filteredOn(InteractiveAuthenticationSuccessEvent.class::isInstance).hasSize(1);
		assertThat(browser.get("/me").status()).isEqualTo(200);
		assertThat(mapped.get(phone)).as("the app's mapper ran once").hasValue(1);
	}

	@Test
	void logoutWhileXellarChecksTheCodeThenTheBrowserIsNotLoggedIn() throws Exception {
		logoutWhileXellarAnswers(app);
	}

	@Test
	void logoutWhileXellarChecksTheCodeThenTheBrowserIsNotLoggedInEvenWhenTheAppKeepsTheSession() throws Exception {
		logoutWhileXellarAnswers(keepsSession);
	}

	private static void logoutWhileXellarAnswers(TestApp app) throws Exception {
		Browser browser = app.browser().openLoginPage();
		String phone = newPhone();
		browser.post("/login/telegram/otp", "{\"phoneNumber\":\"" + phone + "\"}");
		String right = code(phone);
		// Xellar takes its time with the right code: the browser logs out meanwhile
		upstream.xellar().faults().enqueue(EmulatorFaults.VERIFY_OTP, Fault.latency(Duration.ofMillis(1500)), 1);
		long loginsBefore = logins(app);
		int mark = LogCapture.mark();
		ExecutorService pool = Executors.newSingleThreadExecutor();
		try {
			Future<Response> verify = pool.submit(() -> browser.post("/login/telegram/otp/verify", right));
			long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
			while (!LogCapture.since(mark).contains("Emulator fault on verify-telegram")) {
				assertThat(System.nanoTime()).as("the verification reached Xellar").isLessThan(deadline);
				Thread.sleep(10);
			}
			assertThat(browser.post("/logout").status()).isEqualTo(302);

			Response verified = verify.get();
			assertThat(verified.status()).isEqualTo(409);
			assertThat(verified.json()).containsEntry("error", "no_pending_login");
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(browser.get("/me").status()).isEqualTo(302);
		assertThat(logins(app)).isEqualTo(loginsBefore);
		// Xellar answered after the logout: the login it would have been was never mapped
		assertThat(mapped.get(phone)).isNull();
	}

	private static long logins(TestApp app) {
		return app.events().stream().filter(InteractiveAuthenticationSuccessEvent.class::isInstance).count();
	}

	private static List<Response> concurrently(int n, java.util.concurrent.Callable<Response> call) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(n);
		CountDownLatch go = new CountDownLatch(1);
		try {
			List<Future<Response>> futures = new ArrayList<>();
			for (int i = 0; i < n; i++) {
				futures.add(pool.submit(() -> {
					go.await();
					return call.call();
				}));
			}
			go.countDown();
			List<Response> answers = new ArrayList<>();
			for (Future<Response> future : futures) {
				answers.add(future.get());
			}
			return answers;
		}
		finally {
			pool.shutdownNow();
		}
	}

	private static String code(String phone) {
		return "{\"otp\":\"" + upstream.xellar().lastOtp(phone).orElseThrow() + "\"}";
	}

	private static String token(Response start) {
		assertThat(start.status()).isEqualTo(200);
		String deeplink = start.field("deeplink");
		return deeplink.substring(deeplink.indexOf("start=") + "start=".length());
	}

	private static synchronized String newPhone() {
		return "+1888" + String.format("%07d", ++phones);
	}

}
