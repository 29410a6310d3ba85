package dev.tglogin.security;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tglogin.emulator.BondifyEmulator;
import dev.tglogin.emulator.EmulatedTelegramUser;
import dev.tglogin.emulator.EmulatorFaults;
import dev.tglogin.emulator.Fault;
import dev.tglogin.emulator.XellarEmulator;
import dev.tglogin.store.InMemoryTelegramLoginStore;
import dev.tglogin.test.Browser;
import dev.tglogin.test.Browser.Response;
import dev.tglogin.test.EmulatorServer;
import dev.tglogin.test.MutableClock;
import dev.tglogin.test.TestApp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each throttle limit over HTTP, with the default limits: logins started per session and per client address (with
 * and without trusted proxies), status polls per session, OTPs per phone number, codes submitted per session and per
 * client address, codes checked per verification token and per phone number. Over a limit: 429 {@code rate_limited}, {@code Retry-After} = the seconds left in the
 * window, the JSON error contract, no upstream call, and the counters keyed by hashes only.
 */
class ThrottleIntegrationTests {

	private static final String PROXY_HEADER = "X-Forwarded-For";

	/** Windows are aligned to the epoch: start each test at the start of a fresh day. */
	private static final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));

	private static final RecordingStore store = new RecordingStore();

	private static EmulatorServer upstream;

	/** Trusts X-Forwarded-For from 127.0.0.1, where the test's requests come from. */
	private static TestApp app;

	/** Default settings: X-Forwarded-For is not trusted. */
	private static TestApp untrusting;

	private static int counter;

	@BeforeAll
	static void start() {
		upstream = new EmulatorServer(BondifyEmulator.builder().build(),
				XellarEmulator.builder().loginInterval(Duration.ZERO).build());
		app = new TestApp((telegram) -> telegram.store(store)
			.throttle((throttle) -> throttle.trustedProxies("127.0.0.1", "::1").otpSendInterval(Duration.ZERO).clock(clock))
			.bondify((b) -> b.projectId(upstream.bondify().projectId())
				.secret(upstream.bondify().secret())
				.baseUrl(upstream.baseUrl()))
			.xellar((x) -> x.clientSecret(upstream.xellar().clientSecret()).baseUrl(upstream.baseUrl())));
		// the send interval lives as long as its store counter: that store reads the test's clock
		InMemoryTelegramLoginStore clocked = new InMemoryTelegramLoginStore();
		clocked.setClock(clock);
		untrusting = new TestApp((telegram) -> telegram.store(clocked)
			.throttle((throttle) -> throttle.clock(clock))
			.bondify((b) -> b.projectId(upstream.bondify().projectId())
				.secret(upstream.bondify().secret())
				.baseUrl(upstream.baseUrl()))
			.xellar((x) -> x.clientSecret(upstream.xellar().clientSecret()).baseUrl(upstream.baseUrl())));
	}

	@AfterAll
	static void stop() throws Exception {
		app.close();
		untrusting.close();
		upstream.close();
	}

	@BeforeEach
	void freshWindows() {
		Instant now = clock.instant();
		clock.advance(Duration.between(now, now.truncatedTo(java.time.temporal.ChronoUnit.DAYS).plus(Duration.ofDays(1))));
	}

	@Test
	void startWhenOverTheSessionLimitThenRateLimitedWithTheSecondsLeftAndNoUpstreamCall() {
		Browser browser = app.browser().openLoginPage();
		String address = newAddress();
		for (int i = 0; i < 10; i++) {
			assertThat(browser.post("/login/telegram/start", "{}", PROXY_HEADER, address).status()).isEqualTo(200);
		}
		int sessions = upstream.bondify().sessions().size();
		clock.advance(Duration.ofSeconds(20));

		Response refused = browser.post("/login/telegram/start", "{}", PROXY_HEADER, address);
		assertRateLimited(refused, "40");
		// an OTP request is a login start too
		assertRateLimited(browser.post("/login/telegram/otp", "{\"phoneNumber\":\"" + newPhone() + "\"}",
				PROXY_HEADER, address), "40");
		assertThat(upstream.bondify().sessions()).hasSize(sessions);

		clock.advance(Duration.ofSeconds(40));
		assertThat(browser.post("/login/telegram/start", "{}", PROXY_HEADER, address).status()).isEqualTo(200);
	}

	@Test
	void startWhenOverTheAddressLimitThenRateLimitedAndOtherAddressesAreNot() {
		String address = newAddress();
		for (int i = 0; i < 30; i++) {
			assertThat(app.browser().openLoginPage().post("/login/telegram/start", "{}", PROXY_HEADER, address).status())
				.isEqualTo(200);
		}
		assertRateLimited(app.browser().openLoginPage().post("/login/telegram/start", "{}", PROXY_HEADER, address),
				"60");
		// a client cannot escape by prepending addresses of its own: only the hop our proxy added counts
		assertRateLimited(app.browser().openLoginPage().post("/login/telegram/start", "{}", PROXY_HEADER,
				"198.51.100.1, " + address), "60");
		assertThat(app.browser().openLoginPage().post("/login/telegram/start", "{}", PROXY_HEADER, newAddress())
			.status()).isEqualTo(200);
	}

	@Test
	void startWhenXForwardedForIsNotTrustedThenEveryClientIsTheDirectPeer() {
		for (int i = 0; i < 30; i++) {
			Response started = untrusting.browser().openLoginPage().post("/login/telegram/start", "{}", PROXY_HEADER,
					newAddress());
			assertThat(started.status()).isEqualTo(200);
		}
		assertRateLimited(untrusting.browser().openLoginPage().post("/login/telegram/start", "{}", PROXY_HEADER,
				newAddress()), "60");
	}

	@Test
	void startWhenIpv6AddressesShareTheirSlash64ThenTheyShareTheLimit() {
		String prefix = "2001:db8:" + Integer.toHexString(++counter) + ":1::";
		for (int i = 0; i < 30; i++) {
			assertThat(app.browser().openLoginPage().post("/login/telegram/start", "{}", PROXY_HEADER,
					prefix + Integer.toHexString(i + 1)).status()).isEqualTo(200);
		}
		assertRateLimited(app.browser().openLoginPage().post("/login/telegram/start", "{}", PROXY_HEADER,
				prefix + "ffff"), "60");
	}

	@Test
	void statusWhenOverTheSessionLimitThenRateLimited() {
		Browser browser = app.browser().openLoginPage();
		browser.post("/login/telegram/start", "{}", PROXY_HEADER, newAddress());
		for (int i = 0; i < 60; i++) {
			assertThat(browser.post("/login/telegram/status").json()).containsEntry("status", "pending");
		}
		assertRateLimited(browser.post("/login/telegram/status"), "60");
		clock.advance(Duration.ofMinutes(1));
		assertThat(browser.post("/login/telegram/status").json()).containsEntry("status", "pending");
	}

	@Test
	void otpWhenOverThePhoneLimitThenRateLimitedAndNoCodeIsSent() {
		String phone = newPhone();
		List<Browser> browsers = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			Browser browser = app.browser().openLoginPage();
			assertThat(browser.post("/login/telegram/otp", "{\"phoneNumber\":\"" + phone + "\"}", PROXY_HEADER,
					newAddress()).status()).isEqualTo(200);
			browsers.add(browser);
		}
		String lastCode = upstream.xellar().lastOtp(phone).orElseThrow();
		clock.advance(Duration.ofMinutes(4));

		Response refused = app.browser().openLoginPage().post("/login/telegram/otp",
				"{\"phoneNumber\":\"" + phone + "\"}", PROXY_HEADER, newAddress());
		assertRateLimited(refused, "360");
		// no new code was sent: the third browser's code still works
		assertThat(upstream.xellar().lastOtp(phone)).contains(lastCode);
		assertThat(browsers.get(2).post("/login/telegram/otp/verify", "{\"otp\":\"" + lastCode + "\"}").status())
			.isEqualTo(200);
		// another number is not affected
		assertThat(app.browser().openLoginPage().post("/login/telegram/otp",
				"{\"phoneNumber\":\"" + newPhone() + "\"}", PROXY_HEADER, newAddress()).status()).isEqualTo(200);
	}

	@Test
	void otpWhenASecondCodeIsAskedWithinTheSendIntervalThenRateLimitedWithTheTimeLeftAndXellarIsNotCalled() {
		// default settings: one code per phone number per minute, counted from the first send
		String phone = newPhone();
		clock.advance(Duration.ofSeconds(50));
		Browser first = untrusting.browser().openLoginPage();
		assertThat(first.post("/login/telegram/otp", "{\"phoneNumber\":\"" + phone + "\"}").status()).isEqualTo(200);
		String code = upstream.xellar().lastOtp(phone).orElseThrow();
		clock.advance(Duration.ofSeconds(20));

		// the same number typed another way, from another browser: still one number
		String typed = "00 " + phone.substring(1, 3) + " " + phone.substring(3);
		assertRateLimited(untrusting.browser().openLoginPage().post("/login/telegram/otp",
				"{\"phoneNumber\":\"" + typed + "\"}"), "40");
		// Xellar was not asked (its own limit is off here): the first code still works
		assertThat(upstream.xellar().lastOtp(phone)).contains(code);
		clock.advance(Duration.ofSeconds(40));
		assertThat(untrusting.browser().openLoginPage().post("/login/telegram/otp",
				"{\"phoneNumber\":\"" + phone + "\"}").status()).isEqualTo(200);
	}

	@Test
	void otpWhenXellarCouldNotSendTheCodeThenTheSendIntervalIsGivenBack() {
		String phone = newPhone();
		Browser browser = untrusting.browser().openLoginPage();
		upstream.xellar().faults().enqueue(EmulatorFaults.LOGIN, Fault.status(503), 1);
		assertThat(browser.post("/login/telegram/otp", "{\"phoneNumber\":\"" + phone + "\"}").json())
			.containsEntry("error", "upstream_unavailable");
		assertThat(browser.post("/login/telegram/otp", "{\"phoneNumber\":\"" + phone + "\"}").status()).isEqualTo(200);
		assertRateLimited(browser.post("/login/telegram/otp", "{\"phoneNumber\":\"" + phone + "\"}"), "60");
	}

	@Test
	void verifyWhenOverTheAttemptsOfOneCodeThenTooManyAttempts() {
		String phone = newPhone();
		Browser browser = app.browser().openLoginPage();
		browser.post("/login/telegram/otp", "{\"phoneNumber\":\"" + phone + "\"}", PROXY_HEADER, newAddress());
		String wrong = "{\"otp\":\"" + wrongCode(phone) + "\"}";
		for (int left = 4; left >= 1; left--) {
			assertThat(browser.post("/login/telegram/otp/verify", wrong).field("attemptsLeft")).isEqualTo("" + left);
		}
		Response locked = browser.post("/login/telegram/otp/verify", wrong);
		assertThat(locked.status()).isEqualTo(429);
		assertThat(locked.json()).containsEntry("error", "too_many_attempts");
	}

	@Test
	void verifyWhenOverThePhoneLimitThenRateLimitedWithoutAskingXellarEvenForTheRightCode() {
		String phone = newPhone();
		Browser browser = app.browser().openLoginPage();
		for (int code = 0; code < 2; code++) {
			browser.post("/login/telegram/otp", "{\"phoneNumber\":\"" + phone + "\"}", PROXY_HEADER, newAddress());
			String wrong = "{\"otp\":\"" + wrongCode(phone) + "\"}";
			for (int attempt = 0; attempt < 5; attempt++) {
				assertThat(browser.post("/login/telegram/otp/verify", wrong).status()).isIn(401, 429);
			}
		}
		browser.post("/login/telegram/otp", "{\"phoneNumber\":\"" + phone + "\"}", PROXY_HEADER, newAddress());
		String right = "{\"otp\":\"" + upstream.xellar().lastOtp(phone).orElseThrow() + "\"}";
		clock.advance(Duration.ofMinutes(10));

		assertRateLimited(browser.post("/login/telegram/otp/verify", right), "3000");
		// Xellar was not asked: the code is still unused, and the pending login was kept
		assertThat(upstream.xellar().lastOtp(phone)).isPresent();
		clock.advance(Duration.ofMinutes(50));
		assertThat(browser.post("/login/telegram/otp/verify", right).json()).containsEntry("status", "confirmed");
	}

	@Test
	void verifyWhenXellarRefusesWithAnUnexpected4xxThenThePhoneLimitStillCounts() {
		String phone = newPhone();
		Browser browser = app.browser().openLoginPage();
		for (int code = 0; code < 2; code++) {
			browser.post("/login/telegram/otp", "{\"phoneNumber\":\"" + phone + "\"}", PROXY_HEADER, newAddress());
			String right = "{\"otp\":\"" + upstream.xellar().lastOtp(phone).orElseThrow() + "\"}";
			for (int attempt = 0; attempt < 5; attempt++) {
				upstream.xellar().faults().enqueue(EmulatorFaults.VERIFY_OTP, Fault.status(404), 1);
				assertThat(browser.post("/login/telegram/otp/verify", right).status()).isIn(401, 429);
			}
		}
		upstream.xellar().faults().clear();
		browser.post("/login/telegram/otp", "{\"phoneNumber\":\"" + phone + "\"}", PROXY_HEADER, newAddress());
		String right = "{\"otp\":\"" + upstream.xellar().lastOtp(phone).orElseThrow() + "\"}";

		assertRateLimited(browser.post("/login/telegram/otp/verify", right), "3600");
	}

	@Test
	void verifyWhenOverTheSessionLimitThenRateLimitedWithoutAskingXellarAndThePendingLoginIsKept() {
		Browser browser = app.browser().openLoginPage();
		String address = newAddress();
		String phone = null;
		// 30 submissions over 10 codes for 10 phone numbers: no per-code or per-phone limit is reached
		for (int code = 0; code < 10; code++) {
			phone = newPhone();
			browser.post("/login/telegram/otp", "{\"phoneNumber\":\"" + phone + "\"}", PROXY_HEADER, newAddress());
			String wrong = "{\"otp\":\"" + wrongCode(phone) + "\"}";
			for (int attempt = 0; attempt < 3; attempt++) {
				assertThat(browser.post("/login/telegram/otp/verify", wrong, PROXY_HEADER, address).status())
					.isEqualTo(401);
			}
		}
		String right = "{\"otp\":\"" + upstream.xellar().lastOtp(phone).orElseThrow() + "\"}";
		clock.advance(Duration.ofMinutes(4));

		assertRateLimited(browser.post("/login/telegram/otp/verify", right, PROXY_HEADER, newAddress()), "360");
		// Xellar was not asked (the code is unused) and the pending login was kept: it completes in the next window
		assertThat(upstream.xellar().lastOtp(phone)).isPresent();
		clock.advance(Duration.ofMinutes(6));
		assertThat(browser.post("/login/telegram/otp/verify", right, PROXY_HEADER, newAddress()).json())
			.containsEntry("status", "confirmed");
	}

	@Test
	void verifyWhenOverTheAddressLimitThenRateLimitedWhateverTheSessionAndOtherAddressesAreNot() {
		String address = newAddress();
		// 60 submissions from one address, over 20 sessions and phone numbers
		for (int i = 0; i < 20; i++) {
			Browser browser = app.browser().openLoginPage();
			String phone = newPhone();
			browser.post("/login/telegram/otp", "{\"phoneNumber\":\"" + phone + "\"}", PROXY_HEADER, newAddress());
			String wrong = "{\"otp\":\"" + wrongCode(phone) + "\"}";
			for (int attempt = 0; attempt < 3; attempt++) {
				assertThat(browser.post("/login/telegram/otp/verify", wrong, PROXY_HEADER, address).status())
					.isEqualTo(401);
			}
		}
		Browser fresh = app.browser().openLoginPage();
		String phone = newPhone();
		fresh.post("/login/telegram/otp", "{\"phoneNumber\":\"" + phone + "\"}", PROXY_HEADER, newAddress());
		String right = "{\"otp\":\"" + upstream.xellar().lastOtp(phone).orElseThrow() + "\"}";

		assertRateLimited(fresh.post("/login/telegram/otp/verify", right, PROXY_HEADER, address), "600");
		assertThat(upstream.xellar().lastOtp(phone)).isPresent();
		assertThat(fresh.post("/login/telegram/otp/verify", right, PROXY_HEADER, newAddress()).json())
			.containsEntry("status", "confirmed");
	}

	@Test
	void countersAreKeyedByHashesNeverByPhoneNumbersAddressesOrSessionIds() {
		String phone = newPhone();
		String address = newAddress();
		Browser browser = app.browser().openLoginPage();
		browser.post("/login/telegram/otp", "{\"phoneNumber\":\"" + phone + "\"}", PROXY_HEADER, address);
		browser.post("/login/telegram/otp/verify", "{\"otp\":\"" + wrongCode(phone) + "\"}");
		String session = browser.sessionId();

		assertThat(store.keys).isNotEmpty().allSatisfy((key) -> {
			assertThat(key).matches("[a-z0-9-]+:[0-9a-f]{64}(:[0-9]+)?");
			assertThat(key).doesNotContain(phone.substring(1), address, session);
		});
		assertThat(store.keys).anyMatch((key) -> key.startsWith("throttle-otp-requests-per-phone:"))
			.anyMatch((key) -> key.startsWith("throttle-starts-per-address:"))
			.anyMatch((key) -> key.startsWith("throttle-otp-verifications-per-session:"))
			.anyMatch((key) -> key.startsWith("throttle-otp-verifications-per-address:"))
			.anyMatch((key) -> key.startsWith("throttle-otp-verifications-per-phone:"));
	}

	@Test
	void throttledLoginsStillCompleteOnceTheWindowEnds() {
		Browser browser = app.browser().openLoginPage();
		String address = newAddress();
		Response start = null;
		for (int i = 0; i < 10; i++) {
			start = browser.post("/login/telegram/start", "{}", PROXY_HEADER, address);
		}
		assertRateLimited(browser.post("/login/telegram/start", "{}", PROXY_HEADER, address), "60");
		// the refused start did not touch the pending login of the last accepted one
		String deeplink = start.field("deeplink");
		upstream.bondify().confirm(deeplink.substring(deeplink.indexOf("start=") + 6), EmulatedTelegramUser.defaultUser());
		assertThat(browser.post("/login/telegram/status").json()).containsEntry("status", "confirmed");
	}

	private static void assertRateLimited(Response response, String retryAfter) {
		assertThat(response.status()).isEqualTo(429);
		assertThat(response.json()).containsOnlyKeys("error", "message").containsEntry("error", "rate_limited");
		assertThat(response.header("Retry-After")).isEqualTo(retryAfter);
		assertThat(response.header("Content-Type")).startsWith("application/json");
	}

	private static String wrongCode(String phone) {
		return upstream.xellar().lastOtp(phone).orElseThrow().equals("000000") ? "111111" : "000000";
	}

	private static synchronized String newAddress() {
		counter++;
		return "203.0." + (counter / 250) + "." + (counter % 250 + 1);
	}

	private static synchronized String newPhone() {
		return "+1777" + String.format("%07d", ++counter);
	}

}
