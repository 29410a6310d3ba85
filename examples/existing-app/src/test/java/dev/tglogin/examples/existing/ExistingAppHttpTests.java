package dev.tglogin.examples.existing;

import java.net.http.HttpResponse;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The app over plain HTTP, on the emulator: its login form and its users' roles (in the database) as before; Telegram
 * login beside them for users who connected Telegram, as their local account; an unconnected Telegram user refused
 * with the app's message; the vault needing a password and a Telegram login both; Actuator's health public.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("emulator")
class ExistingAppHttpTests {

	private static final String TELEGRAM_FACTOR_MISSING = "/login?factor.type=telegram&factor.reason=missing";

	@Value("${local.server.port}")
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void healthWhenAnonymousThenUp() {
		HttpResponse<String> health = new AppClient(this.port).getJson("/actuator/health");
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).contains("\"status\":\"UP\"");
	}

	@Test
	void pageWhenAnonymousThenTheAppsLoginPage() {
		AppClient browser = new AppClient(this.port);
		assertThat(browser.get("/account").headers().firstValue("Location")).hasValueSatisfying(
				(location) -> assertThat(location).endsWith("/login"));
		assertThat(browser.get("/login").body()).contains("id=\"password-login\"", "data-tglogin=\"bondify\"",
				"data-tglogin=\"xellar\"", "/login/telegram/tglogin.js");
		assertThat(browser.get("/login/telegram").statusCode()).as("the library's page is off").isNotEqualTo(200);
	}

	@Test
	void formLoginWhenUserThenAccountButNotAdmin() {
		AppClient alice = new AppClient(this.port).openLoginPage();
		assertThat(alice.logIn("alice", "alice-password").headers().firstValue("Location"))
			.hasValueSatisfying((location) -> assertThat(location).endsWith("/account"));
		assertThat(alice.get("/account").body()).contains("<strong id=\"name\">alice</strong>", "ROLE_USER")
			.doesNotContain("ROLE_ADMIN");
		assertThat(alice.get("/admin").statusCode()).isEqualTo(403);
	}

	@Test
	void formLoginWhenAdminThenAdminPage() {
		AppClient root = new AppClient(this.port).openLoginPage();
		root.logIn("root", "root-password");
		assertThat(root.get("/admin").body()).contains("id=\"admin-title\"");
	}

	@Test
	void formLoginWhenWrongPasswordThenLoginError() {
		AppClient alice = new AppClient(this.port).openLoginPage();
		assertThat(alice.logIn("alice", "wrong").headers().firstValue("Location"))
			.hasValueSatisfying((location) -> assertThat(location).endsWith("/login?error"));
	}

	@Test
	void usersWhenStartedThenInTheDatabaseWithTheirRoles() {
		assertThat(this.jdbc.queryForList("select authority from authorities where username = 'root'", String.class))
			.containsExactlyInAnyOrder("ROLE_USER", "ROLE_ADMIN");
		assertThat(this.jdbc.queryForList("select authority from authorities where username = 'alice'", String.class))
			.containsExactly("ROLE_USER");
	}

	@Test
	void telegramLoginWhenNotLinkedThenRefusedWithTheAppsMessage() {
		AppClient browser = new AppClient(this.port).openLoginPage();
		HttpResponse<String> status = browser.bondify("/login/telegram", telegramId());
		assertThat(status.statusCode()).isEqualTo(401);
		assertThat(status.body()).contains("\"error\":\"account_not_linked\"",
				"not connected to an Existing app account");
		assertThat(browser.get("/account").statusCode()).isEqualTo(302);
	}

	@Test
	void connectThenTelegramLoginAsTheSameLocalUserWithTheirRoles() {
		String telegramId = telegramId();
		AppClient root = new AppClient(this.port).openLoginPage();
		root.logIn("root", "root-password");
		assertThat(root.openPage("/account").bondify("/login/telegram/link", telegramId).body())
			.contains("\"status\":\"linked\"");
		assertThat(root.get("/account").body()).contains("data-link-id=\"" + telegramId + "\"");
		assertThat(this.jdbc.queryForObject("select username from tglogin_account_link where telegram_id = ?",
				String.class, telegramId))
			.isEqualTo("root");
		assertThat(root.logOut().headers().firstValue("Location"))
			.hasValueSatisfying((location) -> assertThat(location).endsWith("/login?logout"));
		assertThat(root.get("/login?logout").body()).contains("id=\"logged-out\"");
		assertThat(root.get("/account").statusCode()).isEqualTo(302);

		assertThat(root.openLoginPage().bondify("/login/telegram", telegramId).body())
			.contains("\"status\":\"confirmed\"");
		assertThat(root.get("/account").body()).contains("<strong id=\"name\">root</strong>",
				"ROLE_ADMIN, ROLE_USER");
		assertThat(root.get("/admin").body()).contains("id=\"admin-title\"");
	}

	@Test
	void disconnectThenTelegramLoginRefused() {
		String telegramId = telegramId();
		AppClient alice = aliceWithTelegram(telegramId);
		String link = "{\"flow\":\"bondify\",\"id\":\"" + telegramId + "\"}";
		assertThat(alice.postJson("/login/telegram/unlink", link).body()).contains("\"status\":\"unlinked\"");
		assertThat(alice.get("/account").body()).doesNotContain("data-link-id=\"" + telegramId + "\"");

		AppClient telegram = new AppClient(this.port).openLoginPage();
		assertThat(telegram.bondify("/login/telegram", telegramId).statusCode()).isEqualTo(401);
	}

	@Test
	void vaultWhenPasswordOnlyThenSentToTelegramLoginAndAfterItServed() {
		String telegramId = telegramId();
		AppClient alice = aliceWithTelegram(telegramId);
		HttpResponse<String> missing = alice.get("/vault");
		assertThat(missing.statusCode()).isEqualTo(302);
		assertThat(missing.headers().firstValue("Location"))
			.hasValueSatisfying((location) -> assertThat(location).endsWith(TELEGRAM_FACTOR_MISSING));
		assertThat(alice.get(TELEGRAM_FACTOR_MISSING).body()).contains("id=\"factor-telegram\"");

		assertThat(alice.bondify("/login/telegram", telegramId).body()).contains("\"status\":\"confirmed\"");
		HttpResponse<String> vault = alice.get("/vault");
		assertThat(vault.statusCode()).isEqualTo(200);
		assertThat(vault.body()).contains("<strong id=\"name\">alice</strong>", "FACTOR_PASSWORD, FACTOR_TELEGRAM");
	}

	@Test
	void vaultWhenTelegramOnlyThenNotServed() {
		String telegramId = telegramId();
		AppClient alice = aliceWithTelegram(telegramId);
		alice.logOut();
		alice.openLoginPage().bondify("/login/telegram", telegramId);
		assertThat(alice.get("/account").statusCode()).isEqualTo(200);
		assertThat(alice.get("/vault").statusCode()).as("the password factor is missing").isEqualTo(302);
	}

	/** {@code alice}, signed in with her password, who connected the Telegram id on her account page. */
	private AppClient aliceWithTelegram(String telegramId) {
		AppClient alice = new AppClient(this.port).openLoginPage();
		alice.logIn("alice", "alice-password");
		assertThat(alice.openPage("/account").bondify("/login/telegram/link", telegramId).body())
			.contains("\"status\":\"linked\"");
		return alice;
	}

	/** A Telegram id no other test uses (the database lives as long as the test context). */
	private static String telegramId() {
		return "79" + Math.abs(UUID.randomUUID().hashCode());
	}

}
