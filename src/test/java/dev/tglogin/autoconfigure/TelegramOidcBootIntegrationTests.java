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
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.tglogin.oidc.TelegramOidcUser;
import dev.tglogin.test.Browser;
import dev.tglogin.test.Browser.Response;
import dev.tglogin.test.ClientRegistrations;

import static dev.tglogin.config.TelegramLoginConfigurer.telegramLogin;
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
	void bootAppWithRegistrationPropertiesAndTelegramClientIdGetsBothRegistrations() {
		try (ConfigurableApplicationContext context = startWithGitHubProperties(App.class)) {
			// Boot's repository from spring.security.oauth2.client.* stays the bean, with the app's registration only
			ClientRegistrationRepository boots = context.getBean(ClientRegistrationRepository.class);
			assertThat(boots).isInstanceOf(InMemoryClientRegistrationRepository.class);
			assertThat(boots.findByRegistrationId("github")).isNotNull();
			assertThat(boots.findByRegistrationId("telegram")).isNull();
			// the chain (tglogin's default one) serves both
			Browser browser = new Browser(base(context));
			assertThat(browser.get("/oauth2/authorization/github").header("Location"))
				.startsWith("https://github.com/login/oauth/authorize?")
				.contains("client_id=github-client");
			assertThat(browser.get("/oauth2/authorization/telegram").header("Location"))
				.startsWith("https://oauth.telegram.org/auth?")
				.contains("client_id=1234567890", "code_challenge_method=S256");
		}
	}

	@Test
	void bootAppWithItsOwnOauth2LoginChainAndRegistrationPropertiesGetsBothRegistrations() {
		try (ConfigurableApplicationContext context = startWithGitHubProperties(OAuth2LoginApp.class)) {
			Browser browser = new Browser(base(context));
			assertThat(browser.get("/oauth2/authorization/github").header("Location"))
				.startsWith("https://github.com/login/oauth/authorize?");
			assertThat(browser.get("/oauth2/authorization/telegram").header("Location"))
				.startsWith("https://oauth.telegram.org/auth?");
			assertThat(context.getBean(ClientRegistrationRepository.class).findByRegistrationId("telegram")).isNull();
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

	/** An app with a GitHub registration in Boot's properties and Telegram's client id and secret. */
	private static ConfigurableApplicationContext startWithGitHubProperties(Class<?> app) {
		return new SpringApplicationBuilder(app).web(WebApplicationType.SERVLET)
			.properties("server.port=0", "spring.main.banner-mode=off", "server.address=127.0.0.1",
					"spring.security.oauth2.client.registration.github.client-id=github-client",
					"spring.security.oauth2.client.registration.github.client-secret=github-secret",
					"tglogin.telegram.client-id=1234567890", "tglogin.telegram.client-secret=telegram-secret")
			.run();
	}

	private static URI base(ConfigurableApplicationContext context) {
		return URI.create("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port"));
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

	/** An app with its own chain: {@code oauth2Login()} for its registrations, and Telegram login. */
	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class OAuth2LoginApp {

		@Bean
		SecurityFilterChain securityFilterChain(HttpSecurity http, TelegramLoginCustomizer telegram) throws Exception {
			http.authorizeHttpRequests((authorize) -> authorize.anyRequest().authenticated())
				.oauth2Login(Customizer.withDefaults())
				.with(telegramLogin(), telegram);
			return http.build();
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
