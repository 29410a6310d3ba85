package dev.tglogin.web.xellar;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tglogin.emulator.BondifyEmulator;
import dev.tglogin.emulator.EmulatorFaults;
import dev.tglogin.emulator.Fault;
import dev.tglogin.emulator.XellarEmulator;
import dev.tglogin.http.UpstreamHttpClient;
import dev.tglogin.test.Browser;
import dev.tglogin.test.Browser.Response;
import dev.tglogin.test.EmulatorServer;
import dev.tglogin.test.Factors;
import dev.tglogin.test.TestApp;
import dev.tglogin.xellar.HttpXellarClient;
import dev.tglogin.xellar.XellarClient;
import dev.tglogin.xellar.XellarWalletService;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Xellar OTP flow end to end: a real {@code SecurityFilterChain} built with {@code telegramLogin()} on embedded
 * Jetty, browsers with their own cookies and CSRF tokens, and the Xellar emulator over HTTP.
 */
class XellarLoginIntegrationTests {

	private static EmulatorServer upstream;

	private static TestApp app;

	private static int phoneCounter = 100;

	private static UpstreamHttpClient http;

	@BeforeAll
	static void start() {
		start(new UpstreamHttpClient("xellar", Duration.ofSeconds(2), Duration.ofMillis(1500)));
	}

	/** Starts the emulator and the app, whose Xellar client goes over the given HTTP client. */
	static void start(UpstreamHttpClient upstreamHttpClient) {
		http = upstreamHttpClient;
		XellarEmulator xellar = XellarEmulator.builder().loginInterval(Duration.ZERO).build();
		upstream = new EmulatorServer(BondifyEmulator.builder().build(), xellar);
		XellarClient client = new HttpXellarClient(http, upstream.baseUrl(), "v2", xellar.clientSecret());
		app = new TestApp((telegram) -> telegram.readTimeout(Duration.ofMillis(1500))
			.throttle((throttle) -> throttle.otpSendInterval(Duration.ZERO))
			.xellar((x) -> x.client(client).maxOtpAttempts(3)), new XellarWalletService(client));
	}

	@AfterAll
	static void stop() throws Exception {
		app.close();
		upstream.close();
		http.close();
	}

	@AfterEach
	void clearFaults() {
		upstream.xellar().faults().clear();
	}

	@Test
	void loginWhenWrongCodeThenAttemptsLeftAndWhenRightCodeThenLoggedInWithWallet() {
		String phone = newPhone();
		upstream.xellar().seedUserWithWallet(phone);
		Browser browser = app.browser().openLoginPage();
		Response sent = browser.post("/login/telegram/otp", "{\"phoneNumber\":\"" + phone + "\"}");
		assertThat(sent.status()).isEqualTo(200);
		assertThat(sent.json()).containsExactlyEntriesOf(java.util.Map.of("status", "otp_sent"));
		String sessionBefore = browser.sessionId();

		Response wrong = browser.post("/login/telegram/otp/verify", "{\"otp\":\"" + wrongOtp(phone) + "\"}");
		assertThat(wrong.status()).isEqualTo(401);
		assertThat(wrong.json()).containsEntry("error", "invalid_otp").containsEntry("attemptsLeft", 2L);

		Response right = browser.post("/login/telegram/otp/verify", "{\"otp\":\"" + otp(phone) + "\"}");
		assertThat(right.status()).isEqualTo(200);
		assertThat(right.json()).containsEntry("status", "confirmed")
			.containsEntry("walletCreated", true)
			.containsEntry("redirectUrl", "/");
		assertThat(browser.sessionId()).isNotEqualTo(sessionBefore);
		String uid = upstream.xellar().uid(phone).orElseThrow();
		String me = browser.get("/me?authorities").body();
		assertThat(me).startsWith("Hello, " + phone + " (" + uid + ")").contains("ROLE_USER").endsWith("walletCreated=true");
		assertThat(me.contains("FACTOR_TELEGRAM")).isEqualTo(Factors.supported());
		// the wallet token is usable by the app (the CSRF token was renewed at login)
		assertThat(browser.openLoginPage().post("/wallet/token").field("walletToken")).isNotBlank();
	}

