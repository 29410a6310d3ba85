package dev.tglogin.security;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import dev.tglogin.emulator.BondifyEmulator;
import dev.tglogin.emulator.EmulatedTelegramUser;
import dev.tglogin.emulator.XellarEmulator;
import dev.tglogin.store.StoreKeys;
import dev.tglogin.test.Browser;
import dev.tglogin.test.Browser.Response;
import dev.tglogin.test.EmulatorServer;
import dev.tglogin.test.LogCapture;
import dev.tglogin.test.Proofs;
import dev.tglogin.test.TestApp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The logs: every login that succeeds or fails is logged exactly once, with a reason code and a hashed reference;
 * and no secret, proof, OTP or token appears in clear in anything logged during the whole run so far (this class runs
 * after every other Jupiter test class; {@link LogCapture} checks the rest, the jqwik engine's, when the run ends).
 */
@Order(Integer.MAX_VALUE)
class LoginLogTests {

	private static final Pattern OUTCOME = Pattern.compile("Telegram login (succeeded|failed) \\(([^)]*)\\)");

	private static EmulatorServer upstream;

	private static TestApp app;

	private static int phones;

	private int mark;

	@BeforeAll
	static void start() {
		upstream = new EmulatorServer(BondifyEmulator.builder().build(),
				XellarEmulator.builder().loginInterval(Duration.ZERO).build());
		app = new TestApp((telegram) -> telegram.throttle((throttle) -> throttle.startsPerAddress(0, Duration.ofMinutes(1))
				.otpSendInterval(Duration.ZERO))
			.bondify((b) -> b.projectId(upstream.bondify().projectId())
				.secret(upstream.bondify().secret())
				.baseUrl(upstream.baseUrl()))
			.xellar((x) -> x.clientSecret(upstream.xellar().clientSecret()).baseUrl(upstream.baseUrl()).maxOtpAttempts(2)));
	}

	@AfterAll
	static void stop() throws Exception {
		app.close();
		upstream.close();
	}

	@BeforeEach
	void mark() {
		assertThat(LogCapture.isActive()).as("the log capture runs in every JUnit Platform run").isTrue();
		this.mark = LogCapture.mark();
	}

	@Test
	void bondifyLoginsAreLoggedOnceWithTheHashedSessionAndAReason() {
		Browser ok = app.browser().openLoginPage();
		String okToken = token(ok.post("/login/telegram/start"));
		upstream.bondify().confirm(okToken, EmulatedTelegramUser.defaultUser());
		ok.post("/login/telegram/status");
		ok.openLoginPage().post("/login/telegram/status");

		Browser cancelled = app.browser().openLoginPage();
		String cancelledToken = token(cancelled.post("/login/telegram/start"));
		upstream.bondify().cancel(cancelledToken);
		cancelled.post("/login/telegram/status");
		cancelled.post("/login/telegram/status");

		Browser viaProof = app.browser().openLoginPage();
		String session = token(viaProof.post("/login/telegram/start"));
		String proof = Proofs.hs256(upstream.bondify().secret(), upstream.bondify().projectId(), session, (c) -> {
		});
		viaProof.post("/login/telegram/proof", "{\"proof\":\"" + proof + "\"}");
		Browser other = app.browser().openLoginPage();
		other.post("/login/telegram/start");
		other.post("/login/telegram/proof", "{\"proof\":\"" + proof + "\"}");
		String forged = Proofs.hs256(new byte[32], upstream.bondify().projectId(), "sess_" + UUID.randomUUID(), (c) -> {
		});
		other.post("/login/telegram/proof", "{\"proof\":\"" + forged + "\"}");
		app.browser().openLoginPage().post("/login/telegram/proof", "{\"proof\":\"" + forged + "\"}");

		List<String> outcomes = outcomes();
		assertThat(outcomes).containsExactlyInAnyOrder(
				"succeeded flow=bondify, session " + StoreKeys.logRef(okToken),
				"failed flow=bondify, session " + StoreKeys.logRef(cancelledToken) + ", reason=cancelled",
				"succeeded flow=bondify, via=proof, session " + StoreKeys.logRef(session),
				"failed flow=bondify, via=proof, proof " + StoreKeys.logRef(proof) + ", reason=wrong_session",
				"failed flow=bondify, via=proof, proof " + StoreKeys.logRef(forged) + ", reason=bad_signature",
				"failed flow=bondify, via=proof, proof " + StoreKeys.logRef(forged) + ", reason=no_pending_login");
	}

	@Test
	void xellarLoginsAndAttemptsAreLoggedOnceWithAReason() {
		Browser ok = app.browser().openLoginPage();
		String phone = newPhone();
		ok.post("/login/telegram/otp", "{\"phoneNumber\":\"" + phone + "\"}");
		ok.post("/login/telegram/otp/verify", code(phone));

		Browser locked = app.browser().openLoginPage();
		String phone2 = newPhone();
		locked.post("/login/telegram/otp", "{\"phoneNumber\":\"" + phone2 + "\"}");
		String wrong = "{\"otp\":\"" + (code(phone2).contains("000000") ? "111111" : "000000") + "\"}";
		locked.post("/login/telegram/otp/verify", wrong);
		locked.post("/login/telegram/otp/verify", wrong);

		List<String> outcomes = outcomes();
		assertThat(outcomes).hasSize(2);
		assertThat(outcomes.get(0)).matches("succeeded flow=xellar, verification [0-9a-f]{12}");
		assertThat(outcomes.get(1)).matches("failed flow=xellar, verification [0-9a-f]{12}, phone \\+[0-9]{2}\\*+[0-9]{2}, "
				+ "reason=too_many_attempts");
		String text = LogCapture.since(this.mark);
		assertThat(count(text, "Telegram login attempt failed \\(flow=xellar, verification [0-9a-f]{12}, "
				+ "reason=wrong_otp, attemptsLeft=1\\)")).isEqualTo(1);
		assertThat(text).doesNotContain(phone, phone2);
	}

	@Test
	void throttlingIsLoggedOncePerWindowAndLimit() {
		Browser browser = app.browser().openLoginPage();
		for (int i = 0; i < 13; i++) {
			browser.post("/login/telegram/start");
		}
		assertThat(count(LogCapture.since(this.mark),
				"Telegram login throttled \\(limit=starts-per-session, key [0-9a-f]{12}, 10 per PT1M, retryAfter=[0-9]+s\\)"))
			.isEqualTo(1);
	}

	@Test
	void theCheckFindsSecretsAndOtpsOutsideTheEmulatorAndOnlyThere() {
		String secret = "leak-check-" + UUID.randomUUID();
		LogCapture.secret("a self-test secret", secret);
		String text = "[main] INFO dev.tglogin.emulator.XellarEmulator - Xellar emulator OTP for +1***11: 402817\n"
				+ "[main] INFO dev.tglogin.emulator.BondifyEmulator - " + secret + "\n"
				+ "[qtp-1] INFO dev.tglogin.web.xellar.XellarLoginFilter - the code 402817 was typed\n"
				+ "[qtp-2] WARN org.springframework.security.Some - token " + secret + "\n"
				+ "    and a continuation line with " + secret + "\n"
				+ "[jul] JUL-INFO jdk.internal.httpclient - 402817\n"
				+ "[qtp-3] INFO org.eclipse.jetty.server.Server - Started @402817ms\n"
				// a user whose Telegram id happens to equal the OTP: the id is no leak, the same number beside it is
				+ "[qtp-4] DEBUG dev.tglogin.web.bondify.BondifyLoginFilter - Set to TelegramUser[id=402817, username=x]\n"
				+ "[qtp-5] DEBUG dev.tglogin.web.bondify.BondifyStartFilter - TelegramUser[id=402817, note=402817]\n"
				// a hashed log reference whose digits happen to start with the OTP is no leak either
				+ "[qtp-6] DEBUG dev.tglogin.web.bondify.BondifyLoginFilter - login started (bondify session 402817e1c156)\n"
				+ "[qtp-7] INFO dev.tglogin.web.bondify.BondifyWebhookFilter - session 402817e1c156, code 402817\n"
				// nor is an HTTP session id with the OTP's digits inside; the number on its own beside one still is
				+ "[qtp-8] DEBUG org.springframework.security.web.authentication.session.ChangeSessionIdAuthenticationStrategy"
				+ " - Changed session id from node0q3v1402817kx9w to node01hvh0i2l402817s1dsb6p0szj30\n"
				+ "[qtp-9] DEBUG org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter"
				+ " - Details=WebAuthenticationDetails [SessionId=node01hvh0i2l402817s1dsb6p0szj30], otp 402817\n";

		assertThat(LogCapture.leaks(text)).containsExactlyInAnyOrder(
				"an emulator-issued OTP in a record of dev.tglogin.web.xellar.XellarLoginFilter",
				"a self-test secret in a record of org.springframework.security.Some",
				"an emulator-issued OTP in a record of jdk.internal.httpclient",
				"an emulator-issued OTP in a record of dev.tglogin.web.bondify.BondifyStartFilter",
				"an emulator-issued OTP in a record of dev.tglogin.web.bondify.BondifyWebhookFilter",
				"an emulator-issued OTP in a record of "
						+ "org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter");
	}

	@Test
	void nothingLoggedSoFarInThisRunHasASecretProofOtpOrTokenInClear() {
		// one more code, so that the emulator has logged at least one even when this test runs first
		app.browser().openLoginPage().post("/login/telegram/otp", "{\"phoneNumber\":\"" + newPhone() + "\"}");
		String text = LogCapture.text();
		// the emulator's OTP lines exist (so the check knows the OTPs), and the check covers them everywhere else
		assertThat(text).contains("emulator OTP for");
		assertThat(LogCapture.leaks()).isEmpty();
		System.err.println("LoginLogTests: " + LogCapture.stats());
	}

	private List<String> outcomes() {
		Matcher matcher = OUTCOME.matcher(LogCapture.since(this.mark));
		List<String> outcomes = new java.util.ArrayList<>();
		while (matcher.find()) {
			outcomes.add(matcher.group(1) + " " + matcher.group(2));
		}
		return outcomes;
	}

	private static int count(String text, String regex) {
		Matcher matcher = Pattern.compile(regex).matcher(text);
		int n = 0;
		while (matcher.find()) {
			n++;
		}
		return n;
	}

	private static String code(String phone) {
		return "{\"otp\":\"" + upstream.xellar().lastOtp(phone).orElseThrow() + "\"}";
	}

	private static String token(Response start) {
		String deeplink = start.field("deeplink");
		return deeplink.substring(deeplink.indexOf("start=") + "start=".length());
	}

	private static synchronized String newPhone() {
		return "+1999" + String.format("%07d", ++phones);
	}

}
