package dev.tglogin.security;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.tglogin.emulator.BondifyEmulator;
import dev.tglogin.emulator.EmulatedTelegramUser;
import dev.tglogin.emulator.EmulatorFaults;
import dev.tglogin.emulator.Fault;
import dev.tglogin.emulator.XellarEmulator;
import dev.tglogin.http.UpstreamHttpClient;
import dev.tglogin.test.Browser;
import dev.tglogin.test.Browser.Response;
import dev.tglogin.test.EmulatorServer;
import dev.tglogin.test.TestApp;
import dev.tglogin.xellar.HttpXellarClient;
import dev.tglogin.xellar.XellarClient;
import dev.tglogin.xellar.XellarWalletService;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The upstream fault matrix: every upstream call the library makes (Bondify generate and verify; Xellar login,
 * verify-telegram, and account/create and wallet/refresh through the {@link XellarWalletService}) against every
 * fault: connection refused, reset mid-body, read timeout, 5xx, 429 with {@code Retry-After}, malformed JSON, right
 * JSON with wrong types, a 10 MB body. Each answers the documented JSON error (502/503/504/429) within the read
 * timeout plus a generous margin, and the login (or the logged-in user's wallet) is usable again once the fault
 * clears.
 * <p>
 * A read timeout leaves the upstream's outcome unknown: the emulator, like a real upstream, still carries out a
 * request it answers late. For the calls that change state upstream (an OTP sent, a code checked, a wallet created,
 * single-use refresh tokens rotated) the earlier state may then be spent, and recovery is a new code or a new login,
 * which the matrix checks instead; for the others the same pending login completes.
 */
class UpstreamFaultMatrixTests {

	private static final Duration READ_TIMEOUT = Duration.ofMillis(800);

	/** The generous bound on any faulted answer: the read timeout, plus time for the request itself. */
	private static final Duration ANSWER_BOUND = READ_TIMEOUT.plusSeconds(2);

	private static final Duration LATENCY = READ_TIMEOUT.plusMillis(500);

	private static EmulatorServer upstream;

	private static TestApp app;

	private static int phones = 0;

	@BeforeAll
	static void start() {
		XellarEmulator xellar = XellarEmulator.builder().loginInterval(Duration.ZERO).build();
		upstream = new EmulatorServer(BondifyEmulator.builder().build(), xellar);
		XellarClient client = new HttpXellarClient(
				new UpstreamHttpClient("xellar", Duration.ofMillis(500), READ_TIMEOUT), upstream.baseUrl(), "v2",
				xellar.clientSecret());
		app = new TestApp((telegram) -> telegram.connectTimeout(Duration.ofMillis(500))
			.readTimeout(READ_TIMEOUT)
			.throttle((throttle) -> throttle.disable())
			.bondify((b) -> b.projectId(upstream.bondify().projectId())
				.secret(upstream.bondify().secret())
				.baseUrl(upstream.baseUrl()))
			.xellar((x) -> x.client(client)), new XellarWalletService(client));
	}

	@AfterAll
	static void stop() throws Exception {
		app.close();
		upstream.close();
	}

	@AfterEach
	void clear() {
		upstream.bondify().faults().clear();
		upstream.xellar().faults().clear();
	}

	static Stream<Arguments> matrix() {
		List<Arguments> cases = new ArrayList<>();
		for (Call call : Call.values()) {
			for (Kind kind : Kind.values()) {
				cases.add(Arguments.argumentSet(call + " / " + kind, call, kind));
			}
		}
		return cases.stream();
	}

	@ParameterizedTest
	@MethodSource("matrix")
	void faultAnswersTheDocumentedErrorInTimeAndTheLoginRecovers(Call call, Kind kind) throws Exception {
		Flow flow = new Flow(call);
		flow.prepare();
		if (kind == Kind.CONNECTION_REFUSED) {
			upstream.goDown();
		}
		else {
			upstream.bondify().faults().enqueue(call.endpoint, kind.fault(), 1);
			upstream.xellar().faults().enqueue(call.endpoint, kind.fault(), 1);
		}
		long began = System.nanoTime();
		Response answer;
		try {
			answer = flow.invoke();
		}
		finally {
			if (kind == Kind.CONNECTION_REFUSED) {
				upstream.comeBack();
			}
		}
		Duration took = Duration.ofNanos(System.nanoTime() - began);
		clear();

		assertThat(answer.status() + " " + answer.field("error")).isEqualTo(kind.expected);
		assertThat(answer.json()).containsOnlyKeys("error", "message");
		assertThat(answer.body()).doesNotContain("Exception", "at dev.", "java.");
		assertThat(took).as("answered within the timeout").isLessThan(ANSWER_BOUND);
		if (kind == Kind.RATE_LIMITED) {
			assertThat(answer.header("Retry-After")).isEqualTo("7");
		}
		if (kind == Kind.READ_TIMEOUT) {
			// let the emulator finish the request it answers late, as a real upstream would
			Thread.sleep(Math.max(0, LATENCY.minus(took).toMillis()) + 300);
		}
		flow.recover(kind == Kind.READ_TIMEOUT && call.changesUpstreamState);
	}

	/** An upstream call, the endpoint of the library (or app) that makes it, and its emulator endpoint. */
	enum Call {

		BONDIFY_GENERATE(EmulatorFaults.GENERATE, false), BONDIFY_VERIFY(EmulatorFaults.VERIFY, false),
		XELLAR_LOGIN(EmulatorFaults.LOGIN, true), XELLAR_VERIFY_TELEGRAM(EmulatorFaults.VERIFY_OTP, true),
		XELLAR_ACCOUNT_CREATE(EmulatorFaults.CREATE, true), XELLAR_WALLET_REFRESH(EmulatorFaults.REFRESH, true);

		private final String endpoint;

		private final boolean changesUpstreamState;

		Call(String endpoint, boolean changesUpstreamState) {
			this.endpoint = endpoint;
			this.changesUpstreamState = changesUpstreamState;
		}

	}

	/** A fault and the answer it must give. */
	enum Kind {

		CONNECTION_REFUSED("503 upstream_unavailable"), RESET_MID_BODY("503 upstream_unavailable"),
		READ_TIMEOUT("504 upstream_timeout"), SERVER_ERROR("502 upstream_error"), RATE_LIMITED("429 rate_limited"),
		MALFORMED_JSON("502 upstream_error"), WRONG_TYPES("502 upstream_error"), TEN_MB_BODY("502 upstream_error");

		private final String expected;

		Kind(String expected) {
			this.expected = expected;
		}

		Fault fault() {
			return switch (this) {
				case CONNECTION_REFUSED -> throw new IllegalStateException("not a queued fault");
				case RESET_MID_BODY -> Fault.drop();
				case READ_TIMEOUT -> Fault.latency(LATENCY);
				case SERVER_ERROR -> Fault.status(500);
				case RATE_LIMITED -> Fault.rateLimited(Duration.ofSeconds(7));
				case MALFORMED_JSON -> Fault.malformedJson();
				case WRONG_TYPES -> Fault.wrongTypes();
				case TEN_MB_BODY -> Fault.hugeBody(10 * 1024 * 1024);
			};
		}

	}

	/** One browser's way through a call: the state before it, the faulted call, and the recovery. */
	private static final class Flow {

		private final Call call;

		private final Browser browser = app.browser().openLoginPage();

		private final String phone = newPhone();

		private String sessionToken;

		Flow(Call call) {
			this.call = call;
		}

		void prepare() {
			switch (this.call) {
				case BONDIFY_GENERATE, BONDIFY_VERIFY -> this.sessionToken = token(ok(this.browser.post("/login/telegram/start")));
				case XELLAR_LOGIN, XELLAR_VERIFY_TELEGRAM -> ok(requestCode());
				case XELLAR_ACCOUNT_CREATE -> logInWithXellar();
				case XELLAR_WALLET_REFRESH -> {
					upstream.xellar().seedUserWithWallet(this.phone);
					logInWithXellar();
					// hand out the login's wallet token: the next one needs a refresh
					assertThat(ok(this.browser.post("/wallet/token")).field("walletToken")).isNotBlank();
				}
			}
		}

		Response invoke() {
			return switch (this.call) {
				case BONDIFY_GENERATE -> this.browser.post("/login/telegram/start");
				case BONDIFY_VERIFY -> this.browser.post("/login/telegram/status");
				case XELLAR_LOGIN -> requestCode();
				case XELLAR_VERIFY_TELEGRAM -> submitCode();
				case XELLAR_ACCOUNT_CREATE -> this.browser.post("/wallet/create");
				case XELLAR_WALLET_REFRESH -> this.browser.post("/wallet/token");
			};
		}

		void recover(boolean outcomeUnknown) {
			switch (this.call) {
				case BONDIFY_GENERATE, BONDIFY_VERIFY -> {
					upstream.bondify().confirm(this.sessionToken, EmulatedTelegramUser.defaultUser());
					assertThat(ok(this.browser.post("/login/telegram/status")).json()).containsEntry("status",
							"confirmed");
				}
				case XELLAR_LOGIN, XELLAR_VERIFY_TELEGRAM -> {
					if (outcomeUnknown) {
						// the late request may have replaced or spent the code: the user asks for a new one
						ok(requestCode());
					}
					assertThat(ok(submitCode()).json()).containsEntry("status", "confirmed");
				}
				case XELLAR_ACCOUNT_CREATE -> {
					if (outcomeUnknown) {
						// the wallet may have been made after all: a new login finds it
						Response retry = this.browser.post("/wallet/create");
						assertThat(retry.status()).isIn(200, 502);
						if (retry.status() == 502) {
							logInWithXellar();
							assertThat(this.browser.get("/me").body()).endsWith("walletCreated=true");
						}
						return;
					}
					assertThat(ok(this.browser.post("/wallet/create")).json()).containsEntry("walletCreated", true);
				}
				case XELLAR_WALLET_REFRESH -> {
					if (outcomeUnknown) {
						// the late refresh may have rotated the single-use pair: a new login gets a fresh one
						Response retry = this.browser.post("/wallet/token");
						assertThat(retry.status()).isIn(200, 502);
						if (retry.status() == 200) {
							return;
						}
						logInWithXellar();
					}
					assertThat(ok(this.browser.post("/wallet/token")).field("walletToken")).isNotBlank();
				}
			}
		}

		private void logInWithXellar() {
			ok(requestCode());
			assertThat(ok(submitCode()).json()).containsEntry("status", "confirmed");
			// the CSRF token is renewed at login
			this.browser.openLoginPage();
		}

		private Response requestCode() {
			return this.browser.post("/login/telegram/otp", "{\"phoneNumber\":\"" + this.phone + "\"}");
		}

		private Response submitCode() {
			String otp = upstream.xellar().lastOtp(this.phone).orElse("000000");
			return this.browser.post("/login/telegram/otp/verify", "{\"otp\":\"" + otp + "\"}");
		}

	}

	private static Response ok(Response response) {
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response;
	}

	private static String token(Response start) {
		String deeplink = start.field("deeplink");
		return deeplink.substring(deeplink.indexOf("start=") + "start=".length());
	}

	private static synchronized String newPhone() {
		return "+1666" + String.format("%07d", phones++);
	}

}
