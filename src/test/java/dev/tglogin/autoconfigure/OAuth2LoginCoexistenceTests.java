package dev.tglogin.autoconfigure;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.web.SecurityFilterChain;

import dev.tglogin.test.Browser;

import static dev.tglogin.config.TelegramLoginConfigurer.telegramLogin;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An existing Boot app that logs users in with {@code oauth2Login()}, its client registered through Boot's
 * {@code spring.security.oauth2.client.*} properties, adds Telegram login in the same chain, with Bondify only, Xellar
 * only and both: browsers are still sent to the authorization endpoint, Spring Security's generated login page still
 * lists the provider (and nothing of Telegram, which the app did not opt into), and Telegram logins work beside it.
 */
class OAuth2LoginCoexistenceTests extends CoexistenceTestSupport {

	private static final List<String> REGISTRATION = List.of(
			"spring.security.oauth2.client.registration.idp.client-id=existing-app",
			"spring.security.oauth2.client.registration.idp.client-secret=client-secret",
			"spring.security.oauth2.client.registration.idp.client-name=Example IdP",
			"spring.security.oauth2.client.registration.idp.authorization-grant-type=authorization_code",
			"spring.security.oauth2.client.registration.idp.scope=profile",
			"spring.security.oauth2.client.registration.idp.redirect-uri={baseUrl}/login/oauth2/code/{registrationId}",
			"spring.security.oauth2.client.provider.idp.authorization-uri=https://idp.example/authorize",
			"spring.security.oauth2.client.provider.idp.token-uri=https://idp.example/token",
			"spring.security.oauth2.client.provider.idp.user-info-uri=https://idp.example/userinfo",
			"spring.security.oauth2.client.provider.idp.user-name-attribute=sub");

	@ParameterizedTest
	@MethodSource("flows")
	void oauth2LoginWhenTelegramLoginAddedThenRedirectAndLoginPageLinksStay(List<String> flow) {
		try (ConfigurableApplicationContext context = run(OAuth2LoginApp.class, flow,
				REGISTRATION.toArray(new String[0]))) {
			assertThat(context.getBeansOfType(AuthenticationProvider.class)).as("no provider beans").isEmpty();
			assertThat(context.getBean(ClientRegistrationRepository.class).findByRegistrationId("idp"))
				.as("Boot's registration from its properties")
				.isNotNull();
			URI base = base(context);
			Browser browser = new Browser(base);

			// a browser is still sent the app's way: straight to its only provider
			assertThat(browser.get("/").header("Location")).endsWith("/oauth2/authorization/idp");
			Browser.Response authorize = browser.get("/oauth2/authorization/idp");
			assertThat(authorize.status()).isEqualTo(302);
			assertThat(URLDecoder.decode(authorize.header("Location"), StandardCharsets.UTF_8))
				.startsWith("https://idp.example/authorize?")
				.contains("response_type=code", "client_id=existing-app", "state=",
						"redirect_uri=" + base.resolve("/login/oauth2/code/idp"));

			Browser.Response loginPage = browser.get("/login");
			assertThat(loginPage.status()).isEqualTo(200);
			assertThat(loginPage.body()).contains("<a href=\"/oauth2/authorization/idp\">Example IdP</a>")
				.doesNotContain("tglogin");

			assertThat(logInWithTelegram(new Browser(base), flow).json())
				.containsEntry("status", "confirmed");
		}
	}

	/** An app whose users log in with an OAuth 2.0 provider, Telegram login added. */
	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class OAuth2LoginApp {

		@Bean
		SecurityFilterChain securityFilterChain(HttpSecurity http, TelegramLoginCustomizer telegram) throws Exception {
			http.authorizeHttpRequests((authorize) -> authorize.anyRequest().authenticated())
				.oauth2Login(Customizer.withDefaults())
				.with(telegramLogin(), telegram.andThen((t) -> t.throttle((throttle) -> throttle.disable())));
			return http.build();
		}

	}

}
