package dev.tglogin.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.authentication.event.AbstractAuthenticationEvent;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.authentication.event.InteractiveAuthenticationSuccessEvent;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

import dev.tglogin.core.TelegramLoginEndedEvent;
import dev.tglogin.core.TelegramLoginFlow;
import dev.tglogin.emulator.BondifyEmulator;
import dev.tglogin.emulator.EmulatedTelegramUser;
import dev.tglogin.emulator.XellarEmulator;
import dev.tglogin.test.Browser;
import dev.tglogin.test.Browser.Response;
import dev.tglogin.test.EmulatorServer;
import dev.tglogin.test.Proofs;

import static dev.tglogin.config.TelegramLoginConfigurer.telegramLogin;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An existing Boot app with form login and an audit listener: Telegram logins, successful or failed, reach its
 * listener as Spring Security's authentication events, as form logins do.
 */
class AuthenticationEventsTests {

	private static final String SECRET = "events-secret-0123456789abcdefghijklmnop";

	private static final List<AbstractAuthenticationEvent> events = new CopyOnWriteArrayList<>();

	private static final List<TelegramLoginEndedEvent> ended = new CopyOnWriteArrayList<>();

	private static EmulatorServer upstream;

	private static ConfigurableApplicationContext app;

	private static Browser browser() {
		return new Browser(java.net.URI
			.create("http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port"))).openLoginPage();
	}

	@BeforeAll
	static void start() {
		upstream = new EmulatorServer(BondifyEmulator.builder().secret(SECRET.getBytes(StandardCharsets.UTF_8)).build(),
				XellarEmulator.builder().build());
		app = new SpringApplicationBuilder(AuditedApp.class).web(WebApplicationType.SERVLET)
			.properties("server.port=0", "server.address=127.0.0.1", "spring.main.banner-mode=off",
					"tglogin.bondify.project-id=" + upstream.bondify().projectId(), "tglogin.bondify.secret=" + SECRET,
					"tglogin.bondify.base-url=" + upstream.baseUrl(),
					"tglogin.xellar.client-secret=" + upstream.xellar().clientSecret(),
					"tglogin.xellar.base-url=" + upstream.baseUrl(), "tglogin.throttle.enabled=false")
			.run();
	}

	@AfterAll
	static void stop() throws Exception {
		app.close();
		upstream.close();
	}

	@BeforeEach
	void clear() {
		events.clear();
		ended.clear();
	}

	@Test
	void bondifyLoginCancelledInTelegramPublishesTheLibrarysEndedEventAndNoAuthenticationEvent() {
		Browser browser = browser();
		String deeplink = browser.post("/login/telegram/start").field("deeplink");
		upstream.bondify().cancel(deeplink.substring(deeplink.indexOf("start=") + 6));
		assertThat(browser.post("/login/telegram/status").json()).containsEntry("status", "cancelled");
		assertThat(ended).singleElement().satisfies((event) -> {
			assertThat(event.getFlow()).isEqualTo(TelegramLoginFlow.BONDIFY);
			assertThat(event.getOutcome()).isEqualTo("cancelled");
		});
		assertThat(events).isEmpty();
	}

	@Test
	void bondifyLoginPublishesTheSuccessEventsOfFormLogin() {
		Browser browser = browser();
		String deeplink = browser.post("/login/telegram/start").field("deeplink");
		upstream.bondify().confirm(deeplink.substring(deeplink.indexOf("start=") + 6), EmulatedTelegramUser.defaultUser());
		assertThat(browser.post("/login/telegram/status").json()).containsEntry("status", "confirmed");
		assertThat(events).hasAtLeastOneElementOfType(AuthenticationSuccessEvent.class)
			.hasAtLeastOneElementOfType(InteractiveAuthenticationSuccessEvent.class);
	}

	@Test
	void forgedProofPublishesAFailureEvent() {
		Browser browser = browser();
		String deeplink = browser.post("/login/telegram/start").field("deeplink");
		String forged = Proofs.hs256(new byte[32], upstream.bondify().projectId(),
				deeplink.substring(deeplink.indexOf("start=") + 6), (claims) -> {
				});
		assertThat(browser.post("/login/telegram/proof", "{\"proof\":\"" + forged + "\"}").status()).isEqualTo(401);
		assertThat(events).hasAtLeastOneElementOfType(AbstractAuthenticationFailureEvent.class);
	}

	@Test
	void wrongOtpPublishesAFailureEvent() {
		Browser browser = browser();
		assertThat(browser.post("/login/telegram/otp", "{\"phoneNumber\":\"+15550009999\"}").status()).isEqualTo(200);
		String right = upstream.xellar().lastOtp("+15550009999").orElseThrow();
		String wrong = right.equals("000000") ? "111111" : "000000";
		Response answer = browser.post("/login/telegram/otp/verify", "{\"otp\":\"" + wrong.substring(0, right.length())
				+ "\"}");
		assertThat(answer.status()).isEqualTo(401);
		assertThat(events).hasAtLeastOneElementOfType(AbstractAuthenticationFailureEvent.class);
	}

	/** Form login, users in a {@code UserDetailsService}, an audit listener; Telegram login added. */
	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class AuditedApp {

		@Bean
		SecurityFilterChain securityFilterChain(HttpSecurity http, TelegramLoginCustomizer telegram) throws Exception {
			http.authorizeHttpRequests((authorize) -> authorize.anyRequest().authenticated())
				.formLogin(Customizer.withDefaults())
				.with(telegramLogin(), telegram);
			return http.build();
		}

		@Bean
		UserDetailsService userDetailsService() {
			return new InMemoryUserDetailsManager(
					User.withUsername("alice").password("{noop}password").roles("USER").build());
		}

		@Bean
		ApplicationListener<AbstractAuthenticationEvent> auditListener() {
			return events::add;
		}

		@Bean
		ApplicationListener<TelegramLoginEndedEvent> endedListener() {
			return ended::add;
		}

	}

}
