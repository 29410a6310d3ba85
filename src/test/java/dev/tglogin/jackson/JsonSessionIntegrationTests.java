package dev.tglogin.jackson;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.security.web.session.DisableEncodeUrlFilter;

import dev.tglogin.emulator.BondifyEmulator;
import dev.tglogin.emulator.EmulatedTelegramUser;
import dev.tglogin.emulator.XellarEmulator;
import dev.tglogin.http.UpstreamHttpClient;
import dev.tglogin.test.Browser;
import dev.tglogin.test.Browser.Response;
import dev.tglogin.test.EmulatorServer;
import dev.tglogin.test.TestApp;
import dev.tglogin.web.PendingBondifyLogin;
import dev.tglogin.web.PendingXellarLogin;
import dev.tglogin.xellar.HttpXellarClient;
import dev.tglogin.xellar.XellarClient;
import dev.tglogin.xellar.XellarWalletCredentials;
import dev.tglogin.xellar.XellarWalletService;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bondify and Xellar logins end to end on embedded Jetty with a session that holds every attribute as JSON, the way
 * Spring Session does with Spring Security's Jackson 2 modules and {@link TelegramLoginJackson2Module} (the mapper
 * of {@link TelegramLoginJackson2ModuleTests}): the login in progress, the security context and the wallet
 * credentials all pass through the mapper on every request.
 */
class JsonSessionIntegrationTests {

	private static final String PROJECT = "json-session-project";

	private static final JsonSessionFilter sessions = new JsonSessionFilter(
			TelegramLoginJackson2ModuleTests.mapper());

	private static EmulatorServer upstream;

	private static TestApp app;

	@BeforeAll
	static void start() {
		XellarEmulator xellar = XellarEmulator.builder().loginInterval(Duration.ZERO).build();
		upstream = new EmulatorServer(BondifyEmulator.builder().projectId(PROJECT).build(), xellar);
		XellarClient client = new HttpXellarClient(
				new UpstreamHttpClient("xellar", Duration.ofSeconds(2), Duration.ofMillis(1500)), upstream.baseUrl(),
				"v2", xellar.clientSecret());
		app = new TestApp((telegram) -> telegram.readTimeout(Duration.ofMillis(1500))
			.throttle((throttle) -> throttle.otpSendInterval(Duration.ZERO))
			.bondify((bondify) -> bondify.projectId(PROJECT)
				.secret(upstream.bondify().secret())
				.baseUrl(upstream.baseUrl()))
			.xellar((x) -> x.client(client)), new XellarWalletService(client),
				(http) -> http.addFilterBefore(sessions, DisableEncodeUrlFilter.class));
	}

	@AfterAll
	static void stop() throws Exception {
		app.close();
		upstream.close();
	}

	@Test
	void loginWhenBondifyThenPendingLoginAndContextStoredAsJsonAndUserLoggedIn() {
		Browser browser = app.browser().openLoginPage();
		Response start = browser.post("/login/telegram/start");
		assertThat(start.status()).isEqualTo(200);
		assertThat(written(PendingBondifyLogin.class)).isTrue();
		String deeplink = start.field("deeplink");
		upstream.bondify()
			.confirm(deeplink.substring(deeplink.indexOf("start=") + "start=".length()),
					EmulatedTelegramUser.of("5150", "Ada", "ada"));

		assertThat(browser.post("/login/telegram/status").json()).containsEntry("status", "confirmed");
		assertThat(browser.get("/me").body()).startsWith("Hello, Ada (5150)");
		assertThat(written("dev.tglogin.core.TelegramAuthenticationToken")).isTrue();
	}

	@Test
	void loginWhenXellarThenWalletCredentialsStoredAsJsonAndUsableAfterward() {
		String phone = "+15559000001";
		upstream.xellar().seedUserWithWallet(phone);
		Browser browser = app.browser().openLoginPage();
		browser.post("/login/telegram/otp", "{\"phoneNumber\":\"" + phone + "\"}");
		assertThat(written(PendingXellarLogin.class)).isTrue();

		String otp = upstream.xellar().lastOtp(phone).orElseThrow();
		Response verified = browser.post("/login/telegram/otp/verify", "{\"otp\":\"" + otp + "\"}");
		assertThat(verified.json()).containsEntry("status", "confirmed").containsEntry("walletCreated", true);
		assertThat(browser.get("/me").body()).endsWith("walletCreated=true");
		assertThat(written(XellarWalletCredentials.class)).isTrue();
		// the wallet token read back from the JSON session is one Xellar accepts
		assertThat(browser.openLoginPage().post("/wallet/token").field("walletToken")).isNotBlank();
	}

	private static boolean written(Class<?> type) {
		return written(type.getName());
	}

	private static boolean written(String typeName) {
		return sessions.written().stream().anyMatch((json) -> json.contains("\"" + typeName + "\""));
	}

}
