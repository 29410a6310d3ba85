package dev.tglogin.autoconfigure;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.tglogin.core.TelegramAuthenticationToken;
import dev.tglogin.test.Browser;
import dev.tglogin.test.Browser.Response;

import static dev.tglogin.config.TelegramLoginConfigurer.telegramLogin;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A minimal Spring Boot app that gets Telegram login from properties alone, on its embedded server, against the
 * emulator mounted in the same app and reached over real HTTP.
 */
class TelegramLoginBootIntegrationTests {

	private static final Pattern OTP = Pattern.compile("id=\"otp\"[^>]*>\\s*([0-9]{6})");

	@Test
	void bootAppWithOnlyPropertiesLogsInWithBothFlowsThroughTheEmulator() throws Exception {
		try (ConfigurableApplicationContext context = start(PropertiesOnlyApp.class, "tglogin.emulator.enabled=true",
				"tglogin.emulator.otp-request-interval=0s", "tglogin.success-url=/me")) {
			URI base = URI.create("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port"));

			Browser browser = new Browser(base);
			assertThat(browser.get("/me").status()).isEqualTo(302);
			browser.openLoginPage();
			Response start = browser.post("/login/telegram/start");
			assertThat(start.status()).isEqualTo(200);
			String deeplink = start.field("deeplink");
			assertThat(deeplink).startsWith(base + "/tglogin-emulator/telegram?start=");
			// the user opens the deeplink and taps Confirm on the emulated Telegram page
			String token = deeplink.substring(deeplink.indexOf("start=") + 6);
			assertThat(plain(deeplink).body()).contains("id=\"confirm\"");
			assertThat(form(base + "/tglogin-emulator/telegram/confirm",
					Map.of("session_token", token, "telegram_id", "5551234", "telegram_name", "Boot User",
							"telegram_username", "boot_user"))
				.statusCode()).isEqualTo(303);
			Response confirmed = browser.post("/login/telegram/status");
			assertThat(confirmed.json()).containsEntry("status", "confirmed");
			// the request saved before login (GET /me) wins over tglogin.success-url
			assertThat(confirmed.field("redirectUrl")).isEqualTo(base + "/me?continue");
			assertThat(browser.get("/me").body()).isEqualTo("Boot User via BONDIFY");

			Browser phone = new Browser(base).openLoginPage();
			assertThat(phone.post("/login/telegram/otp", "{\"phoneNumber\":\"+15557654321\"}").status())
				.isEqualTo(200);
			// the user types the phone number on the emulated Telegram page: its codes, and only its codes, are shown
			Matcher otp = OTP.matcher(plain(base + "/tglogin-emulator/telegram?phone=%2B1+555+765+4321").body());
			assertThat(otp.find()).isTrue();
			Response verified = phone.post("/login/telegram/otp/verify", "{\"otp\":\"" + otp.group(1) + "\"}");
			assertThat(verified.json()).containsEntry("status", "confirmed").containsEntry("walletCreated", false);
			assertThat(phone.get("/me").body()).isEqualTo("+15557654321 via XELLAR");
		}
	}

	@Test
	void bootAppWithItsOwnLoginPageAndChainKeepsThemAndStillGetsTheEndpoints() throws Exception {
		try (ConfigurableApplicationContext context = start(OwnPageApp.class, "tglogin.emulator.enabled=true",
				"tglogin.login-page.enabled=false")) {
			URI base = URI.create("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port"));
			Browser browser = new Browser(base);
			Response page = browser.get("/login/telegram");
			assertThat(page.status()).isEqualTo(200);
			assertThat(page.body()).isEqualTo("my own login page");
			// the endpoints are there, CSRF-protected as in any chain
			assertThat(browser.postWithoutCsrf("/login/telegram/start", "{}").status()).isEqualTo(403);
		}
	}

	@Test
	void bootAppWithItsOwnMessagesThenItsTextsWinInEveryLanguageAndTheLibraryFillsTheRest() throws Exception {
		try (ConfigurableApplicationContext context = start(PropertiesOnlyApp.class, "tglogin.emulator.enabled=true",
				"spring.messages.basename=dev/tglogin/test/acme-messages",
				"spring.messages.fallback-to-system-locale=false")) {
			URI base = URI.create("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port"));
			Browser browser = new Browser(base);

			String russian = browser.get("/login/telegram", "Accept-Language", "ru").body();
			assertThat(russian).contains("<html lang=\"ru\" dir=\"ltr\">", "<title>Вход в Acme</title>",
					">Войти через Telegram</button>");
			// the app's messages.properties is its text for every language it has no file of its own for
			String persian = browser.get("/login/telegram", "Accept-Language", "fa").body();
			assertThat(persian).contains("<html lang=\"fa\" dir=\"rtl\">", "<title>Sign in to Acme</title>",
					">ورود با تلگرام</button>");
			Response error = browser.openLoginPage()
				.post("/login/telegram/status", "{}", "Accept-Language", "ru");
			assertThat(error.json()).containsEntry("error", "no_pending_login")
				.containsEntry("message", "Сначала начните вход в Acme");
			Response spanish = browser.post("/login/telegram/status", "{}", "Accept-Language", "es");
			assertThat(spanish.json()).containsEntry("error", "no_pending_login")
				.containsEntry("message",
						"No hay ningún inicio de sesión pendiente en esta sesión; inicia uno primero");
		}
	}

	private static ConfigurableApplicationContext start(Class<?> app, String... properties) {
		String[] all = new String[properties.length + 3];
		all[0] = "server.port=0";
		all[1] = "spring.main.banner-mode=off";
		// the emulator refuses to start on every interface
		all[2] = "server.address=127.0.0.1";
		System.arraycopy(properties, 0, all, 3, properties.length);
		return new SpringApplicationBuilder(app).web(WebApplicationType.SERVLET).properties(all).run();
	}

	private static HttpResponse<String> plain(String url) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
	}

	private static HttpResponse<String> form(String url, Map<String, String> fields) throws Exception {
		StringBuilder body = new StringBuilder();
		fields.forEach((name, value) -> body.append(body.isEmpty() ? "" : "&")
			.append(name)
			.append('=')
			.append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(url))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(body.toString()))
				.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** Only properties: no security configuration of its own. */
	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class PropertiesOnlyApp {

		@Bean
		MeController meController() {
			return new MeController();
		}

	}

	/** Its own chain (with the one-line telegramLogin()) and its own login page. */
	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class OwnPageApp {

		@Bean
		SecurityFilterChain securityFilterChain(HttpSecurity http, TelegramLoginCustomizer telegram) throws Exception {
			http.authorizeHttpRequests((authorize) -> authorize
				.requestMatchers(PathPatternRequestMatcher.withDefaults().matcher("/login/telegram"))
				.permitAll()
				.anyRequest()
				.authenticated()).with(telegramLogin(), telegram);
			return http.build();
		}

		@Bean
		OwnLoginPage ownLoginPage() {
			return new OwnLoginPage();
		}

	}

	@RestController
	static class MeController {

		@GetMapping("/me")
		String me(Authentication authentication) {
			TelegramAuthenticationToken token = (TelegramAuthenticationToken) authentication;
			return token.getTelegramUser().getDisplayName() + " via " + token.getTelegramUser().getFlow();
		}

	}

	@RestController
	static class OwnLoginPage {

		@GetMapping("/login/telegram")
		String page() {
			return "my own login page";
		}

	}

}