	@Test
	void loginWhenNewUserThenNoWalletAndTheAppCanCreateOne() {
		String phone = newPhone();
		Browser browser = app.browser().openLoginPage();
		browser.post("/login/telegram/otp", "{\"phoneNumber\":\"" + phone + "\"}");

		Response right = browser.post("/login/telegram/otp/verify", "{\"otp\":\"" + otp(phone) + "\"}");
		assertThat(right.json()).containsEntry("status", "confirmed").containsEntry("walletCreated", false);
		assertThat(browser.get("/me").body()).endsWith("walletCreated=false");

		Response created = browser.openLoginPage().post("/wallet/create");
		assertThat(created.status()).isEqualTo(200);
		assertThat(created.json()).containsEntry("walletCreated", true).containsEntry("hasSecret0", true);
		assertThat(upstream.xellar().hasWallet(phone)).isTrue();
		// stored back in the session: the next request sees the wallet
		assertThat(browser.get("/me").body()).endsWith("walletCreated=true");
	}

	@Test
	void verifyWhenTooManyWrongCodesThenTooManyAttemptsAndANewCodeIsNeeded() {
		String phone = newPhone();
		Browser browser = app.browser().openLoginPage();
		browser.post("/login/telegram/otp", "{\"phoneNumber\":\"" + phone + "\"}");
		String wrong = "{\"otp\":\"" + wrongOtp(phone) + "\"}";

		assertThat(browser.post("/login/telegram/otp/verify", wrong).field("attemptsLeft")).isEqualTo("2");
		assertThat(browser.post("/login/telegram/otp/verify", wrong).field("attemptsLeft")).isEqualTo("1");
		Response locked = browser.post("/login/telegram/otp/verify", wrong);
		assertThat(locked.status()).isEqualTo(429);
		assertThat(locked.json()).containsEntry("error", "too_many_attempts");
		// even the right code no longer works for this verification token
		Response after = browser.post("/login/telegram/otp/verify", "{\"otp\":\"" + otp(phone) + "\"}");
		assertThat(after.status()).isEqualTo(409);
		assertThat(browser.get("/me").status()).isEqualTo(302);
		// a new code works
		browser.post("/login/telegram/otp", "{\"phoneNumber\":\"" + phone + "\"}");
		assertThat(browser.post("/login/telegram/otp/verify", "{\"otp\":\"" + otp(phone) + "\"}").status())
			.isEqualTo(200);
	}

