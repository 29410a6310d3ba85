package dev.tglogin.examples.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

import dev.tglogin.autoconfigure.TelegramLoginCustomizer;

import static dev.tglogin.config.TelegramLoginConfigurer.telegramLogin;

/**
 * The app's own {@code SecurityFilterChain}, because its home page is public (without one, the library's default
 * chain requires login everywhere). Telegram login itself is the one {@code .with(...)} line: the
 * {@link TelegramLoginCustomizer} bean applies the {@code tglogin.*} properties.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http, TelegramLoginCustomizer telegramLogin)
			throws Exception {
		http.authorizeHttpRequests((authorize) -> authorize
				.requestMatchers("/", "/demo.css", "/favicon.ico", "/error").permitAll()
				.anyRequest().authenticated())
			// browsers go to the login page; a client that asks for JSON gets 401 JSON instead of a redirect
			.exceptionHandling((exceptions) -> exceptions
				.defaultAuthenticationEntryPointFor(SecurityConfiguration::unauthorized, jsonRequests()))
			// logout ends on the login page (the library leaves an app's own chain's logout alone)
			.logout((logout) -> logout.logoutSuccessUrl("/login/telegram?logout"))
			.with(telegramLogin(), telegramLogin);
		return http.build();
	}

	private static MediaTypeRequestMatcher jsonRequests() {
		MediaTypeRequestMatcher json = new MediaTypeRequestMatcher(MediaType.APPLICATION_JSON);
		json.setIgnoredMediaTypes(Set.of(MediaType.ALL));
		return json;
	}

	private static void unauthorized(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException ex) throws IOException {
		byte[] body = "{\"error\":\"unauthorized\",\"message\":\"Log in with Telegram first.\"}"
			.getBytes(StandardCharsets.UTF_8);
		response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
	}

}
