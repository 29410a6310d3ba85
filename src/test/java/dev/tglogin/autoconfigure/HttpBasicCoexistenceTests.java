package dev.tglogin.autoconfigure;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.tglogin.emulator.EmulatedTelegramUser;
import dev.tglogin.test.Browser;

import static dev.tglogin.config.TelegramLoginConfigurer.telegramLogin;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An existing Boot app whose API clients use HTTP Basic against its own {@code UserDetailsService} adds Telegram login
 * in the same chain, with Bondify only, Xellar only and both: Basic still authenticates the app's users and still
 * challenges API clients, and browsers log in with Telegram.
 */
class HttpBasicCoexistenceTests extends CoexistenceTestSupport {

	@ParameterizedTest
	@MethodSource("flows")
	void basicWhenTelegramLoginAddedThenLocalUsersAuthenticateAndTelegramUsersLogIn(List<String> flow)
			throws Exception {
		try (ConfigurableApplicationContext context = run(BasicApp.class, flow)) {
			assertThat(context.getBeansOfType(AuthenticationProvider.class)).as("no provider beans").isEmpty();
			URI base = base(context);

			HttpResponse<String> alice = basic(base, "alice", "password");
			assertThat(alice.statusCode()).isEqualTo(200);
			assertThat(alice.body()).isEqualTo("alice");
			HttpResponse<String> wrong = basic(base, "alice", "wrong");
			assertThat(wrong.statusCode()).isEqualTo(401);
			assertThat(wrong.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Basic");
			// an API client without credentials is still challenged, not sent to a login page
			Browser.Response anonymous = new Browser(base).getJson("/me");
			assertThat(anonymous.status()).isEqualTo(401);
			assertThat(anonymous.header("WWW-Authenticate")).startsWith("Basic");

			Browser browser = new Browser(base);
			assertThat(logInWithTelegram(browser, flow).json()).containsEntry("status",
					"confirmed");
			Browser.Response me = browser.getJson("/me");
			assertThat(me.status()).isEqualTo(200);
			assertThat(me.body()).isNotEqualTo("alice").isNotBlank();
			if (flow.get(0).startsWith("tglogin.bondify")) {
				assertThat(me.body()).contains(EmulatedTelegramUser.DEFAULT_ID);
			}
		}
	}

	private static HttpResponse<String> basic(URI base, String username, String password) throws Exception {
		String credentials = Base64.getEncoder()
			.encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(base.resolve("/me"))
				.header("Authorization", "Basic " + credentials)
				.header("Accept", "application/json")
				.GET()
				.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** An app with an HTTP Basic API, its users in a {@code UserDetailsService}, Telegram login added. */
	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(MeController.class)
	static class BasicApp {

		@Bean
		SecurityFilterChain securityFilterChain(HttpSecurity http, TelegramLoginCustomizer telegram) throws Exception {
			http.authorizeHttpRequests((authorize) -> authorize.anyRequest().authenticated())
				.httpBasic(Customizer.withDefaults())
				.with(telegramLogin(), telegram.andThen((t) -> t.throttle((throttle) -> throttle.disable())));
			return http.build();
		}

		@Bean
		UserDetailsService userDetailsService() {
			return localUsers();
		}

	}

	/** Who the request is authenticated as. */
	@RestController
	static class MeController {

		@GetMapping("/me")
		String me(Principal principal) {
			return principal.getName();
		}

	}

}
