package dev.tglogin.examples.demo;

import java.net.URI;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import dev.tglogin.examples.demo.DemoClient.Response;
import dev.tglogin.test.emulator.AutoConfigureTelegramLoginEmulator;
import dev.tglogin.test.emulator.TelegramLoginEmulator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo app over plain HTTP, as a client without JavaScript sees it (these run without a browser): public and
 * protected pages, the JSON API, CSRF on every state change, and both logins through the emulator. The emulator comes
 * from tglogin-test's {@code @AutoConfigureTelegramLoginEmulator} alone (the active profile is not the demo's
 * {@code emulator} profile), and {@link TelegramLoginEmulator} plays the user in Telegram.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureTelegramLoginEmulator
@ActiveProfiles("test")
class DemoApplicationHttpTests {

	@LocalServerPort
	int port;

	@Autowired
	TelegramLoginEmulator telegram;

	private DemoClient client;

	@BeforeEach
	void client() {
		this.client = new DemoClient(URI.create("http://127.0.0.1:" + this.port));
	}

	@Test
	void homePageIsPublicAndLinksToTheLoginPage() {
		Response home = this.client.get("/");
		assertThat(home.status()).isEqualTo(200);
		assertThat(home.body()).contains("id=\"login\"").contains("href=\"/login/telegram\"");
		assertThat(home.body()).contains("id=\"emulator-hint\"");
	}

	@Test
	void profileSendsAnonymousBrowserToTheLoginPage() {
		Response profile = this.client.get("/profile");
		assertThat(profile.status()).isEqualTo(302);
		assertThat(profile.location()).endsWith("/login/telegram");
	}

	@Test
	void meAnswersAnonymousJsonRequestWithUnauthorizedJsonNotRedirect() {
		Response me = this.client.getJson("/me");
		assertThat(me.status()).isEqualTo(401);
		assertThat(me.contentType()).startsWith("application/json");
		assertThat(me.field("error")).isEqualTo("unauthorized");
	}

	@Test
	void bondifyLoginThenMeAnswersTheTelegramUserAsJson() {
		logInWithBondify("5551234", "Http Tester", "http_tester");

		JsonNode me = this.client.getJson("/me").json();
		assertThat(me.get("name").asString()).isEqualTo("5551234");
		assertThat(me.get("telegramId").asString()).isEqualTo("5551234");
		assertThat(me.get("displayName").asString()).isEqualTo("Http Tester");
		assertThat(me.get("username").asString()).isEqualTo("http_tester");
		assertThat(me.get("flow").asString()).isEqualTo("BONDIFY");
		assertThat(me.get("walletCreated").asBoolean()).isFalse();
		assertThat(this.client.get("/profile").body()).contains("Http Tester");
	}

	@Test
	void xellarLoginThenWalletCreationNeedsCsrfAndShowsTheWallet() {
		String phone = "+447700900123";
		this.client.openLoginPage();
		assertThat(this.client.postJson("/login/telegram/otp", "{\"phoneNumber\":\"" + phone + "\"}").status())
			.isEqualTo(200);
		Response verified = this.client.postJson("/login/telegram/otp/verify",
				"{\"otp\":\"" + this.telegram.lastOtp(phone) + "\"}");
		assertThat(verified.field("status")).isEqualTo("confirmed");
		assertThat(verified.field("redirectUrl")).isEqualTo("/profile");

		JsonNode me = this.client.getJson("/me").json();
		assertThat(me.get("flow").asString()).isEqualTo("XELLAR");
		assertThat(me.get("displayName").asString()).isEqualTo(phone);
		assertThat(me.get("username").isNull()).isTrue();
		assertThat(me.get("walletCreated").asBoolean()).isFalse();

		assertThat(this.client.postForm("/profile/wallet", Map.of()).status()).isEqualTo(403);
		Response profile = this.client.get("/profile");
		assertThat(profile.body()).contains("id=\"wallet-state\">not created<");
		Response created = this.client.submitForm("/profile/wallet", profile);
		assertThat(created.status()).isEqualTo(302);
		assertThat(created.location()).endsWith("/profile");
		assertThat(this.client.getJson("/me").json().get("walletCreated").asBoolean()).isTrue();
		assertThat(this.client.get("/profile").body()).contains("id=\"wallet-state\">created<")
			.contains("class=\"address\">0x");
	}

	@Test
	void logoutNeedsCsrfAndEndsTheSession() {
		logInWithBondify("5550000", "Logout Http", "logout_http");
		assertThat(this.client.postForm("/logout", Map.of()).status()).isEqualTo(403);
		assertThat(this.client.getJson("/me").status()).isEqualTo(200);

		Response loggedOut = this.client.submitForm("/logout", this.client.get("/profile"));
		assertThat(loggedOut.status()).isEqualTo(302);
		assertThat(loggedOut.location()).endsWith("/login/telegram?logout");
		assertThat(this.client.getJson("/me").status()).isEqualTo(401);
	}

	private void logInWithBondify(String telegramId, String name, String username) {
		this.client.openLoginPage();
		Response start = this.client.postJson("/login/telegram/start", "");
		assertThat(start.status()).isEqualTo(200);
		this.telegram.confirmPendingLogin(telegramId, name, username);
		Response status = this.client.postJson("/login/telegram/status", "");
		assertThat(status.field("status")).isEqualTo("confirmed");
		assertThat(status.field("redirectUrl")).isEqualTo("/profile");
	}

}
