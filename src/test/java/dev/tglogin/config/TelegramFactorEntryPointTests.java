package dev.tglogin.config;

import org.junit.jupiter.api.Test;
import org.mockito.invocation.Invocation;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.ExceptionHandlingConfigurer;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mockingDetails;
import static org.mockito.Mockito.spy;

/**
 * {@link TelegramFactorEntryPoint} on the Spring Security generation the tests run on: on 7 it registers the Telegram
 * login for a missing {@code FACTOR_TELEGRAM}; on 6.5 (the spring-boot-3 leg, running the jar built on 7) it calls
 * nothing, and fails if its Spring Security 7 call ran unguarded ({@code NoSuchMethodError}). Names the 7-only method
 * by string, so that it compiles on both.
 */
class TelegramFactorEntryPointTests {

	private static final boolean SECURITY_7 = ClassUtils.isPresent(
			"org.springframework.security.web.access.DelegatingMissingAuthorityAccessDeniedHandler", null);

	@Test
	void registerWhenThisSpringSecurityHasFactorsThenEntryPointForMissingTelegramFactor() {
		ExceptionHandlingConfigurer<HttpSecurity> exceptions = spy(new ExceptionHandlingConfigurer<>());
		AuthenticationEntryPoint loginPage = new LoginUrlAuthenticationEntryPoint("/login/telegram");
		TelegramFactorEntryPoint.register(exceptions, loginPage);
		var calls = mockingDetails(exceptions).getInvocations()
			.stream()
			.map(Invocation::getMethod)
			.map((method) -> method.getName())
			.toList();
		if (SECURITY_7) {
			assertThat(calls).containsExactly("defaultDeniedHandlerForMissingAuthority");
			Invocation call = mockingDetails(exceptions).getInvocations().iterator().next();
			assertThat(call.getArguments()).containsExactly(loginPage, "FACTOR_TELEGRAM");
		}
		else {
			assertThat(calls).isEmpty();
		}
	}

}
