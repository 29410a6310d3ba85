package dev.tglogin.config;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.ExceptionHandlingConfigurer;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * Spring Security 6.5's version of {@code src/main/security7}'s class of the same name: 6.5 has no factors, so there
 * is nothing to register. Compiled by the spring-boot-3 profile only.
 */
final class TelegramFactorEntryPoint {

	private TelegramFactorEntryPoint() {
	}

	static void register(ExceptionHandlingConfigurer<HttpSecurity> exceptions, AuthenticationEntryPoint entryPoint) {
	}

}
