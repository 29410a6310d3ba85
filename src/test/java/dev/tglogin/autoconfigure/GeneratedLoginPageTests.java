package dev.tglogin.autoconfigure;

import java.net.URI;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.tglogin.test.Browser;

import static dev.tglogin.config.TelegramLoginConfigurer.telegramLogin;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The app's login page stays its login page: Spring Security's generated {@code /login} gets the Telegram flows only
 * when the app opts in ({@code tglogin.login-page.show-on-generated-page}), and a login page of the app's own never
 * does. Over HTTP, with Bondify only, Xellar only and both.
 */
class GeneratedLoginPageTests extends CoexistenceTestSupport {

	private static final String OPT_IN = "tglogin.login-page.show-on-generated-page=true";

	private static final Pattern HIDDEN_CSRF = Pattern.compile("name=\"_csrf\" type=\"hidden\" value=\"([^\"]+)\"");

	@ParameterizedTest
	@MethodSource("flows")
	void generatedLoginPageWhenOptedInThenOffersTheFlowsBesideTheForm(List<String> flow) {
		try (ConfigurableApplicationContext context = run(FormLoginCoexistenceTests.FormLoginApp.class, flow, OPT_IN)) {
			URI base = base(context);
			Browser browser = new Browser(base);
			assertThat(browser.get("/").header("Location")).as("still the app's login page").endsWith("/login");
			Browser.Response page = browser.get("/login");
			assertThat(page.status()).isEqualTo(200);
			assertThat(page.body()).contains("name=\"username\"", "id=\"tglogin-section\"",
					"<meta name=\"tglogin_base\" content=\"/login/telegram\">", "/login/telegram/tglogin.js?v=")
				.endsWith("</html>");
			boolean bondify = flow.stream().anyMatch((p) -> p.startsWith("tglogin.bondify"));
			boolean xellar = flow.stream().anyMatch((p) -> p.startsWith("tglogin.xellar"));
			assertThat(page.body().contains("data-tglogin=\"bondify\"")).isEqualTo(bondify);
			assertThat(page.body().contains("data-tglogin=\"xellar\"")).isEqualTo(xellar);
			// the client's CSRF meta tag carries the token of the page's form
			Matcher hidden = HIDDEN_CSRF.matcher(page.body());
			assertThat(hidden.find()).isTrue();
			assertThat(page.body()).contains("<meta name=\"_csrf\" content=\"" + hidden.group(1) + "\">");
			assertThat(browser.get("/login?error").body()).contains("id=\"tglogin-section\"");

			// the page's token drives a Telegram login, and the form still logs local users in
			String[] call = firstTelegramCall(flow);
			assertThat(new Browser(base).openLoginPage("/login").post(call[0], call[1]).status()).isEqualTo(200);
			assertThat(logInWithTelegram(new Browser(base), flow).json())
				.containsEntry("status", "confirmed");
		}
	}

	@Test
	void generatedLoginPageWhenNotOptedInThenUnchanged() {
		List<String> bondify = flows().findFirst().map(this::properties).orElseThrow();
		try (ConfigurableApplicationContext context = run(FormLoginCoexistenceTests.FormLoginApp.class, bondify)) {
			Browser.Response page = new Browser(base(context)).get("/login");
			assertThat(page.status()).isEqualTo(200);
			assertThat(page.body()).contains("name=\"username\"").doesNotContain("tglogin");
		}
	}

	@Test
	void ownLoginPageWhenOptedInThenUnchanged() {
		List<String> bondify = flows().findFirst().map(this::properties).orElseThrow();
		try (ConfigurableApplicationContext context = run(OwnPageApp.class, bondify, OPT_IN)) {
			Browser browser = new Browser(base(context));
			assertThat(browser.get("/").header("Location")).endsWith("/signin");
			assertThat(browser.get("/signin").body()).isEqualTo(OwnPageApp.PAGE);
			assertThat(browser.get("/login").body()).doesNotContain("tglogin");
		}
	}

	@SuppressWarnings("unchecked")
	private List<String> properties(Arguments arguments) {
		return (List<String>) arguments.get()[0];
	}

	/** Form login on a page of the app's own, Telegram login added. */
	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(OwnPageApp.SignInPage.class)
	static class OwnPageApp {

		static final String PAGE = "<!DOCTYPE html><html><head></head><body><div>Our sign-in</div></body></html>";

		@Bean
		SecurityFilterChain securityFilterChain(HttpSecurity http, TelegramLoginCustomizer telegram) throws Exception {
			http.authorizeHttpRequests((authorize) -> authorize.anyRequest().authenticated())
				.formLogin((form) -> form.loginPage("/signin").permitAll())
				.with(telegramLogin(), telegram);
			return http.build();
		}

		@Bean
		UserDetailsService userDetailsService() {
			return localUsers();
		}

		@RestController
		static class SignInPage {

			@GetMapping(path = "/signin", produces = MediaType.TEXT_HTML_VALUE)
			String page() {
				return PAGE;
			}

		}

	}

}
