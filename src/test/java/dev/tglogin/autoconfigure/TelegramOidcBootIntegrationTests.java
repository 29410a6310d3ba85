package dev.tglogin.autoconfigure;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.tglogin.oidc.TelegramOidcUser;
import dev.tglogin.test.Browser;
import dev.tglogin.test.Browser.Response;
import dev.tglogin.test.ClientRegistrations;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Spring Boot app with {@code tglogin.emulator.enabled=true} and nothing else logs in with Telegram's OpenID
 * Connect login against the emulated OpenID provider on its own (random) port; an app's own client registrations
 * stay beside Telegram's.
 */
class TelegramOidcBootIntegrationTests {

	private static final Pattern REQUEST = Pattern.compile("name=\"request\" value=\"([^\"]+)\"");

	private static final HttpClient telegram = HttpClient.newBuilder()
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();

	@Test
	void bootAppWithTheEmulatorLogsInThroughTheEmulatedOpenIdProvider() throws Exception {
		try (ConfigurableApplicationContext context = start(App.class)) {
			URI base = URI.create("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port"));
			Browser browser = new Browser(base);
			assertThat(browser.get("/login/telegram").body()).contains("id=\"tglogin-oidc\"");
			Response start = browser.get("/oauth2/authorization/telegram");
			String authorize = start.header("Location");
			assertThat(authorize).startsWith(base + "/tglogin-emulator/oidc/auth?");
			HttpResponse<String> page = telegram.send(HttpRequest.newBuilder(URI.create(authorize)).GET().build(),
					HttpResponse.BodyHandlers.ofString());
			Matcher request = REQUEST.matcher(page.body());
			assertThat(request.find()).isTrue();
			HttpResponse<String> confirmed = telegram.send(HttpRequest
				.newBuilder(URI.create(base + "/tglogin-emulator/oidc/auth/confirm"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString("request="
						+ URLEncoder.encode(request.group(1), StandardCharsets.UTF_8)
						+ "&telegram_id=555&telegram_name=Grace&telegram_username=grace&telegram_phone="))
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(confirmed.statusCode()).isEqualTo(303);

			Response callback = browser.get(confirmed.headers().firstValue("Location").orElseThrow());

			assertThat(callback.header("Location")).isEqualTo(base + "/me");
			assertThat(browser.get("/me").body()).isEqualTo("Grace (555) via OIDC");
		}
	}

	@Test
	void bootAppWithItsOwnClientRegistrationsKeepsThemBesideTelegrams() throws Exception {
		try (ConfigurableApplicationContext context = start(AppWithRegistrations.class)) {
			URI base = URI.create("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port"));
			Browser browser = new Browser(base);
			assertThat(browser.get("/oauth2/authorization/github").header("Location"))
				.startsWith("https://example.org/authorize");
			assertThat(browser.get("/oauth2/authorization/telegram").header("Location"))
				.startsWith(base + "/tglogin-emulator/oidc/auth?");
		}
	}

	@Test
	void contextWhenEmulatorButNoOauth2ClientThenStartsWithoutTheOpenIdConnectLogin() {
		new WebApplicationContextRunner()
			.withConfiguration(BootClasses.securityWithTelegramLogin())
			.withClassLoader(new FilteredClassLoader("org.springframework.security.oauth2.client"))
			.withPropertyValues("tglogin.emulator.enabled=true", "server.address=127.0.0.1")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getEnvironment().getProperty("tglogin.telegram.client-id")).isNull();
			});
	}

	private static ConfigurableApplicationContext start(Class<?> app) {
		return new SpringApplicationBuilder(app).web(WebApplicationType.SERVLET)
			.properties("server.port=0", "spring.main.banner-mode=off", "server.address=127.0.0.1",
					"tglogin.emulator.enabled=true", "tglogin.success-url=/me")
			.run();
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

		@Bean
		MeController meController() {
			return new MeController();
		}

	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class AppWithRegistrations {

		@Bean
		ClientRegistrationRepository clientRegistrationRepository() {
			return new InMemoryClientRegistrationRepository(ClientRegistrations.app("github"));
		}

	}

	@RestController
	static class MeController {

		@GetMapping("/me")
		String me(Authentication authentication) {
			TelegramOidcUser user = (TelegramOidcUser) authentication.getPrincipal();
			return user.getTelegramUser().getDisplayName() + " (" + user.getTelegramUser().getId() + ") via "
					+ user.getTelegramUser().getFlow();
		}

	}

}
