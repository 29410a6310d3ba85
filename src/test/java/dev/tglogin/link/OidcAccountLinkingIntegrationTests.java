package dev.tglogin.link;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.ApplicationEvent;

import dev.tglogin.core.TelegramLoginFlow;
import dev.tglogin.emulator.OidcEmulator;
import dev.tglogin.test.Browser;
import dev.tglogin.test.Browser.Response;
import dev.tglogin.test.EmulatorServer;
import dev.tglogin.test.Factors;
import dev.tglogin.test.OidcUserAgent;
import dev.tglogin.test.TestApp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Account linking through Telegram's OpenID Connect login, end to end: form login and a {@code UserDetailsService}
 * beside {@code telegramLogin().oidc(..)} with account links and the {@link LinkedAccountUserMapper}, on embedded
 * Jetty, browsers with their own cookies and CSRF tokens, the emulated OpenID provider over HTTP. A local user connects
 * their Telegram identity ({@code POST /login/telegram/link/oidc}, Confirm, the callback links instead of logging in),
 * logs out, and the OpenID Connect login then signs in as that local user.
 */
class OidcAccountLinkingIntegrationTests {

	private static final InMemoryTelegramAccountLinks links = new InMemoryTelegramAccountLinks();

	private static final List<ApplicationEvent> linkEvents = new CopyOnWriteArrayList<>();

	private static EmulatorServer provider;

	private static TestApp app;

	@BeforeAll
	static void start() {
		provider = new EmulatorServer(OidcEmulator.create());
		app = LinkingBrowsers.oidcApp(provider, links, LinkingBrowsers.users());
		LinkingBrowsers.recordLinkEvents(app, linkEvents);
	}

	@AfterAll
	static void stop() throws Exception {
		app.close();
		provider.close();
	}

	@Test
	void connectThenLogOutThenOidcLoginSignsInAsTheLocalUserWithTheTelegramIdentity() {
		String telegramId = newTelegramId();
		Browser browser = signedIn("alice", "alice-pw");
		String sessionBefore = browser.sessionId();

		Response linked = LinkingBrowsers.connectOidc(browser, provider, telegramId);

		assertThat(linked.status()).isEqualTo(302);
		assertThat(linked.header("Location")).endsWith("/profile?linked=oidc");
		// still the password login, in the same session: connecting is no login
		assertThat(browser.get("/whoami").body()).isEqualTo("UsernamePasswordAuthenticationToken alice ["
				+ (Factors.supported() ? "FACTOR_PASSWORD, " : "") + "ROLE_ADMIN]");
		assertThat(browser.sessionId()).isEqualTo(sessionBefore);
		assertThat(links.findUsername(TelegramLoginFlow.OIDC, telegramId)).isEqualTo("alice");
		assertThat(browser.getJson("/login/telegram/links").json())
			.isEqualTo(Map.of("links", List.of(Map.of("flow", "oidc", "id", telegramId))));
		assertThat(linkEvents).filteredOn(TelegramAccountLinkedEvent.class::isInstance)
			.map((event) -> ((TelegramAccountLinkedEvent) event).getLink())
			.contains(new TelegramAccountLink(TelegramLoginFlow.OIDC, telegramId, "alice"));

		assertThat(browser.post("/logout", "").status()).isEqualTo(302);
		Response login = LinkingBrowsers.loginWithOidc(browser, provider, telegramId);

		assertThat(login.status()).isEqualTo(302);
		assertThat(login.header("Location")).doesNotContain("error");
		assertThat(browser.get("/whoami").body()).isEqualTo("OAuth2AuthenticationToken alice ["
				+ (Factors.supported() ? "FACTOR_TELEGRAM, " : "") + "ROLE_ADMIN]");
		// the Telegram identity stays reachable from the Authentication
		assertThat(browser.get("/me").body()).isEqualTo("Hello, Ada (" + telegramId + ", OIDC)");
	}

