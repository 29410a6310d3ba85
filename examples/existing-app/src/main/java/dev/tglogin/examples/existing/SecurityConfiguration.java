package dev.tglogin.examples.existing;

import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.authorization.EnableMultiFactorAuthentication;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;

import dev.tglogin.autoconfigure.TelegramLoginCustomizer;

import static dev.tglogin.config.TelegramLoginConfigurer.telegramLogin;

/**
 * The app's security as it was (a public home page and health endpoint, a page for users, a page for admins, its own
 * login form; its users are in {@link UsersConfiguration}), plus what Telegram login added: the configurer, and a
 * page that needs a password and a Telegram login both (Spring Security 7's multi-factor authorization).
 */
@Configuration(proxyBeanMethods = false)
@EnableMultiFactorAuthentication(authorities = {})
class SecurityConfiguration {

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http, TelegramLoginCustomizer telegramLogin)
			throws Exception {
		http.authorizeHttpRequests((authorize) -> authorize
				.requestMatchers("/", "/app.css", "/error").permitAll()
				.requestMatchers(EndpointRequest.to("health")).permitAll()
				.requestMatchers("/admin/**").hasRole("ADMIN")
				// added: step-up, both factors (a user who has only the password is sent to the Telegram login)
				.requestMatchers("/vault/**").hasAllAuthorities("FACTOR_PASSWORD", "FACTOR_TELEGRAM")
				.anyRequest().hasRole("USER"))
			.formLogin((form) -> form.loginPage("/login").defaultSuccessUrl("/account").permitAll())
			.logout((logout) -> logout.logoutSuccessUrl("/login?logout").permitAll())
			// added: the missing Telegram factor is asked for on the app's login page, which has the Telegram login
			.exceptionHandling((exceptions) -> exceptions.defaultDeniedHandlerForMissingAuthority(
					new LoginUrlAuthenticationEntryPoint("/login"), "FACTOR_TELEGRAM"))
			// added: Telegram login, configured by the tglogin.* properties
			.with(telegramLogin(), telegramLogin);
		return http.build();
	}

}
