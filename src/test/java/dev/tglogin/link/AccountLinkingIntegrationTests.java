package dev.tglogin.link;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.ApplicationEvent;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

import dev.tglogin.core.TelegramLoginFlow;
import dev.tglogin.emulator.BondifyEmulator;
import dev.tglogin.emulator.EmulatedTelegramUser;
import dev.tglogin.emulator.XellarEmulator;
import dev.tglogin.http.UpstreamHttpClient;
import dev.tglogin.test.Browser;
import dev.tglogin.test.Browser.Response;
import dev.tglogin.test.EmulatorServer;
import dev.tglogin.test.Factors;
import dev.tglogin.test.TestApp;
import dev.tglogin.xellar.HttpXellarClient;
import dev.tglogin.xellar.XellarClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Account linking end to end, in an app that already has users: form login and a {@code UserDetailsService} next to
 * {@code telegramLogin()} with account links and the {@link LinkedAccountUserMapper}, on embedded Jetty, driven over
 * HTTP by browsers with their own cookies and CSRF tokens, against the emulator over HTTP. A local user connects a
 * Telegram identity (both flows), logs out, and logs back in with Telegram as the same local user.
 */
class AccountLinkingIntegrationTests {

	private static final String PROJECT = "proj_linking";

	private static final AtomicInteger telegramIds = new AtomicInteger(880_000);

	private static final AtomicInteger phones = new AtomicInteger(200);

	private static final InMemoryTelegramAccountLinks links = new InMemoryTelegramAccountLinks();

	private static final List<ApplicationEvent> linkEvents = new CopyOnWriteArrayList<>();

	private static EmulatorServer upstream;

	private static TestApp app;

	@BeforeAll
	static void start() {
		XellarEmulator xellar = XellarEmulator.builder().loginInterval(Duration.ZERO).build();
		upstream = new EmulatorServer(BondifyEmulator.builder().projectId(PROJECT).build(), xellar);
		XellarClient xellarClient = new HttpXellarClient(
				new UpstreamHttpClient("xellar", Duration.ofSeconds(2), Duration.ofMillis(1500)), upstream.baseUrl(),
				"v2", xellar.clientSecret());
		InMemoryUserDetailsManager users = LinkingBrowsers.users();
		users.createUser(User.withUsername("12345678").password("{noop}digits-pw").roles("ADMIN").build());
		app = LinkingBrowsers.app(upstream, PROJECT, links, users,
				(telegram) -> telegram.xellar((x) -> x.client(xellarClient)));
		LinkingBrowsers.recordLinkEvents(app, linkEvents);
	}

	@AfterAll
	static void stop() throws Exception {
		app.close();
		upstream.close();
	}

	@Test
	void connectWithBondifyThenLogOutThenTelegramLoginSignsInAsTheLocalUser() {
		String telegramId = newTelegramId();
		Browser browser = signedIn("alice", "alice-pw");
		String sessionBefore = browser.sessionId();

		Response linked = connectBondify(browser, telegramId);

		assertThat(linked.status()).isEqualTo(200);
		assertThat(linked.json()).containsEntry("status", "linked").containsEntry("flow", "bondify");
		assertThat(linked.json().get("user")).isEqualTo(Map.of("id", telegramId, "name", "Ada", "username", "ada"));
		// still the same login: the password login, in the same session
		assertThat(browser.get("/whoami").body()).isEqualTo("UsernamePasswordAuthenticationToken alice ["
				+ (Factors.supported() ? "FACTOR_PASSWORD, " : "") + "ROLE_ADMIN]");
		assertThat(browser.sessionId()).isEqualTo(sessionBefore);
		assertThat(browser.getJson("/login/telegram/links").json())
			.isEqualTo(Map.of("links", List.of(Map.of("flow", "bondify", "id", telegramId))));
		assertThat(linkEvents).filteredOn(TelegramAccountLinkedEvent.class::isInstance)
			.map((event) -> ((TelegramAccountLinkedEvent) event).getLink())
			.contains(new TelegramAccountLink(TelegramLoginFlow.BONDIFY, telegramId, "alice"));

		assertThat(browser.post("/logout", "").status()).isEqualTo(302);
		assertThat(browser.get("/whoami").status()).isNotEqualTo(200);

		Response login = loginWithBondify(browser.openLoginPage(), telegramId);
		assertThat(login.json()).containsEntry("status", "confirmed");
		assertThat(browser.get("/whoami").body()).isEqualTo("TelegramAuthenticationToken alice ["
				+ (Factors.supported() ? "FACTOR_TELEGRAM, " : "") + "ROLE_ADMIN]");
	}

