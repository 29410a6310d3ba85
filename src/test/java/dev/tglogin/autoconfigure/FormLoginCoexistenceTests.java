package dev.tglogin.autoconfigure;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.web.SecurityFilterChain;

import dev.tglogin.test.Browser;

import static dev.tglogin.config.TelegramLoginConfigurer.telegramLogin;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An existing Boot app with form login and its own {@code UserDetailsService} adds Telegram login: its local users
 * still log in with their passwords, with the Bondify flow only, the Xellar flow only and both (the auto-configuration
 * must not publish {@link AuthenticationProvider} beans, which would replace the app's {@code UserDetailsService} in
 * Spring Security's global {@code AuthenticationManager}).
 */
class FormLoginCoexistenceTests extends CoexistenceTestSupport {

	@ParameterizedTest
	@MethodSource("flows")
	void localUsersStillLogInWithTheirPasswordsNextToTelegramLogin(List<String> flow) throws Exception {
		try (ConfigurableApplicationContext context = run(FormLoginApp.class, flow)) {
			assertThat(context.getBeansOfType(AuthenticationProvider.class)).as("no provider beans").isEmpty();
			URI base = base(context);
			// browsers are still sent to the app's login page, not to Telegram's
			assertThat(new Browser(base).get("/").header("Location")).endsWith("/login");
			Browser browser = new Browser(base).openLoginPage();

			HttpResponse<String> wrong = formLogin(base, browser, "alice", "wrong");
			assertThat(wrong.headers().firstValue("Location").orElse("")).endsWith("/login?error");
			HttpResponse<String> right = formLogin(base, browser, "alice", "password");
			assertThat(right.statusCode()).isEqualTo(302);
			assertThat(right.headers().firstValue("Location").orElse("")).doesNotContain("error");
			// and the Telegram endpoints are there too
			String[] call = firstTelegramCall(flow);
			assertThat(new Browser(base).openLoginPage().post(call[0], call[1]).status()).isEqualTo(200);
		}
	}

	private static HttpResponse<String> formLogin(URI base, Browser browser, String username, String password)
			throws Exception {
		String body = "username=" + URLEncoder.encode(username, StandardCharsets.UTF_8) + "&password="
				+ URLEncoder.encode(password, StandardCharsets.UTF_8) + "&_csrf="
				+ URLEncoder.encode(browser.csrfToken(), StandardCharsets.UTF_8);
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(base.resolve("/login"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.header("Cookie", "JSESSIONID=" + browser.sessionId())
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** An app as people have them: form login, its users in a {@code UserDetailsService}, Telegram login added. */
	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class FormLoginApp {

		@Bean
		SecurityFilterChain securityFilterChain(HttpSecurity http, TelegramLoginCustomizer telegram) throws Exception {
			http.authorizeHttpRequests((authorize) -> authorize.anyRequest().authenticated())
				.formLogin(Customizer.withDefaults())
				.with(telegramLogin(), telegram.andThen((t) -> t.throttle((throttle) -> throttle.disable())));
			return http.build();
		}

		@Bean
		UserDetailsService userDetailsService() {
			return localUsers();
		}

	}

}
