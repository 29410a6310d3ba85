package dev.tglogin.config;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextImpl;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DetachedSecurityContextHolderStrategy}.
 */
class DetachedSecurityContextHolderStrategyTests {

	@AfterEach
	void clear() {
		SecurityContextHolder.clearContext();
	}

	@Test
	void setAndClearWhenUsedByALoginFilterThenTheRequestsContextIsUntouched() {
		Authentication alice = UsernamePasswordAuthenticationToken.authenticated("alice", null, List.of());
		SecurityContextHolder.getContext().setAuthentication(alice);
		DetachedSecurityContextHolderStrategy detached = new DetachedSecurityContextHolderStrategy();

		SecurityContext context = detached.createEmptyContext();
		context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated("telegram", null, List.of()));
		detached.setContext(context);
		detached.setDeferredContext(() -> context);
		assertThat(SecurityContextHolder.getContext().getAuthentication()).isSameAs(alice);
		detached.clearContext();
		assertThat(SecurityContextHolder.getContext().getAuthentication()).isSameAs(alice);
		assertThat(detached.getContext().getAuthentication()).isNull();
		assertThat(detached.getDeferredContext().get()).isEqualTo(new SecurityContextImpl());
	}

}