	@Test
	void telegramLoginWhileSignedInWithoutMultiFactorThenReplacesThePasswordLogin() {
		String telegramId = newTelegramId();
		Browser browser = signedIn("alice", "alice-pw");
		connectBondify(browser, telegramId);

		assertThat(loginWithBondify(browser, telegramId).json()).containsEntry("status", "confirmed");

		// without @EnableMultiFactorAuthentication (Spring Security 7) no factor is kept from the password login
		assertThat(browser.get("/whoami").body()).isEqualTo("TelegramAuthenticationToken alice ["
				+ (Factors.supported() ? "FACTOR_TELEGRAM, " : "") + "ROLE_ADMIN]");
	}

	@Test
	void connectWithXellarThenLogOutThenTelegramLoginSignsInAsTheLocalUser() {
		String phone = newPhone();
		upstream.xellar().seedUserWithWallet(phone);
		Browser browser = signedIn("bob", "bob-pw");

		assertThat(browser.post("/login/telegram/link/otp", "{\"phoneNumber\":\"" + phone + "\"}").status())
			.isEqualTo(200);
		Response wrong = browser.post("/login/telegram/link/otp/verify", "{\"otp\":\"" + wrongOtp(phone) + "\"}");
		assertThat(wrong.status()).isEqualTo(401);
		assertThat(wrong.json()).containsEntry("error", "invalid_otp");
		// a failed attempt leaves the local user signed in
		assertThat(browser.get("/whoami").body()).startsWith("UsernamePasswordAuthenticationToken bob ");
		Response linked = browser.post("/login/telegram/link/otp/verify", "{\"otp\":\"" + otp(phone) + "\"}");
		assertThat(linked.status()).isEqualTo(200);
		assertThat(linked.json()).containsEntry("status", "linked").containsEntry("flow", "xellar");
		assertThat(browser.get("/whoami").body()).startsWith("UsernamePasswordAuthenticationToken bob ");
		String uid = upstream.xellar().uid(phone).orElseThrow();
		assertThat(links.findUsername(TelegramLoginFlow.XELLAR, uid)).isEqualTo("bob");

		browser.post("/logout", "");
		browser.openLoginPage();
		assertThat(browser.post("/login/telegram/otp", "{\"phoneNumber\":\"" + phone + "\"}").status())
			.isEqualTo(200);
		Response login = browser.post("/login/telegram/otp/verify", "{\"otp\":\"" + otp(phone) + "\"}");
		assertThat(login.json()).containsEntry("status", "confirmed");
		assertThat(browser.get("/whoami").body()).startsWith("TelegramAuthenticationToken bob ").endsWith("ROLE_USER]");
	}

	@Test
	void connectWhenIdentityBelongsToAnotherUserThenConflictAndTheLinkStays() {
		String telegramId = newTelegramId();
		assertThat(connectBondify(signedIn("alice", "alice-pw"), telegramId).status()).isEqualTo(200);
		Browser bob = signedIn("bob", "bob-pw");

		Response refused = connectBondify(bob, telegramId);

		assertThat(refused.status()).isEqualTo(409);
		assertThat(refused.json()).containsEntry("error", "account_already_linked").containsKey("message");
		assertThat(links.findUsername(TelegramLoginFlow.BONDIFY, telegramId)).isEqualTo("alice");
		assertThat(bob.get("/whoami").body()).startsWith("UsernamePasswordAuthenticationToken bob ");
	}

	@Test
	void loginWhenTelegramIdentityIsNotLinkedThenRefusedEvenWhenAUsernameEqualsItsId() {
		// a local user is named 12345678: an unlinked Telegram login of Telegram user 12345678 must not become them
		String telegramId = "12345678";
		Browser browser = app.browser().openLoginPage();

		Response refused = loginWithBondify(browser, telegramId);

		assertThat(refused.status()).isEqualTo(401);
		assertThat(refused.json()).containsEntry("error", "account_not_linked");
		assertThat(browser.get("/whoami").status()).isNotEqualTo(200);
	}

