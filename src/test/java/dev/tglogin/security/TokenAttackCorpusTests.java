package dev.tglogin.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.security.authentication.event.InteractiveAuthenticationSuccessEvent;

import dev.tglogin.security.TokenAttack.Context;
import dev.tglogin.security.TokenAttack.Delivery;
import dev.tglogin.test.Browser;
import dev.tglogin.test.Browser.Response;
import dev.tglogin.test.LogCapture;
import dev.tglogin.test.Proofs;
import dev.tglogin.test.TestApp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sends every case of the {@link TokenAttackCorpus} through real HTTP: to {@code POST /proof}, or, as Bondify's
 * answer to the attacker's own pending login, through {@code POST /status}. Each case: the expected 401 (or 400/413),
 * never a 5xx, never a login of the attacker, and the pending login an honest user started in another browser
 * before the attack still completes after it.
 */
class TokenAttackCorpusTests {

	private static final String PROJECT = "proj_corpus";

	private static final byte[] SECRET = new byte[32];

	private static ScriptedBondify bondify;

	private static TestApp app;

	private static HttpClient http;

	@BeforeAll
	static void start() {
		new SecureRandom().nextBytes(SECRET);
		LogCapture.secret("the corpus app's Bondify secret", SECRET);
		bondify = new ScriptedBondify();
		// per-address start throttling off: every browser of this test comes from 127.0.0.1
		app = new TestApp((telegram) -> telegram.readTimeout(Duration.ofSeconds(3))
			.throttle((throttle) -> throttle.startsPerAddress(0, Duration.ofMinutes(1))
				.proofsPerAddress(0, Duration.ofMinutes(1)))
			.bondify((b) -> b.projectId(PROJECT).secret(SECRET).baseUrl(bondify.baseUrl())));
		http = HttpClient.newHttpClient();
	}

	@AfterAll
	static void stop() throws Exception {
		app.close();
		bondify.close();
	}

	static Stream<Arguments> corpus() {
		return TokenAttackCorpus.all().stream().map((attack) -> Arguments.argumentSet(attack.name(), attack));
	}

	@Test
	void corpusHasAtLeast25UniquelyNamedCasesOverBothPaths() {
		List<TokenAttack> all = TokenAttackCorpus.all();
		assertThat(all).hasSizeGreaterThanOrEqualTo(25);
		assertThat(new HashSet<>(all.stream().map(TokenAttack::name).toList())).hasSize(all.size());
		assertThat(all).extracting(TokenAttack::delivery).contains(Delivery.PROOF_ENDPOINT, Delivery.STATUS_FROM_BONDIFY,
				Delivery.STATUS_LOGS_IN_AS_PROOF);
	}

	@ParameterizedTest
	@MethodSource("corpus")
	void attackIsRefusedWithoutLoginAndTheHonestPendingLoginStillCompletes(TokenAttack attack) throws Exception {
		Browser honest = app.browser().openLoginPage();
		String honestSession = sessionToken(honest.post("/login/telegram/start"));
		Browser attacker = app.browser().openLoginPage();
		// the attacker has a pending login of its own: a proof must match it (without one, /proof refuses at once)
		String attackerSession = sessionToken(attacker.post("/login/telegram/start"));
		Context context = new Context(SECRET, PROJECT, attackerSession, honestSession, replayableProof());
		byte[] crafted = attack.craft().apply(context);
		long loginsBefore = logins();

		HttpResponse<String> answer;
		if (attack.delivery() == Delivery.PROOF_ENDPOINT) {
			answer = postRaw(attacker, "/login/telegram/proof", crafted);
		}
		else {
			bondify.answer(attackerSession, crafted);
			answer = postRaw(attacker, "/login/telegram/status", "{}".getBytes(StandardCharsets.UTF_8));
		}

		answer.headers().allValues("Set-Cookie").stream().filter((c) -> c.startsWith("JSESSIONID="))
			.forEach((c) -> attacker.plantSessionCookie(c.substring("JSESSIONID=".length()).split(";")[0]));
		assertThat(answer.statusCode()).as("status").isEqualTo(attack.expectedStatus());
		assertThat(answer.body()).doesNotContain("Exception", "at dev.", "java.", "eyJ");
		if (attack.delivery() == Delivery.STATUS_LOGS_IN_AS_PROOF) {
			// identity comes from the signed claims only, never from the unsigned fields of Bondify's answer
			Map<String, Object> user = com.nimbusds.jose.util.JSONObjectUtils.parse(answer.body()).get("user") instanceof Map<?, ?> m
					? castMap(m) : Map.of();
			assertThat(user).containsEntry("id", "424242").containsEntry("name", "Proof User");
			assertThat(attacker.get("/me").body()).isEqualTo("Hello, Proof User (424242)");
			assertThat(logins() - loginsBefore).isEqualTo(1);
		}
		else {
			assertThat(com.nimbusds.jose.util.JSONObjectUtils.parse(answer.body())).containsEntry("error",
					attack.expectedError());
			assertThat(attacker.get("/me").status()).as("the attacker is not logged in").isEqualTo(302);
			assertThat(logins()).as("no login happened").isEqualTo(loginsBefore);
		}

		String honestProof = Proofs.hs256(SECRET, PROJECT, honestSession, (claims) -> claims.claim("telegram_id", "777")
			.claim("telegram_name", "Honest User"));
		bondify.confirm(honestSession, "777", "Honest User", honestProof);
		Response completed = honest.post("/login/telegram/status");
		assertThat(completed.status()).isEqualTo(200);
		assertThat(completed.json()).containsEntry("status", "confirmed");
		assertThat(honest.get("/me").body()).isEqualTo("Hello, Honest User (777)");
	}

	/** A proof that has completed a login (in a browser of its own): replaying it must fail. */
	private static String replayableProof() {
		Browser browser = app.browser().openLoginPage();
		String proof = Proofs.hs256(SECRET, PROJECT, sessionToken(browser.post("/login/telegram/start")), (claims) -> {
		});
		Response first = browser.post("/login/telegram/proof", "{\"proof\":\"" + proof + "\"}");
		assertThat(first.status()).isEqualTo(200);
		return proof;
	}

	private static HttpResponse<String> postRaw(Browser browser, String path, byte[] body) throws Exception {
		// the browser's own cookie and CSRF token, with a body of exactly these bytes
		HttpRequest request = HttpRequest.newBuilder(URI.create(app.uri() + path))
			.header("Content-Type", "application/json")
			.header("Accept", "application/json")
			.header("X-CSRF-TOKEN", browser.csrfToken())
			.header("Cookie", "JSESSIONID=" + browser.sessionId())
			.timeout(Duration.ofSeconds(20))
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.build();
		return http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private static long logins() {
		return app.events().stream().filter(InteractiveAuthenticationSuccessEvent.class::isInstance).count();
	}

	private static String sessionToken(Response start) {
		assertThat(start.status()).isEqualTo(200);
		String deeplink = start.field("deeplink");
		return deeplink.substring(deeplink.indexOf("start=") + "start=".length());
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> castMap(Map<?, ?> map) {
		return (Map<String, Object>) map;
	}

}
