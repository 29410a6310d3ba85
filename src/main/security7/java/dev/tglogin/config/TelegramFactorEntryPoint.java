package dev.tglogin.config;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.ExceptionHandlingConfigurer;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.util.ClassUtils;

import dev.tglogin.core.TelegramFactor;

/**
 * Sends a signed-in user who lacks {@code FACTOR_TELEGRAM} to the Telegram login, as Spring Security 7's
 * one-time-token login does for {@code FACTOR_OTT}. Spring Security 7's version of this class (in
 * {@code src/main/security7}; the 6.5 build compiles {@code src/main/security6}'s, which does nothing): its Spring
 * Security 7 call runs only when that API is present, so the jar built here also runs on 6.5.
 */
final class TelegramFactorEntryPoint {

	private static final boolean SUPPORTED = ClassUtils.isPresent(
			"org.springframework.security.web.access.DelegatingMissingAuthorityAccessDeniedHandler",
			TelegramFactorEntryPoint.class.getClassLoader());

	private TelegramFactorEntryPoint() {
	}

	/**
	 * Registers the entry point for a missing {@code FACTOR_TELEGRAM}.
	 * @param exceptions the exception handling of the chain
	 * @param entryPoint the Telegram login's entry point
	 */
	static void register(ExceptionHandlingConfigurer<HttpSecurity> exceptions, AuthenticationEntryPoint entryPoint) {
		if (SUPPORTED) {
			exceptions.defaultDeniedHandlerForMissingAuthority(entryPoint, TelegramFactor.AUTHORITY);
		}
	}

}