	@Test
	void unlinkThenTelegramLoginIsRefusedAndAnotherUsersLinkCannotBeRemoved() {
		String telegramId = newTelegramId();
		Browser alice = signedIn("alice", "alice-pw");
		connectBondify(alice, telegramId);
		Browser carol = signedIn("carol", "carol-pw");

		Response notHers = carol.post("/login/telegram/unlink", "{\"flow\":\"bondify\",\"id\":\"" + telegramId + "\"}");
		assertThat(notHers.status()).isEqualTo(404);
		assertThat(notHers.json()).containsEntry("error", "link_not_found");
		Response unlinked = alice.post("/login/telegram/unlink", "{\"flow\":\"bondify\",\"id\":\"" + telegramId + "\"}");
		assertThat(unlinked.status()).isEqualTo(200);
		assertThat(unlinked.json()).containsEntry("status", "unlinked");
		assertThat(linkEvents).filteredOn(TelegramAccountUnlinkedEvent.class::isInstance)
			.map((event) -> ((TelegramAccountUnlinkedEvent) event).getLink())
			.contains(new TelegramAccountLink(TelegramLoginFlow.BONDIFY, telegramId, "alice"));

		Response refused = loginWithBondify(app.browser().openLoginPage(), telegramId);
		assertThat(refused.json()).containsEntry("error", "account_not_linked");
	}

	@Test
	void linkEndpointsWhenNotSignedInOrSignedInWithTelegramOnlyOrWithoutCsrfThenRefused() {
		Browser anonymous = app.browser().openLoginPage();
		Response start = anonymous.post("/login/telegram/link/start");
		assertThat(start.status()).isEqualTo(401);
		assertThat(start.json()).containsEntry("error", "authentication_required");
		assertThat(anonymous.getJson("/login/telegram/links").json()).containsEntry("error", "authentication_required");

		Browser alice = signedIn("alice", "alice-pw");
		assertThat(alice.postWithoutCsrf("/login/telegram/link/start", "{}").status()).isEqualTo(403);
		assertThat(alice.postWithoutCsrf("/login/telegram/unlink", "{\"flow\":\"bondify\",\"id\":\"1\"}").status())
			.isEqualTo(403);
		Response badFlow = alice.post("/login/telegram/unlink", "{\"flow\":\"github\",\"id\":\"1\"}");
		assertThat(badFlow.status()).isEqualTo(400);
		assertThat(badFlow.json()).containsEntry("error", "invalid_request");
	}

	@Test
	void pendingLinkWhenAnotherUserSignsInInTheSameSessionThenNotCompletedForThem() {
		String telegramId = newTelegramId();
		Browser browser = signedIn("alice", "alice-pw");
		Response start = browser.post("/login/telegram/link/start");
		assertThat(start.status()).isEqualTo(200);
		upstream.bondify().confirm(LinkingBrowsers.token(start), EmulatedTelegramUser.of(telegramId, "Ada", "ada"));

		browser.formLogin("carol", "carol-pw");
		Response status = browser.post("/login/telegram/link/status");

		assertThat(status.status()).isEqualTo(409);
		assertThat(status.json()).containsEntry("error", "no_pending_login");
		assertThat(links.findUsername(TelegramLoginFlow.BONDIFY, telegramId)).isNull();
	}

	private static Browser signedIn(String username, String password) {
		return LinkingBrowsers.signedIn(app, username, password);
	}

	private static Response connectBondify(Browser browser, String telegramId) {
		return LinkingBrowsers.connectBondify(browser, upstream, telegramId);
	}

	private static Response loginWithBondify(Browser browser, String telegramId) {
		return LinkingBrowsers.loginWithBondify(browser, upstream, telegramId);
	}

	private static String newTelegramId() {
		return Integer.toString(telegramIds.incrementAndGet()) + Math.abs(UUID.randomUUID().hashCode() % 1000);
	}

	private static String newPhone() {
		return "+1555020" + String.format("%04d", phones.incrementAndGet());
	}

	private static String otp(String phone) {
		return upstream.xellar().lastOtp(phone).orElseThrow();
	}

	private static String wrongOtp(String phone) {
		String otp = otp(phone);
		return otp.equals("000000") ? "111111" : "000000";
	}

}
