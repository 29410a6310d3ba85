package dev.tglogin.config;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.ExceptionHandlingConfigurer;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.util.ClassUtils;

import dev.tglogin.core.TelegramFactor;

/**
 * Sends a signed-in user who lacks {@code FACTOR_TELEGRAM} to the Telegram login, as Spring Security 7's
 * one-time-token login does for {@code FACTOR_OTT}. The jar is built on Spring Security 7 and runs on 6.5 too: the
 * Spring Security 7 call runs only when that API is present; on 6.5, which has no factors, there is nothing to
 * register.
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