	@Test
	void verifyWhenParallelGuessesThenNoMoreThanTheLimitReachXellar() throws Exception {
		String phone = newPhone();
		Browser browser = app.browser().openLoginPage();
		browser.post("/login/telegram/otp", "{\"phoneNumber\":\"" + phone + "\"}");
		String wrong = "{\"otp\":\"" + wrongOtp(phone) + "\"}";
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			List<Future<Integer>> results = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				results.add(pool.submit(() -> browser.post("/login/telegram/otp/verify", wrong).status()));
			}
			long refused = 0;
			for (Future<Integer> result : results) {
				refused += (result.get() == 401) ? 1 : 0;
			}
			assertThat(refused).isLessThanOrEqualTo(2);
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(browser.post("/login/telegram/otp/verify", "{\"otp\":\"" + otp(phone) + "\"}").status())
			.isEqualTo(409);
	}

	@Test
	void verifyWhenNoCodeWasRequestedThenNoPendingLogin() {
		Browser browser = app.browser().openLoginPage();
		Response response = browser.post("/login/telegram/otp/verify", "{\"otp\":\"123456\"}");
		assertThat(response.status()).isEqualTo(409);
		assertThat(response.json()).containsEntry("error", "no_pending_login");
	}

	@Test
	void verifyWhenAnotherBrowserTriesTheCodeThenItCannotUseTheFirstBrowsersVerificationToken() {
		String phone = newPhone();
		Browser alice = app.browser().openLoginPage();
		Browser mallory = app.browser().openLoginPage();
		alice.post("/login/telegram/otp", "{\"phoneNumber\":\"" + phone + "\"}");

		assertThat(mallory.post("/login/telegram/otp/verify", "{\"otp\":\"" + otp(phone) + "\"}").status())
			.isEqualTo(409);
		assertThat(mallory.get("/me").status()).isEqualTo(302);
		assertThat(alice.post("/login/telegram/otp/verify", "{\"otp\":\"" + otp(phone) + "\"}").status())
			.isEqualTo(200);
	}

	@Test
	void otpWhenPhoneNumberIsInvalidThenInvalidRequestWithoutUpstreamCall() {
		Browser browser = app.browser().openLoginPage();
		for (String body : new String[] { "{\"phoneNumber\":\"12345\"}", "{\"phoneNumber\":\"+0123456789\"}",
				"{\"phoneNumber\":\"+1 (555) abc\"}", "{\"phoneNumber\":5551234567}", "{}", "[]" }) {
			Response response = browser.post("/login/telegram/otp", body);
			assertThat(response.status()).as(body).isEqualTo(400);
			assertThat(response.json()).as(body).containsEntry("error", "invalid_request");
		}
		Response otp = browser.post("/login/telegram/otp/verify", "{\"otp\":\"12ab\"}");
		assertThat(otp.status()).isEqualTo(400);
	}

	@Test
	void postWhenCsrfTokenMissingThenForbidden() {
		Browser browser = app.browser().openLoginPage();
		assertThat(browser.postWithoutCsrf("/login/telegram/otp", "{\"phoneNumber\":\"+15550001111\"}").status())
			.isEqualTo(403);
		assertThat(browser.postWithoutCsrf("/login/telegram/otp/verify", "{\"otp\":\"123456\"}").status())
			.isEqualTo(403);
	}

	@Test
	void upstreamFailuresMapToGatewayErrorsAndThePendingLoginSurvives() {
		String phone = newPhone();
		Browser browser = app.browser().openLoginPage();
		upstream.xellar().faults().enqueue(EmulatorFaults.LOGIN, Fault.status(503), 1);
		Response down = browser.post("/login/telegram/otp", "{\"phoneNumber\":\"" + phone + "\"}");
		assertThat(down.status()).isEqualTo(503);
		assertThat(down.json()).containsEntry("error", "upstream_unavailable");
		upstream.xellar().faults().enqueue(EmulatorFaults.LOGIN, Fault.rateLimited(Duration.ofSeconds(30)), 1);
		Response limited = browser.post("/login/telegram/otp", "{\"phoneNumber\":\"" + phone + "\"}");
		assertThat(limited.status()).isEqualTo(429);
		assertThat(limited.header("Retry-After")).isEqualTo("30");

		browser.post("/login/telegram/otp", "{\"phoneNumber\":\"" + phone + "\"}");
		String right = "{\"otp\":\"" + otp(phone) + "\"}";
		upstream.xellar().faults().enqueue(EmulatorFaults.VERIFY_OTP, Fault.malformedJson(), 1);
		assertThat(browser.post("/login/telegram/otp/verify", right).field("error")).isEqualTo("upstream_error");
		upstream.xellar().faults().enqueue(EmulatorFaults.VERIFY_OTP, Fault.latency(Duration.ofSeconds(4)), 1);
		assertThat(browser.post("/login/telegram/otp/verify", right).field("error")).isEqualTo("upstream_timeout");
		upstream.xellar().faults().enqueue(EmulatorFaults.VERIFY_OTP, Fault.status(500), 1);
		assertThat(browser.post("/login/telegram/otp/verify", right).status()).isEqualTo(502);

		assertThat(browser.post("/login/telegram/otp/verify", right).status()).isEqualTo(200);
	}

	@Test
	void verifyWhenXellarAnswersAnother4xxOrA2xxWithoutTokensThenTheAttemptCountsAndTheLimitHolds() {
		String phone = newPhone();
		Browser browser = app.browser().openLoginPage();
		browser.post("/login/telegram/otp", "{\"phoneNumber\":\"" + phone + "\"}");
		String right = "{\"otp\":\"" + otp(phone) + "\"}";

		upstream.xellar().faults().enqueue(EmulatorFaults.VERIFY_OTP, Fault.status(403), 1);
		Response forbidden = browser.post("/login/telegram/otp/verify", right);
		assertThat(forbidden.status()).isEqualTo(401);
		assertThat(forbidden.json()).containsEntry("error", "invalid_otp").containsEntry("attemptsLeft", 2L);
		upstream.xellar().faults().enqueue(EmulatorFaults.VERIFY_OTP, Fault.status(422), 1);
		assertThat(browser.post("/login/telegram/otp/verify", right).json()).containsEntry("attemptsLeft", 1L);
		upstream.xellar().faults().enqueue(EmulatorFaults.VERIFY_OTP, Fault.wrongTypes(), 1);
		assertThat(browser.post("/login/telegram/otp/verify", right).field("error")).isEqualTo("upstream_error");

		// three attempts spent: even the right code is refused without asking Xellar, and the login is over
		Response locked = browser.post("/login/telegram/otp/verify", right);
		assertThat(locked.status()).isEqualTo(429);
		assertThat(locked.json()).containsEntry("error", "too_many_attempts");
		assertThat(upstream.xellar().lastOtp(phone)).isPresent();
		assertThat(browser.get("/me").status()).isEqualTo(302);
	}

	@Test
	void verifyWhenXellarDidNotJudgeTheCodeThenTheAttemptIsGivenBack() {
		String phone = newPhone();
		Browser browser = app.browser().openLoginPage();
		browser.post("/login/telegram/otp", "{\"phoneNumber\":\"" + phone + "\"}");
		String right = "{\"otp\":\"" + otp(phone) + "\"}";
		// more failures than the 3 attempts: 5xx, 429 and a broken connection are not judgements
		for (Fault fault : List.of(Fault.status(500), Fault.status(503), Fault.rateLimited(Duration.ofSeconds(5)),
				Fault.drop(), Fault.status(502))) {
			upstream.xellar().faults().enqueue(EmulatorFaults.VERIFY_OTP, fault, 1);
			assertThat(browser.post("/login/telegram/otp/verify", right).status()).as(fault.toString())
				.isIn(429, 502, 503);
		}
		assertThat(browser.post("/login/telegram/otp/verify", right).json()).containsEntry("status", "confirmed");
	}

	@Test
	void freshWalletTokenWhenCalledConcurrentlyThenOneUpstreamRefreshIsShared() throws Exception {
		String phone = newPhone();
		upstream.xellar().seedUserWithWallet(phone);
		Browser browser = app.browser().openLoginPage();
		browser.post("/login/telegram/otp", "{\"phoneNumber\":\"" + phone + "\"}");
		browser.post("/login/telegram/otp/verify", "{\"otp\":\"" + otp(phone) + "\"}");
		browser.openLoginPage();
		String first = browser.post("/wallet/token").field("walletToken");
		int refreshesBefore = upstream.xellar().refreshCount();
		// a slow refresh, so that every concurrent caller still holds the old refresh token when it starts
		upstream.xellar().faults().enqueue(EmulatorFaults.REFRESH, Fault.latency(Duration.ofMillis(700)), 1);

		ExecutorService pool = Executors.newFixedThreadPool(6);
		Set<String> tokens = java.util.concurrent.ConcurrentHashMap.newKeySet();
		try {
			List<Callable<Integer>> calls = new ArrayList<>();
			for (int i = 0; i < 6; i++) {
				calls.add(() -> {
					Response response = browser.post("/wallet/token");
					tokens.add(response.field("walletToken"));
					return response.status();
				});
			}
			for (Future<Integer> status : pool.invokeAll(calls)) {
				assertThat(status.get()).isEqualTo(200);
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(upstream.xellar().refreshCount() - refreshesBefore).isEqualTo(1);
		assertThat(tokens).hasSize(1).doesNotContain(first);
	}

	private static synchronized String newPhone() {
		return "+1555" + String.format("%07d", phoneCounter++);
	}

	private static String otp(String phone) {
		return upstream.xellar().lastOtp(phone).orElseThrow();
	}

	private static String wrongOtp(String phone) {
		String otp = otp(phone);
		return otp.equals("000000") ? "111111" : "000000";
	}

}
