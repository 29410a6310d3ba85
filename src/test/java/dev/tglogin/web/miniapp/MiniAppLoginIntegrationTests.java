package dev.tglogin.web.miniapp;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.event.InteractiveAuthenticationSuccessEvent;

import dev.tglogin.emulator.MiniAppEmulator;
import dev.tglogin.emulator.MiniAppEmulator.MiniAppUser;
import dev.tglogin.test.Browser;
import dev.tglogin.test.Browser.Response;
import dev.tglogin.test.TestApp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Mini App flow end to end: a real {@code SecurityFilterChain} built with {@code telegramLogin()} on embedded
 * Jetty, browsers with their own cookies and CSRF tokens, and init data signed by the emulator, in both validation
 * modes; with the attack cases of docs/security.md.
 */
class MiniAppLoginIntegrationTests {

	private static final MiniAppEmulator telegram = new MiniAppEmulator();

	private static TestApp botTokenApp;

	private static TestApp ed25519App;

	private static long userIds = 500_000_000L;

	@BeforeAll
	static void start() {
		botTokenApp = new TestApp((t) -> t.miniApp((miniApp) -> miniApp.botToken(telegram.botToken())
			.maxAge(Duration.ofMinutes(10))));
		ed25519App = new TestApp((t) -> t.miniApp((miniApp) -> miniApp.botId(telegram.botId())
			.publicKey(telegram.publicKeyHex())));
	}

	@AfterAll
	static void stop() {
		botTokenApp.close();
		ed25519App.close();
	}

