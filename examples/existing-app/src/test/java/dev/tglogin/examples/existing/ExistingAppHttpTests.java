package dev.tglogin.examples.existing;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The app over plain HTTP, on the emulator: its login form and its users' roles as before, Telegram login beside
 * them, Actuator's health public.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("emulator")
class ExistingAppHttpTests {

	@Value("${local.server.port}")
	int port;

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
	void telegramLoginThenUserRoleAndNoAdmin() {
		AppClient browser = new AppClient(this.port).openLoginPage();
		HttpResponse<String> start = browser.postJson("/login/telegram/start", "{}");
		assertThat(start.statusCode()).isEqualTo(200);
		String deeplink = start.body().replaceAll("(?s).*\"deeplink\"\\s*:\\s*\"([^\"]+)\".*", "$1");
		browser.confirmInTelegram(deeplink, "200000042", "Telegram Tess");
		assertThat(browser.postJson("/login/telegram/status", "{}").body()).contains("\"status\":\"confirmed\"");
		assertThat(browser.get("/account").body()).contains("ROLE_USER").doesNotContain("ROLE_ADMIN");
		assertThat(browser.get("/admin").statusCode()).isEqualTo(403);
	}

}
