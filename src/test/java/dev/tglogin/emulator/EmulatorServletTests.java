package dev.tglogin.emulator;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;
import dev.tglogin.bondify.BondifyProtocol;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.ForwardedRequestCustomizer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The emulator over real HTTP: embedded Jetty, servlet at {@code /app/tglogin-emulator/*}.
 */
class EmulatorServletTests {

	private static final String PROJECT = BondifyEmulator.DEFAULT_PROJECT_ID;

	private static final Pattern HIDDEN_TOKEN = Pattern
		.compile("<input type=\"hidden\" name=\"session_token\" value=\"([^\"]+)\">");

	private static final Pattern FORM_ACTION = Pattern.compile("<form method=\"post\" action=\"([^\"]+)\">");

	private static BondifyEmulator emulator;

	private static Server server;

	private static String origin;

	private static String base;

	private static HttpClient http;

	@BeforeAll
	static void startServer() throws Exception {
		emulator = BondifyEmulator.builder().build();
		server = new Server(0);
		ServletContextHandler context = new ServletContextHandler("/app");
		context.addServlet(new ServletHolder(new EmulatorServlet(emulator)), "/tglogin-emulator/*");
		server.setHandler(context);
		server.start();
		int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
		origin = "http://localhost:" + port;
		base = origin + "/app/tglogin-emulator";
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
		emulator.faults().clear();
	}

	@Test
	void loginWhenConfirmedOnTelegramPageThenVerifyDeliversProofOnceThenUsed() throws Exception {
		Map<String, Object> generated = json(postJson(BondifyProtocol.GENERATE_PATH, Map.of("project_id", PROJECT)));
		String token = (String) generated.get(BondifyProtocol.SESSION_TOKEN);
		String deeplink = (String) generated.get(BondifyProtocol.DEEPLINK);
		assertThat(deeplink).isEqualTo(base + "/telegram?start=" + token);
		assertThat(generated.get(BondifyProtocol.EXPIRES_AT)).isInstanceOf(Long.class);
		assertThat(json(verify(token))).isEqualTo(Map.of("status", "pending"));

		HttpResponse<String> page = get(deeplink);
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
		assertThat(page.body()).contains("Telegram emulator \u2014 development only")
			.contains("id=\"confirm\"")
			.contains("id=\"cancel\"")
			.contains("value=\"" + EmulatedTelegramUser.DEFAULT_ID + "\"")
			.doesNotContain("http://", "https://");
		assertThat(group(HIDDEN_TOKEN, page.body())).isEqualTo(token);
		String confirmAction = group(FORM_ACTION, page.body());
		assertThat(confirmAction).isEqualTo("/app/tglogin-emulator/telegram/confirm");

		HttpResponse<String> posted = postForm(origin + confirmAction, Map.of("session_token", token, "telegram_id",
				"123456789", "telegram_name", "Alex Johnson", "telegram_username", "@alexj"));
		assertThat(posted.statusCode()).isEqualTo(303);
		String location = posted.headers().firstValue("Location").orElseThrow();
		assertThat(location).endsWith("/app/tglogin-emulator/telegram?start=" + token);
		assertThat(get(origin + URI.create(location).getRawPath() + "?" + URI.create(location).getRawQuery()).body())
			.contains("Confirmed")
			.contains("Alex Johnson")
			.doesNotContain("id=\"confirm\"");

		Map<String, Object> confirmed = json(verify(token));
		assertThat(confirmed).containsEntry("status", "confirmed")
			.containsEntry("telegram_id", "123456789")
			.containsEntry("telegram_name", "Alex Johnson")
			.containsEntry("telegram_username", "alexj");
		SignedJWT proof = SignedJWT.parse((String) confirmed.get("proof"));
		assertThat(proof.verify(new MACVerifier(emulator.secret()))).isTrue();
		assertThat(proof.getJWTClaimsSet().getStringClaim("session_token")).isEqualTo(token);
		assertThat(proof.getJWTClaimsSet().getStringClaim("project_id")).isEqualTo(PROJECT);
		assertThat(json(verify(token))).isEqualTo(Map.of("status", "used"));
	}

	@Test
	void loginWhenCancelledOnTelegramPageThenVerifyAnswersCancelled() throws Exception {
		String token = generate();

		HttpResponse<String> posted = postForm(base + "/telegram/cancel", Map.of("session_token", token));

		assertThat(posted.statusCode()).isEqualTo(303);
		assertThat(get(base + "/telegram?start=" + token).body()).contains("Cancelled");
		Map<String, Object> cancelled = json(verify(token));
		assertThat(cancelled).containsEntry("status", "cancelled").containsKey("cancelled_at");
	}

	@Test
	void telegramPageWithoutStartThenListsNoSessionAndSendsToTheDeeplink() throws Exception {
		String first = generate();
		String second = generate();

		HttpResponse<String> page = get(base + "/telegram");

		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("id=\"open-link\"")
			.doesNotContain(first)
			.doesNotContain(second)
			.doesNotContain(Tokens.fingerprint(first))
			.doesNotContain("session_token")
			.doesNotContain("id=\"confirm\"");
	}

	@Test
	void telegramPageFromADeeplinkThenShowsThatSessionOnly() throws Exception {
		String mine = generate();
		String other = generate();

		String body = get(base + "/telegram?start=" + mine).body();

		assertThat(body).contains("value=\"" + mine + "\"").containsOnlyOnce("id=\"confirm\"");
		assertThat(body).doesNotContain(other).doesNotContain(Tokens.fingerprint(other));
	}

	@Test
	void requestWhenFromAnotherHostThenForbiddenUnlessRemoteAccessIsAllowed() throws Exception {
		String token = generate();
		BondifyEmulator own = BondifyEmulator.builder().build();
		EmulatorServlet loopbackOnly = new EmulatorServlet(own);
		EmulatorServlet remoteAllowed = new EmulatorServlet(own);
		remoteAllowed.setRemoteAccessAllowed(true);
		Server proxied = new Server();
		// behind a proxy the app trusts: the remote address is the X-Forwarded-For client
		HttpConfiguration forwarded = new HttpConfiguration();
		forwarded.addCustomizer(new ForwardedRequestCustomizer());
		ServerConnector connector = new ServerConnector(proxied, new HttpConnectionFactory(forwarded));
		connector.setHost("127.0.0.1");
		proxied.addConnector(connector);
		ServletContextHandler context = new ServletContextHandler();
		context.addServlet(new ServletHolder(loopbackOnly), "/loopback/*");
		context.addServlet(new ServletHolder(remoteAllowed), "/remote/*");
		proxied.setHandler(context);
		proxied.start();
		try {
			String at = "http://127.0.0.1:" + connector.getLocalPort();
			for (String client : new String[] { "203.0.113.7", "10.0.0.2", "[2001:db8::1]", "::ffff:192.0.2.1" }) {
				for (String route : new String[] { "/telegram", "/telegram?start=" + token,
						BondifyProtocol.GENERATE_PATH, "/_emulator/faults" }) {
					HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(at + "/loopback" + route))
						.header("X-Forwarded-For", client)
						.GET()
						.build(), HttpResponse.BodyHandlers.ofString());
					assertThat(refused.statusCode()).as("%s from %s", route, client).isEqualTo(403);
					assertThat(refused.body()).doesNotContain(token).contains("loopback requests only");
				}
			}
			HttpResponse<String> fromLoopback = http.send(HttpRequest.newBuilder(URI.create(at + "/loopback/telegram"))
				.header("X-Forwarded-For", "127.0.0.1")
				.GET()
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(fromLoopback.statusCode()).isEqualTo(200);
			HttpResponse<String> direct = http.send(HttpRequest.newBuilder(URI.create(at + "/loopback/telegram")).GET().build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(direct.statusCode()).isEqualTo(200);
			HttpResponse<String> allowed = http.send(HttpRequest.newBuilder(URI.create(at + "/remote/telegram"))
				.header("X-Forwarded-For", "203.0.113.7")
				.GET()
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(allowed.statusCode()).isEqualTo(200);
		}
		finally {
			proxied.stop();
		}
	}

	@Test
	void isLoopbackWhenAddressLiteralsThenOnlyLoopbackAndNeverALookup() {
		assertThat(EmulatorServlet.isLoopback("127.0.0.1")).isTrue();
		assertThat(EmulatorServlet.isLoopback("127.10.20.30")).isTrue();
		assertThat(EmulatorServlet.isLoopback("::1")).isTrue();
		assertThat(EmulatorServlet.isLoopback("[::1]")).isTrue();
		assertThat(EmulatorServlet.isLoopback("0:0:0:0:0:0:0:1")).isTrue();
		assertThat(EmulatorServlet.isLoopback("::ffff:127.0.0.1")).isTrue();
		for (String remote : new String[] { "203.0.113.7", "0.0.0.0", "::", "2001:db8::1", "::ffff:192.0.2.1",
				"localhost", "127.0.0.1.example", "", null, "1.2.3.4.5", "not an address" }) {
			assertThat(EmulatorServlet.isLoopback(remote)).as(String.valueOf(remote)).isFalse();
		}
	}

	@Test
	void telegramPageWhenUnknownSessionThenNotFoundPage() throws Exception {
		HttpResponse<String> page = get(base + "/telegram?start=sess_unknown");

		assertThat(page.statusCode()).isEqualTo(404);
		assertThat(page.body()).contains("Unknown or expired login request");
	}

	@Test
	void confirmFormWhenValuesInvalidThenBadRequestPageAndSessionStaysPending() throws Exception {
		String token = generate();

		HttpResponse<String> badId = postForm(base + "/telegram/confirm",
				Map.of("session_token", token, "telegram_id", "12ab", "telegram_name", "Name"));
		HttpResponse<String> blankName = postForm(base + "/telegram/confirm",
				Map.of("session_token", token, "telegram_id", "12", "telegram_name", "  "));
		HttpResponse<String> longName = postForm(base + "/telegram/confirm",
				Map.of("session_token", token, "telegram_id", "12", "telegram_name", "n".repeat(129)));

		assertThat(badId.statusCode()).isEqualTo(400);
		assertThat(badId.body()).contains("digits");
		assertThat(blankName.statusCode()).isEqualTo(400);
		assertThat(longName.statusCode()).isEqualTo(400);
		assertThat(json(verify(token))).isEqualTo(Map.of("status", "pending"));
	}

	@Test
	void confirmFormWhenSessionAlreadyConfirmedThenConflictPage() throws Exception {
		String token = generate();
		Map<String, String> form = Map.of("session_token", token, "telegram_id", "12", "telegram_name", "Name");
		assertThat(postForm(base + "/telegram/confirm", form).statusCode()).isEqualTo(303);

		HttpResponse<String> again = postForm(base + "/telegram/confirm", form);

		assertThat(again.statusCode()).isEqualTo(409);
		assertThat(again.body()).contains("already confirmed");
	}

	@Test
	void telegramPageWhenNameContainsHtmlThenEscaped() throws Exception {
		String token = generate();
		postForm(base + "/telegram/confirm",
				Map.of("session_token", token, "telegram_id", "12", "telegram_name", "<script>alert(1)</script>"));

		String body = get(base + "/telegram?start=" + token).body();

		assertThat(body).contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>");
	}

	@Test
	void bondifyEndpointsWhenBodyInvalidThenBondifyErrors() throws Exception {
		HttpResponse<String> notJson = post(BondifyProtocol.GENERATE_PATH, "{not json");
		HttpResponse<String> missingProject = postJson(BondifyProtocol.GENERATE_PATH, Map.of());
		HttpResponse<String> missingToken = postJson(BondifyProtocol.VERIFY_PATH, Map.of("project_id", PROJECT));
		HttpResponse<String> unknownProject = postJson(BondifyProtocol.GENERATE_PATH, Map.of("project_id", "x"));
		HttpResponse<String> unknownSession = verify("sess_unknown");

		assertError(notJson, 400, "INVALID_REQUEST");
		assertError(missingProject, 400, "INVALID_REQUEST");
		assertError(missingToken, 400, "INVALID_REQUEST");
		assertError(unknownProject, 404, "PROJECT_NOT_FOUND");
		assertError(unknownSession, 404, "SESSION_EXPIRED");
	}

	@Test
	void requestWhenBodyLargerThan64KiBThenPayloadTooLarge() throws Exception {
		HttpResponse<String> response = post(BondifyProtocol.GENERATE_PATH,
				"{\"project_id\":\"" + "x".repeat(70_000) + "\"}");

		assertThat(response.statusCode()).isEqualTo(413);
	}

	@Test
	void requestWhenUnknownRouteOrMethodThenJsonError() throws Exception {
		HttpResponse<String> unknown = get(base + "/api/v1/nothing");
		HttpResponse<String> wrongMethod = get(base + BondifyProtocol.VERIFY_PATH);

		assertError(unknown, 404, "NOT_FOUND");
		assertError(wrongMethod, 405, "METHOD_NOT_ALLOWED");
	}

	@Test
	void latencyFaultWhenInjectedThenAnswerIsDelayedThenNormal() throws Exception {
		String token = generate();
		injectFault(Map.of("endpoint", "verify", "type", "latency", "latencyMs", 400));

		long started = System.nanoTime();
		HttpResponse<String> delayed = verify(token);
		long elapsedMs = (System.nanoTime() - started) / 1_000_000;

		assertThat(elapsedMs).isGreaterThanOrEqualTo(400);
		assertThat(json(delayed)).isEqualTo(Map.of("status", "pending"));
	}

	@Test
	void statusFaultWhenInjectedThenThatStatusWithBondifyErrorBodyForTimesRequests() throws Exception {
		String token = generate();
		injectFault(Map.of("endpoint", "verify", "type", "status", "status", 503, "times", 2));

		assertError(verify(token), 503, "EMULATED_FAULT");
		assertError(verify(token), 503, "EMULATED_FAULT");
		assertThat(verify(token).statusCode()).isEqualTo(200);
	}

	@Test
	void rateLimitedFaultWhenInjectedThen429WithRetryAfter() throws Exception {
		injectFault(Map.of("endpoint", "generate", "type", "rateLimited", "retryAfterSeconds", 7));

		HttpResponse<String> response = postJson(BondifyProtocol.GENERATE_PATH, Map.of("project_id", PROJECT));

		assertError(response, 429, "RATE_LIMITED");
		assertThat(response.headers().firstValue("Retry-After")).contains("7");
	}

	@Test
	void malformedJsonFaultWhenInjectedThenBodyIsNotParseable() throws Exception {
		String token = generate();
		injectFault(Map.of("endpoint", "verify", "type", "malformedJson"));

		HttpResponse<String> response = verify(token);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThatExceptionOfType(ParseException.class).isThrownBy(() -> JSONObjectUtils.parse(response.body()));
	}

	@Test
	void wrongTypesFaultWhenInjectedThenValidJsonWithWrongTypes() throws Exception {
		String token = generate();
		injectFault(Map.of("endpoint", "verify", "type", "wrongTypes"));
		injectFault(Map.of("endpoint", "generate", "type", "wrongTypes"));

		Map<String, Object> verified = json(verify(token));
		Map<String, Object> generated = json(postJson(BondifyProtocol.GENERATE_PATH, Map.of("project_id", PROJECT)));

		assertThat(verified.get("status")).isInstanceOf(Number.class);
		assertThat(verified.get("session_token")).isInstanceOf(Map.class);
		assertThat(generated.get("session_token")).isInstanceOf(Map.class);
		assertThat(generated.get("deeplink")).isInstanceOf(Number.class);
	}

	@Test
	void hugeBodyFaultWhenInjectedThenValidJsonOfExactlyThatSize() throws Exception {
		String token = generate();
		injectFault(Map.of("endpoint", "verify", "type", "hugeBody", "bytes", 200_000));

		HttpResponse<String> response = verify(token);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body().getBytes(StandardCharsets.UTF_8)).hasSize(200_000);
		assertThat(JSONObjectUtils.parse(response.body())).containsEntry("status", "pending");
	}

	@Test
	void dropFaultWhenInjectedThenClientSeesBrokenResponse() throws Exception {
		String token = generate();
		injectFault(Map.of("endpoint", "verify", "type", "drop"));

		try {
			HttpResponse<String> response = verify(token);
			// if the client returns at all, the body must be visibly truncated
			assertThat(response.body().length()).isLessThan(1024);
			assertThatExceptionOfType(ParseException.class).isThrownBy(() -> JSONObjectUtils.parse(response.body()));
		}
		catch (IOException expected) {
			// the usual outcome: premature EOF
		}
		assertThat(json(verify(token))).isEqualTo(Map.of("status", "pending"));
	}

	@Test
	void faultsWhenDeletedThenRequestsAnswerNormally() throws Exception {
		String token = generate();
		injectFault(Map.of("type", "status", "status", 500, "times", 5));

		HttpResponse<Void> deleted = http.send(
				HttpRequest.newBuilder(URI.create(base + "/_emulator/faults")).DELETE().build(),
				HttpResponse.BodyHandlers.discarding());

		assertThat(deleted.statusCode()).isEqualTo(204);
		assertThat(verify(token).statusCode()).isEqualTo(200);
	}

	@Test
	void faultsWhenRequestInvalidThenBadRequest() throws Exception {
		assertError(postJson("/_emulator/faults", Map.of("type", "explode")), 400, "INVALID_REQUEST");
		assertError(postJson("/_emulator/faults", Map.of("type", "latency")), 400, "INVALID_REQUEST");
		assertError(postJson("/_emulator/faults", Map.of("type", "status", "status", 200)), 400, "INVALID_REQUEST");
		assertError(postJson("/_emulator/faults", Map.of("endpoint", "nope", "type", "drop")), 400,
				"INVALID_REQUEST");
	}

	// ---------------------------------------------------------------- helpers

	private static String generate() throws Exception {
		HttpResponse<String> response = postJson(BondifyProtocol.GENERATE_PATH, Map.of("project_id", PROJECT));
		assertThat(response.statusCode()).isEqualTo(200);
		return (String) json(response).get(BondifyProtocol.SESSION_TOKEN);
	}

	private static HttpResponse<String> verify(String token) throws Exception {
		return postJson(BondifyProtocol.VERIFY_PATH, Map.of("project_id", PROJECT, "session_token", token));
	}

	private static void injectFault(Map<String, Object> fault) throws Exception {
		HttpResponse<String> response = postJson("/_emulator/faults", fault);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
	}

	private static HttpResponse<String> postJson(String route, Map<String, ?> body) throws Exception {
		return post(route, JSONObjectUtils.toJSONString(body));
	}

	private static HttpResponse<String> post(String route, String body) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create(base + route))
			.timeout(Duration.ofSeconds(5))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		return http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private static HttpResponse<String> postForm(String url, Map<String, String> fields) throws Exception {
		String body = new LinkedHashMap<>(fields).entrySet()
			.stream()
			.map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
					+ URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
		HttpRequest request = HttpRequest.newBuilder(URI.create(url))
			.timeout(Duration.ofSeconds(5))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		return http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private static HttpResponse<String> get(String url) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build();
		return http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private static Map<String, Object> json(HttpResponse<String> response) throws ParseException {
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				v -> assertThat(v).startsWith("application/json"));
		return JSONObjectUtils.parse(response.body());
	}

	private static void assertError(HttpResponse<String> response, int status, String code) throws ParseException {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		Map<String, Object> body = json(response);
		assertThat(body).containsEntry("code", code).containsKey("error");
		assertThat(response.body()).doesNotContain("Exception", "\tat ");
	}

	private static String group(Pattern pattern, String text) {
		Matcher matcher = pattern.matcher(text);
		assertThat(matcher.find()).as("%s in %s", pattern, text).isTrue();
		return matcher.group(1);
	}

}