	@Test
	void exchangeWhenSignedInitDataThenSessionLoggedInWithANewIdAndInteractiveEvent() {
		MiniAppUser user = newUser();
		Browser browser = botTokenApp.browser().openLoginPage();
		String sessionBefore = browser.sessionId();
		Response answer = exchange(browser, telegram.initData(user));
		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.json()).containsEntry("status", "confirmed").containsEntry("redirectUrl", "/");
		assertThat(answer.body()).contains("\"id\":\"" + user.id() + "\"").contains("\"name\":\"Ann Lee\"");
		assertThat(browser.sessionId()).isNotNull().isNotEqualTo(sessionBefore);
		assertThat(browser.getJson("/me").body()).isEqualTo("Hello, Ann Lee (" + user.id() + ")");
		assertThat(botTokenApp.events()).anySatisfy((event) -> {
			assertThat(event).isInstanceOf(InteractiveAuthenticationSuccessEvent.class);
			assertThat(event.getAuthentication().getName()).isEqualTo(Long.toString(user.id()));
		});
	}

	@Test
	void exchangeWhenReplayedByAnotherBrowserThenRefusedAndTheFirstLoginStays() {
		String initData = telegram.initData(newUser());
		Browser first = botTokenApp.browser().openLoginPage();
		assertThat(exchange(first, initData).status()).isEqualTo(200);
		Browser attacker = botTokenApp.browser().openLoginPage();
		Response replay = exchange(attacker, initData);
		assertThat(replay.status()).isEqualTo(401);
		assertThat(replay.json()).containsEntry("error", "invalid_init_data");
		assertThat(attacker.getJson("/me").status()).isEqualTo(302);
		assertThat(first.getJson("/me").status()).isEqualTo(200);
		assertThat(exchange(first.openLoginPage(), initData).status()).as("the same browser cannot replay it either").isEqualTo(401);
	}

	@Test
	void exchangeWhenWithoutCsrfTokenThenForbidden() {
		Browser browser = botTokenApp.browser().openLoginPage();
		Response answer = browser.postWithoutCsrf("/login/telegram/miniapp",
				body(telegram.initData(newUser())));
		assertThat(answer.status()).isEqualTo(403);
		assertThat(browser.getJson("/me").status()).isEqualTo(302);
		// a tma header exempts API calls from CSRF, never the exchange that makes a session
		Response withTma = browser.postWithoutCsrfWithHeader("/login/telegram/miniapp",
				body(telegram.initData(newUser())), "Authorization", "tma " + telegram.initData(newUser()));
		assertThat(withTma.status()).isEqualTo(403);
		assertThat(browser.getJson("/me").status()).isEqualTo(302);
	}

	@Test
	void exchangeWhenAttackedThenUnauthorizedInvalidInitDataAndNotLoggedIn() {
		MiniAppUser user = newUser();
		Map<String, String> signed = fields(user, Instant.now());
		Map<String, String> tampered = new LinkedHashMap<>(signed);
		tampered.put("user", tampered.get("user").replace(Long.toString(user.id()), "1"));
		Map<String, String> noHash = new LinkedHashMap<>(signed);
		noHash.remove("hash");
		String[] attacks = { MiniAppEmulator.encode(tampered), MiniAppEmulator.encode(noHash),
				new MiniAppEmulator().initData(user), telegram.initData(user, Instant.now().minusSeconds(3600)),
				telegram.initData(user, Instant.now().plusSeconds(3600)),
				MiniAppEmulator.encode(signed) + "&auth_date=" + Instant.now().getEpochSecond() };
		for (String attack : attacks) {
			Browser browser = botTokenApp.browser().openLoginPage();
			Response answer = exchange(browser, attack);
			assertThat(answer.status()).as(attack).isEqualTo(401);
			assertThat(answer.json()).containsEntry("error", "invalid_init_data");
			assertThat(answer.body()).doesNotContain(Long.toString(user.id()));
			assertThat(browser.getJson("/me").status()).isEqualTo(302);
		}
	}

	@Test
	void tmaAuthorizationWhenSignedThenThatRequestIsAuthenticatedWithoutASessionAndRepeatable() {
		MiniAppUser user = newUser();
		String initData = telegram.initData(user);
		Browser browser = botTokenApp.browser();
		for (int i = 0; i < 2; i++) {
			Response me = browser.getJson("/me", "Authorization", "tma " + initData);
			assertThat(me.status()).isEqualTo(200);
			assertThat(me.body()).isEqualTo("Hello, Ann Lee (" + user.id() + ")");
		}
		assertThat(browser.sessionId()).as("stateless: no session cookie").isNull();
		assertThat(browser.getJson("/me").status()).as("nothing kept for the next request").isEqualTo(302);
		assertThat(exchange(browser.openLoginPage(), initData).status())
			.as("per-request use leaves the session exchange available")
			.isEqualTo(200);
	}

	@Test
	void tmaAuthorizationWhenPostedWithoutCsrfThenNotRefusedByCsrf() {
		Response answer = botTokenApp.browser()
			.post("/wallet/token", "{}", "Authorization", "tma " + telegram.initData(newUser()));
		// the app's own 404 (the test app has no wallet service): the request passed CSRF and authorization
		assertThat(answer.status()).isEqualTo(404);
	}

	@Test
	void tmaAuthorizationWhenTamperedOrFromAnotherBotThenUnauthorizedWithChallenge() {
		MiniAppUser user = newUser();
		for (String attack : new String[] { telegram.initData(user).replace("Ann", "Bob"),
				new MiniAppEmulator().initData(user), "" }) {
			Response me = botTokenApp.browser().getJson("/me", "Authorization", "tma " + attack);
			assertThat(me.status()).isEqualTo(401);
			assertThat(me.header("WWW-Authenticate")).isEqualTo("tma");
			assertThat(me.json()).containsEntry("error", "invalid_init_data");
		}
	}

	@Test
	void ed25519ModeWhenSignedByTelegramsKeyForThisBotThenLoggedIn() {
		MiniAppUser user = newUser();
		Browser browser = ed25519App.browser().openLoginPage();
		assertThat(exchange(browser, telegram.initData(user)).status()).isEqualTo(200);
		assertThat(browser.getJson("/me").body()).isEqualTo("Hello, Ann Lee (" + user.id() + ")");
	}

	@Test
	void ed25519ModeWhenHashOnlyOrOtherBotThenRefused() {
		MiniAppUser user = newUser();
		Map<String, String> hashOnly = fields(user, Instant.now());
		hashOnly.remove("signature");
		MiniAppEmulator otherTelegram = new MiniAppEmulator();
		for (String attack : new String[] { MiniAppEmulator.encode(hashOnly), otherTelegram.initData(user) }) {
			Response answer = exchange(ed25519App.browser().openLoginPage(), attack);
			assertThat(answer.status()).isEqualTo(401);
			assertThat(answer.json()).containsEntry("error", "invalid_init_data");
		}
	}

	@Test
	void botTokenModeWhenSignatureOnlyThenRefused() {
		Map<String, String> signatureOnly = fields(newUser(), Instant.now());
		signatureOnly.remove("hash");
		Response answer = exchange(botTokenApp.browser().openLoginPage(), MiniAppEmulator.encode(signatureOnly));
		assertThat(answer.status()).isEqualTo(401);
		assertThat(exchange(ed25519App.browser().openLoginPage(), MiniAppEmulator.encode(signatureOnly)).status())
			.as("the same data is good for the Ed25519 mode")
			.isEqualTo(200);
	}

	private static Map<String, String> fields(MiniAppUser user, Instant authDate) {
		Map<String, String> fields = new LinkedHashMap<>();
		for (String pair : telegram.initData(user, authDate).split("&")) {
			String[] kv = pair.split("=", 2);
			fields.put(java.net.URLDecoder.decode(kv[0], java.nio.charset.StandardCharsets.UTF_8),
					java.net.URLDecoder.decode(kv[1], java.nio.charset.StandardCharsets.UTF_8));
		}
		return fields;
	}

	private static synchronized MiniAppUser newUser() {
		return new MiniAppUser(++userIds, "Ann", "Lee", "ann_" + userIds, "en", false);
	}

	private static Response exchange(Browser browser, String initData) {
		return browser.post("/login/telegram/miniapp", body(initData));
	}

	private static String body(String initData) {
		return JSONObjectUtils.toJSONString(Map.of("initData", initData));
	}

}