	@Test
	void oidcLoginWhenIdentityIsNotLinkedThenRefused() {
		Browser browser = app.browser();

		Response login = LinkingBrowsers.loginWithOidc(browser, provider, newTelegramId());

		assertThat(login.header("Location")).endsWith("/login/telegram?error");
		assertThat(browser.get("/whoami").status()).isEqualTo(302);
	}

	@Test
	void connectWhenIdentityBelongsToAnotherUserThenLinkErrorAndTheLinkStays() {
		String telegramId = newTelegramId();
		LinkingBrowsers.connectOidc(signedIn("alice", "alice-pw"), provider, telegramId);
		Browser bob = signedIn("bob", "bob-pw");

		Response refused = LinkingBrowsers.connectOidc(bob, provider, telegramId);

		assertThat(refused.status()).isEqualTo(302);
		assertThat(refused.header("Location")).endsWith("/profile?link_error=account_already_linked");
		assertThat(links.findUsername(TelegramLoginFlow.OIDC, telegramId)).isEqualTo("alice");
		assertThat(bob.get("/whoami").body()).startsWith("UsernamePasswordAuthenticationToken bob ");
	}

	@Test
	void connectWhenUserCancelsThenLinkErrorAndStillSignedIn() throws Exception {
		Browser carol = signedIn("carol", "carol-pw");
		Response start = carol.post("/login/telegram/link/oidc");

		Response callback = carol.get(OidcUserAgent.cancel(provider,
				OidcUserAgent.authorizeUrl(start.field("redirectUrl"), provider)));

		assertThat(callback.header("Location")).endsWith("/profile?link_error=link_failed");
		assertThat(carol.get("/whoami").body()).startsWith("UsernamePasswordAuthenticationToken carol ");
		assertThat(links.findByUsername("carol")).isEmpty();
	}

	@Test
	void connectEndpointWhenNotSignedInOrWithoutCsrfThenRefused() {
		Browser anonymous = app.browser().openLoginPage();
		Response start = anonymous.post("/login/telegram/link/oidc");
		assertThat(start.status()).isEqualTo(401);
		assertThat(start.json()).containsEntry("error", "authentication_required");

		Browser alice = signedIn("alice", "alice-pw");
		assertThat(alice.postWithoutCsrf("/login/telegram/link/oidc", "{}").status()).isEqualTo(403);
	}

	@Test
	void pendingLinkWhenAnotherUserSignsInInTheSameSessionThenNotLinkedForThem() throws Exception {
		String telegramId = newTelegramId();
		Browser browser = signedIn("alice", "alice-pw");
		Response start = browser.post("/login/telegram/link/oidc");
		String callbackUrl = OidcUserAgent.confirm(provider,
				OidcUserAgent.authorizeUrl(start.field("redirectUrl"), provider), telegramId, "Ada", "ada", "");

		browser.formLogin("carol", "carol-pw");
		Response callback = browser.get(callbackUrl);

		assertThat(callback.header("Location")).contains("error");
		assertThat(links.findUsername(TelegramLoginFlow.OIDC, telegramId)).isNull();
	}

	@Test
	void unlinkThenOidcLoginIsRefused() {
		String telegramId = newTelegramId();
		Browser bob = signedIn("bob", "bob-pw");
		LinkingBrowsers.connectOidc(bob, provider, telegramId);

		Response unlinked = bob.post("/login/telegram/unlink", "{\"flow\":\"oidc\",\"id\":\"" + telegramId + "\"}");

		assertThat(unlinked.status()).isEqualTo(200);
		assertThat(links.findUsername(TelegramLoginFlow.OIDC, telegramId)).isNull();
		Response login = LinkingBrowsers.loginWithOidc(app.browser(), provider, telegramId);
		assertThat(login.header("Location")).endsWith("/login/telegram?error");
	}

	private static Browser signedIn(String username, String password) {
		return LinkingBrowsers.signedIn(app, username, password);
	}

	private static String newTelegramId() {
		return "66" + Math.abs(UUID.randomUUID().hashCode() % 100_000_000);
	}

}
