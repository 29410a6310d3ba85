package dev.tglogin.examples.existing;

import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

import dev.tglogin.autoconfigure.TelegramLoginCustomizer;

import static dev.tglogin.config.TelegramLoginConfigurer.telegramLogin;

/**
 * The app's security as it was (a public home page and health endpoint, a page for users, a page for admins, its own
 * login form and its users), plus the one line that adds Telegram login.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http, TelegramLoginCustomizer telegramLogin)
			throws Exception {
		http.authorizeHttpRequests((authorize) -> authorize
				.requestMatchers("/", "/app.css", "/error").permitAll()
				.requestMatchers(EndpointRequest.to("health")).permitAll()
				.requestMatchers("/admin/**").hasRole("ADMIN")
				.anyRequest().hasRole("USER"))
			.formLogin((form) -> form.loginPage("/login").defaultSuccessUrl("/account").permitAll())
			.logout((logout) -> logout.logoutSuccessUrl("/login?logout"))
			// added: Telegram login, configured by the tglogin.* properties
			.with(telegramLogin(), telegramLogin);
		return http.build();
	}

	/** The app's users (a database in a real app): alice is a user, root a user and an admin. */
	@Bean
	UserDetailsService userDetailsService() {
		PasswordEncoder passwords = PasswordEncoderFactories.createDelegatingPasswordEncoder();
		return new InMemoryUserDetailsManager(
				User.withUsername("alice").password(passwords.encode("alice-password")).roles("USER").build(),
				User.withUsername("root").password(passwords.encode("root-password")).roles("USER", "ADMIN").build());
	}

}
