package dev.tglogin.emulator;

import dev.tglogin.test.MutableClock;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.tglogin.bondify.BondifyProtocol;
import dev.tglogin.xellar.XellarProtocol;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The Xellar half of the emulator over real HTTP: embedded Jetty, both halves at {@code /app/tglogin-emulator/*}.
 */
class XellarEmulatorServletTests {

	private static final String SECRET = "http-test-client-secret";

	private static final String LOGIN_V2 = XellarProtocol.path(XellarProtocol.LOGIN_TELEGRAM_PATH, "v2");

	private static final String VERIFY_V2 = XellarProtocol.path(XellarProtocol.VERIFY_TELEGRAM_PATH, "v2");

	private static final String CREATE_V2 = XellarProtocol.path(XellarProtocol.ACCOUNT_CREATE_PATH, "v2");

	private static final String REFRESH = XellarProtocol.WALLET_REFRESH_PATH;

	private static final AtomicInteger phones = new AtomicInteger();

	private static MutableClock clock;

	private static BondifyEmulator bondify;

	private static XellarEmulator xellar;

	private static Server server;

	private static String base;

	private static HttpClient http;

	@BeforeAll
	static void startServer() throws Exception {
		clock = new MutableClock(Instant.parse("2026-07-01T10:00:00Z"));
		bondify = BondifyEmulator.builder().build();
		xellar = XellarEmulator.builder().clientSecret(SECRET).clock(clock).build();
		server = new Server(0);
		ServletContextHandler context = new ServletContextHandler("/app");
		context.addServlet(new ServletHolder(new EmulatorServlet(bondify, xellar)), "/tglogin-emulator/*");
		server.setHandler(context);
		server.start();
		base = "http://localhost:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort()
				+ "/app/tglogin-emulator";
		http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
	}

	@AfterAll
	static void stopServer() throws Exception {
		server.stop();
	}

	@AfterEach
	void clearFaults() {
		bondify.faults().clear();
		xellar.faults().clear();
	}

	@Test
	void loginWhenOtpReadFromTelegramPageThenVerifyCreateAndRefreshCompleteTheWalletFlow() throws Exception {
		String phone = newPhone();
		Map<String, Object> login = data(ok(call(LOGIN_V2, SECRET, Map.of("phoneNumber", wire(phone)))));
		assertThat(login).containsEntry("isWalletCreated", false);

		HttpResponse<String> page = get(page(phone));
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("<h2>Xellar OTP codes</h2>").contains("id=\"otp\"").doesNotContain(phone);
		String otp = otpOnPage(page.body(), phone);
		assertThat(xellar.lastOtp(phone)).contains(otp);

		Map<String, Object> verified = data(ok(call(VERIFY_V2, SECRET,
				Map.of("verificationToken", login.get("verificationToken"), "otp", otp))));
		assertThat(verified).containsOnlyKeys("isWalletCreated", "accessToken");
		assertThat(get(page(phone)).body()).doesNotContain("class=\"otp\"").contains("id=\"no-otp\"");

		Map<String, Object> created = ok(call(CREATE_V2, SECRET, "{\"isCustodian\":true}",
				"Bearer " + verified.get("accessToken")));
		assertThat(created).containsEntry("message", "Create wallet successfully");
		Map<String, Object> wallet = data(created);
		String address = xellar.walletAddress(phone).orElseThrow();
		assertThat(wallet.get("address")).isEqualTo(List.of(Map.of("network", "evm", "address", address)));
		String link = (String) wallet.get("secret0Link");
		assertThat(link).startsWith(base + "/secret0/");
		HttpResponse<String> download = get(link);
		assertThat(download.statusCode()).isEqualTo(200);
		assertThat(download.headers().firstValue("Content-Type")).hasValueSatisfying(
				v -> assertThat(v).startsWith("text/plain"));
		assertThat(download.body()).isEqualTo(wallet.get("secret0"));

		Map<String, Object> refreshed = ok(call(REFRESH, SECRET, Map.of("refreshToken", wallet.get("refreshToken"))));
		assertThat(refreshed).containsEntry("message", "Refresh Success");
		assertThat(data(refreshed)).containsOnlyKeys("walletToken", "refreshToken");
		assertEnvelope(call(REFRESH, SECRET, Map.of("refreshToken", wallet.get("refreshToken"))), 401,
				"Invalid refresh token");
	}

	@Test
	void verifyWhenV1AndUserHasWalletThenAddressStringWithoutRefreshToken() throws Exception {
		String phone = newPhone();
		xellar.seedUserWithWallet(phone);
		String token = (String) data(ok(call("/api/v1/auth/login-telegram", SECRET, Map.of("phoneNumber", wire(phone)))))
			.get("verificationToken");

		Map<String, Object> data = data(ok(call("/api/v1/auth/verify-telegram", SECRET,
				Map.of("verificationToken", token, "otp", xellar.lastOtp(phone).orElseThrow()))));

		assertThat(data).containsOnlyKeys("isWalletCreated", "walletToken", "address")
			.containsEntry("address", xellar.walletAddress(phone).orElseThrow());
	}

	@Test
	void xellarEndpointsWhenClientSecretMissingOrWrongThenUnauthorizedEnvelope() throws Exception {
		String phone = newPhone();
		for (String secret : new String[] { null, "wrong" }) {
			assertEnvelope(call(LOGIN_V2, secret, Map.of("phoneNumber", wire(phone))), 401, "Invalid client secret");
			assertEnvelope(call(VERIFY_V2, secret, Map.of("verificationToken", "x", "otp", "123456")), 401,
					"Invalid client secret");
			assertEnvelope(call(CREATE_V2, secret, "{}", "Bearer x"), 401, "Invalid client secret");
			assertEnvelope(call(REFRESH, secret, Map.of("refreshToken", "x")), 401, "Invalid client secret");
		}
		assertThat(xellar.uid(phone)).isEmpty();
	}

	@Test
	void xellarEndpointsWhenBodyNotJsonOrFieldMissingThenInvalidRequestEnvelope() throws Exception {
		assertEnvelope(call(LOGIN_V2, SECRET, "{not json", null), 400, "Invalid request");
		assertEnvelope(call(LOGIN_V2, SECRET, "[]", null), 400, "Invalid request");
		assertEnvelope(call(LOGIN_V2, SECRET, Map.of("phoneNumber", 4915112345678L)), 400, "Invalid request");
		assertEnvelope(call(LOGIN_V2, SECRET, Map.of("phoneNumber", "+49 151")), 400, "Invalid request");
		// digits only, like Xellar's own UI kit sends them
		assertEnvelope(call(LOGIN_V2, SECRET, Map.of("phoneNumber", "+4915112345678")), 400, "Invalid request");
		assertEnvelope(call(VERIFY_V2, SECRET, Map.of("otp", "123456")), 400, "Invalid request");
		assertEnvelope(call(REFRESH, SECRET, ""), 400, "Invalid request");
	}

	@Test
	void loginWhenRepeatedWithinIntervalThenTooManyRequestsWithRetryAfterUntilIntervalPassed() throws Exception {
		String phone = newPhone();
		ok(call(LOGIN_V2, SECRET, Map.of("phoneNumber", wire(phone))));
		clock.advance(Duration.ofMillis(30_500));

		HttpResponse<String> limited = call(LOGIN_V2, SECRET, Map.of("phoneNumber", wire(phone)));

		assertEnvelope(limited, 429, "Too many requests");
		assertThat(limited.headers().firstValue("Retry-After")).contains("30");
		clock.advance(Duration.ofSeconds(30));
		ok(call(LOGIN_V2, SECRET, Map.of("phoneNumber", wire(phone))));
	}

	@Test
	void verifyWhenOtpWrongThenBadRequestAndWhenExpiredThenUnauthorized() throws Exception {
		String phone = newPhone();
		String token = (String) data(ok(call(LOGIN_V2, SECRET, Map.of("phoneNumber", wire(phone)))))
			.get("verificationToken");
		String otp = xellar.lastOtp(phone).orElseThrow();
		String wrong = otp.equals("999999") ? "999998" : "999999";

		assertEnvelope(call(VERIFY_V2, SECRET, Map.of("verificationToken", token, "otp", wrong)), 400, "Invalid OTP");
		clock.advance(XellarProtocol.OTP_LIFETIME);
		assertEnvelope(call(VERIFY_V2, SECRET, Map.of("verificationToken", token, "otp", otp)), 401,
				"Invalid or expired verification token");
	}

	@Test
	void createWhenBearerMissingThenUnauthorizedAndWhenWalletExistsThenConflict() throws Exception {
		String phone = newPhone();
		String token = (String) data(ok(call(LOGIN_V2, SECRET, Map.of("phoneNumber", wire(phone)))))
			.get("verificationToken");
		String accessToken = (String) data(ok(call(VERIFY_V2, SECRET,
				Map.of("verificationToken", token, "otp", xellar.lastOtp(phone).orElseThrow()))))
			.get("accessToken");

		assertEnvelope(call(CREATE_V2, SECRET, "", null), 401, "Invalid or expired access token");
		assertEnvelope(call(CREATE_V2, SECRET, "", "Basic " + accessToken), 401, "Invalid or expired access token");
		ok(call(CREATE_V2, SECRET, "", "bearer " + accessToken));
		assertEnvelope(call(CREATE_V2, SECRET, "", "Bearer " + accessToken), 409, "Wallet already created");
	}

	@Test
	void xellarRoutesWhenWrongMethodVersionOrLinkThenErrors() throws Exception {
		assertEnvelope(get(base + LOGIN_V2), 405, "Method not allowed");
		assertThat(call("/api/v3/auth/login-telegram", SECRET, "{}", null).statusCode()).isEqualTo(404);
		assertThat(call("/api/v1/wallet/refresh", SECRET, "{}", null).statusCode()).isEqualTo(404);
		assertEnvelope(get(base + "/secret0/unknown"), 404, "Link not found or expired");
	}

	@Test
	void bondifyEndpointsWhenBothHalvesMountedThenStillServed() throws Exception {
		HttpResponse<String> generated = call(BondifyProtocol.GENERATE_PATH, null,
				Map.of("project_id", BondifyEmulator.DEFAULT_PROJECT_ID));

		assertThat(generated.statusCode()).isEqualTo(200);
		assertThat(json(generated)).containsKey("session_token");
	}

	// ---------------------------------------------------------------- faults

	@Test
	void latencyFaultWhenInjectedOnLoginThenAnswerIsDelayedThenNormal() throws Exception {
		injectFault(Map.of("endpoint", "login", "type", "latency", "latencyMs", 300));

		long started = System.nanoTime();
		HttpResponse<String> delayed = call(LOGIN_V2, SECRET, Map.of("phoneNumber", wire(newPhone())));
		long elapsedMs = (System.nanoTime() - started) / 1_000_000;

		assertThat(elapsedMs).isGreaterThanOrEqualTo(300);
		ok(delayed);
	}

	@Test
	void statusFaultWhenInjectedOnVerifyThenThatStatusWithEnvelopeForTimesRequests() throws Exception {
		injectFault(Map.of("endpoint", "verify-telegram", "type", "status", "status", 503, "times", 2));
		Map<String, Object> body = Map.of("verificationToken", "x", "otp", "123456");

		assertEnvelope(call(VERIFY_V2, SECRET, body), 503, "Emulated fault: HTTP 503");
		assertEnvelope(call(VERIFY_V2, SECRET, body), 503, "Emulated fault: HTTP 503");
		assertEnvelope(call(VERIFY_V2, SECRET, body), 401, "Invalid or expired verification token");
	}

	@Test
	void rateLimitedFaultWhenInjectedOnRefreshThen429EnvelopeWithRetryAfterAndNotCounted() throws Exception {
		int before = xellar.refreshCount();
		injectFault(Map.of("endpoint", "refresh", "type", "rateLimited", "retryAfterSeconds", 7));

		HttpResponse<String> response = call(REFRESH, SECRET, Map.of("refreshToken", "x"));

		assertEnvelope(response, 429, "Too many requests");
		assertThat(response.headers().firstValue("Retry-After")).contains("7");
		assertThat(xellar.refreshCount()).isEqualTo(before);
	}

	@Test
	void malformedJsonFaultWhenInjectedOnCreateThenBodyIsNotParseable() throws Exception {
		injectFault(Map.of("endpoint", "create", "type", "malformedJson"));

		HttpResponse<String> response = call(CREATE_V2, SECRET, "", "Bearer x");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThatExceptionOfType(ParseException.class).isThrownBy(() -> JSONObjectUtils.parse(response.body()));
	}

	@Test
	void wrongTypesFaultWhenInjectedOnLoginThenValidJsonWithWrongTypes() throws Exception {
		injectFault(Map.of("endpoint", "login", "type", "wrongTypes"));

		Map<String, Object> body = json(call(LOGIN_V2, SECRET, Map.of("phoneNumber", wire(newPhone()))));

		assertThat(body.get("status")).isInstanceOf(String.class);
		Map<String, Object> data = data(body);
		assertThat(data.get("verificationToken")).isInstanceOf(Map.class);
		assertThat(data.get("verifyToken")).isInstanceOf(Number.class);
		assertThat(data.get("isWalletCreated")).isInstanceOf(String.class);
		assertThat(data.get("walletToken")).isInstanceOf(Boolean.class);
		assertThat(data.get("addresses")).isInstanceOf(String.class);
	}

	@Test
	void hugeBodyFaultWhenInjectedOnVerifyThenValidEnvelopeOfExactlyThatSize() throws Exception {
		injectFault(Map.of("endpoint", "verify-telegram", "type", "hugeBody", "bytes", 200_000));

		HttpResponse<String> response = call(VERIFY_V2, SECRET, Map.of("verificationToken", "x", "otp", "1"));

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body().getBytes(StandardCharsets.UTF_8)).hasSize(200_000);
		Map<String, Object> body = JSONObjectUtils.parse(response.body());
		assertThat(body).containsEntry("status", 200L).containsEntry("message", "ok");
		assertThat(data(body)).containsEntry("isWalletCreated", false);
	}

	@Test
	void dropFaultWhenInjectedOnRefreshThenClientSeesBrokenResponse() throws Exception {
		injectFault(Map.of("endpoint", "refresh", "type", "drop"));

		try {
			HttpResponse<String> response = call(REFRESH, SECRET, Map.of("refreshToken", "x"));
			// if the client returns at all, the body must be visibly truncated
			assertThat(response.body().length()).isLessThan(1024);
			assertThatExceptionOfType(ParseException.class).isThrownBy(() -> JSONObjectUtils.parse(response.body()));
		}
		catch (IOException expected) {
			// the usual outcome: premature EOF
		}
		assertEnvelope(call(REFRESH, SECRET, Map.of("refreshToken", "x")), 401, "Invalid refresh token");
	}

	@Test
	void faultWhenQueuedForXellarEndpointThenBondifyUnaffectedAndAnyEndpointHitsBothHalves() throws Exception {
		injectFault(Map.of("endpoint", "login", "type", "status", "status", 500));
		Map<String, Object> generate = Map.of("project_id", BondifyEmulator.DEFAULT_PROJECT_ID);
		assertThat(call(BondifyProtocol.GENERATE_PATH, null, generate).statusCode()).isEqualTo(200);
		assertEnvelope(call(LOGIN_V2, SECRET, Map.of("phoneNumber", wire(newPhone()))), 500, "Emulated fault: HTTP 500");

		injectFault(Map.of("type", "status", "status", 502));

		HttpResponse<String> bondifyAnswer = call(BondifyProtocol.GENERATE_PATH, null, generate);
		assertThat(bondifyAnswer.statusCode()).isEqualTo(502);
		assertThat(json(bondifyAnswer)).containsEntry("code", "EMULATED_FAULT");
		assertEnvelope(call(REFRESH, SECRET, Map.of("refreshToken", "x")), 502, "Emulated fault: HTTP 502");
	}

	@Test
	void faultsWhenDeletedThenBothHalvesAnswerNormally() throws Exception {
		injectFault(Map.of("type", "status", "status", 500, "times", 5));

		HttpResponse<Void> deleted = http.send(
				HttpRequest.newBuilder(URI.create(base + "/_emulator/faults")).DELETE().build(),
				HttpResponse.BodyHandlers.discarding());

		assertThat(deleted.statusCode()).isEqualTo(204);
		ok(call(LOGIN_V2, SECRET, Map.of("phoneNumber", wire(newPhone()))));
		assertThat(call(BondifyProtocol.GENERATE_PATH, null, Map.of("project_id", BondifyEmulator.DEFAULT_PROJECT_ID))
			.statusCode()).isEqualTo(200);
	}

	// ---------------------------------------------------------------- mounting

	@Test
	void servletWhenOnlyXellarMountedThenBondifyRoutesNotFoundAndPageShowsOnlyOtps() throws Exception {
		XellarEmulator alone = XellarEmulator.builder().clientSecret(SECRET).build();
		Server other = new Server(0);
		ServletContextHandler context = new ServletContextHandler();
		context.addServlet(new ServletHolder(new EmulatorServlet(null, alone)), "/*");
		other.setHandler(context);
		other.start();
		try {
			String otherBase = "http://localhost:" + ((ServerConnector) other.getConnectors()[0]).getLocalPort();
			String phone = newPhone();
			String empty = get(otherBase + "/telegram?phone=" + encode(phone)).body();
			assertThat(empty).contains("id=\"no-otp\"").doesNotContain("id=\"open-link\"");

			alone.login(SECRET, "v2", wire(phone));
			String page = get(otherBase + "/telegram?start=sess_x&phone=" + encode(phone)).body();
			assertThat(otpOnPage(page, phone)).isEqualTo(alone.lastOtp(phone).orElseThrow());
			assertThat(page).containsOnlyOnce("class=\"otp\"").doesNotContain("id=\"confirm\"");

			HttpRequest generate = HttpRequest.newBuilder(URI.create(otherBase + BondifyProtocol.GENERATE_PATH))
				.POST(HttpRequest.BodyPublishers.ofString("{\"project_id\":\"proj_emulator\"}"))
				.build();
			assertThat(http.send(generate, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
			HttpRequest fault = HttpRequest.newBuilder(URI.create(otherBase + "/_emulator/faults"))
				.POST(HttpRequest.BodyPublishers.ofString("{\"endpoint\":\"generate\",\"type\":\"drop\"}"))
				.build();
			assertThat(http.send(fault, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(400);
		}
		finally {
			other.stop();
		}
	}

	@Test
	void telegramPageThenShowsOnlyTheOtpsOfThePhoneNumberTheVisitorTypes() throws Exception {
		String mine = newPhone();
		String other = newPhone();
		ok(call(LOGIN_V2, SECRET, Map.of("phoneNumber", wire(mine))));
		ok(call(LOGIN_V2, SECRET, Map.of("phoneNumber", wire(other))));
		String otherOtp = xellar.lastOtp(other).orElseThrow();

		String untyped = get(base + "/telegram").body();
		assertThat(untyped).contains("id=\"phone\"").contains("id=\"show-otp\"").contains("id=\"ask-phone\"")
			.doesNotContain("class=\"otp\"")
			.doesNotContain(masked(mine))
			.doesNotContain(masked(other))
			.doesNotContain(otherOtp);

		// as a person types it: spaces and dashes, the + sent as %2B by the page's form
		String typed = mine.substring(0, 3) + " " + mine.substring(3, 7) + "-" + mine.substring(7);
		String page = get(base + "/telegram?phone=" + encode(typed)).body();
		assertThat(otpOnPage(page, mine)).isEqualTo(xellar.lastOtp(mine).orElseThrow());
		assertThat(page).containsOnlyOnce("class=\"otp\"").doesNotContain(masked(other)).doesNotContain(otherOtp);

		assertThat(get(base + "/telegram?phone=12ab").body()).contains("id=\"error\"").doesNotContain("class=\"otp\"");
		assertThat(get(base + "/telegram?phone=" + "1".repeat(100)).body()).contains("id=\"error\"");
	}

	@Test
	void servletWhenNeitherEmulatorGivenThenRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> new EmulatorServlet(null, null));
		assertThatIllegalArgumentException().isThrownBy(() -> new EmulatorServlet(null));
	}

	// ---------------------------------------------------------------- helpers

	/** A phone number no other test uses, so the login interval never trips across tests. */
	/** The number as Xellar's login takes it: digits only. */
	private static String wire(String phone) {
		return phone.substring(1);
	}

	private static String newPhone() {
		return String.format("+44770090%02d%02d", phones.incrementAndGet(), phones.get());
	}

	private static String page(String phone) {
		return base + "/telegram?phone=" + encode(phone);
	}

	private static String encode(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8);
	}

	private static String masked(String phone) {
		return phone.substring(0, 3) + "***" + phone.substring(phone.length() - 2);
	}

	private static String otpOnPage(String html, String phone) {
		Matcher matcher = Pattern.compile("<span class=\"phone\">" + Pattern.quote(masked(phone))
				+ "</span>: <strong class=\"otp\" id=\"otp(?:-[0-9]+)?\">([0-9]{6})</strong>")
			.matcher(html);
		assertThat(matcher.find()).as("OTP of %s in %s", masked(phone), html).isTrue();
		return matcher.group(1);
	}

	private static void injectFault(Map<String, Object> fault) throws Exception {
		HttpResponse<String> response = call("/_emulator/faults", null, fault);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
	}

	private static HttpResponse<String> call(String route, String clientSecret, Map<String, ?> body)
			throws Exception {
		HttpRequest.Builder request = request(route, clientSecret, JSONObjectUtils.toJSONString(body));
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static HttpResponse<String> call(String route, String clientSecret, String body) throws Exception {
		return http.send(request(route, clientSecret, body).build(), HttpResponse.BodyHandlers.ofString());
	}

	private static HttpResponse<String> call(String route, String clientSecret, String body, String authorization)
			throws Exception {
		HttpRequest.Builder request = request(route, clientSecret, body);
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static HttpRequest.Builder request(String route, String clientSecret, String body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + route))
			.timeout(Duration.ofSeconds(5))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (clientSecret != null) {
			request.header("x-client-secret", clientSecret);
		}
		return request;
	}

	private static HttpResponse<String> get(String url) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build();
		return http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private static Map<String, Object> json(HttpResponse<String> response) throws ParseException {
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
		return JSONObjectUtils.parse(response.body());
	}

	/** Asserts a 200 envelope and returns it. */
	private static Map<String, Object> ok(HttpResponse<String> response) throws ParseException {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		Map<String, Object> body = json(response);
		assertThat(body).containsEntry("status", 200L).containsKeys("message", "data");
		return body;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> data(Map<String, Object> envelope) {
		return (Map<String, Object>) envelope.get("data");
	}

	private static void assertEnvelope(HttpResponse<String> response, int status, String message)
			throws ParseException {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		Map<String, Object> body = json(response);
		assertThat(body).containsOnlyKeys("status", "message", "data")
			.containsEntry("status", (long) status)
			.containsEntry("message", message)
			.containsEntry("data", null);
		assertThat(response.body()).doesNotContain("Exception", "\tat ");
	}

}
