package dev.tglogin.web;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;

import dev.tglogin.core.TelegramAuthenticationToken;
import dev.tglogin.core.TelegramLoginFlow;
import dev.tglogin.core.TelegramUser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TelegramAuthenticationProcessingFilter}'s step-up merge (over HTTP with Spring Security 7's
 * {@code @EnableMultiFactorAuthentication}: {@code StepUpIntegrationTests}).
 */
class TelegramAuthenticationProcessingFilterTests {

	private static final TelegramUser ADA = TelegramUser.withId(TelegramLoginFlow.BONDIFY, "777001").build();

	private static final UserDetails ALICE = User.withUsername("alice").password("{noop}pw").roles("ADMIN").build();

	private final GrantedAuthority oldTelegramFactor = new SimpleGrantedAuthority("FACTOR_TELEGRAM");

	@Test
	void stepUpWhenSameUserThenTheCurrentAuthoritiesAreAddedAndTheNewOnesWin() {
		GrantedAuthority newTelegramFactor = new SimpleGrantedAuthority("FACTOR_TELEGRAM");
		Authentication password = UsernamePasswordAuthenticationToken.authenticated(ALICE, null,
				List.of(new SimpleGrantedAuthority("ROLE_ADMIN"), new SimpleGrantedAuthority("FACTOR_PASSWORD"),
						this.oldTelegramFactor));
		TelegramAuthenticationToken telegram = TelegramAuthenticationToken.authenticated(ALICE, ADA,
				List.of(new SimpleGrantedAuthority("ROLE_ADMIN"), newTelegramFactor));
		telegram.setDetails("details");

		TelegramAuthenticationToken merged = (TelegramAuthenticationToken) TelegramAuthenticationProcessingFilter
			.stepUp(password, telegram);

		assertThat(merged.getAuthorities()).map(GrantedAuthority::getAuthority)
			.containsExactly("ROLE_ADMIN", "FACTOR_TELEGRAM", "FACTOR_PASSWORD");
		// the fresh factor (in Spring Security 7 it carries when it was issued), not the one of an earlier login
		assertThat(merged.getAuthorities()).filteredOn((authority) -> authority.getAuthority().equals("FACTOR_TELEGRAM"))
			.singleElement()
			.isSameAs(newTelegramFactor);
		assertThat(merged.getPrincipal()).isSameAs(ALICE);
		assertThat(merged.getTelegramUser()).isEqualTo(ADA);
		assertThat(merged.getDetails()).isEqualTo("details");
		assertThat(merged.isAuthenticated()).isTrue();
	}

	@Test
	void stepUpWhenAnotherUserOrAnonymousOrNobodyThenTheLoginAsIs() {
		TelegramAuthenticationToken telegram = TelegramAuthenticationToken.authenticated(ALICE, ADA,
				List.of(new SimpleGrantedAuthority("ROLE_ADMIN")));
		Authentication bob = UsernamePasswordAuthenticationToken.authenticated("bob", null,
				List.of(new SimpleGrantedAuthority("FACTOR_PASSWORD")));
		Authentication anonymous = new AnonymousAuthenticationToken("key", "alice",
				AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));

		assertThat(TelegramAuthenticationProcessingFilter.stepUp(bob, telegram)).isSameAs(telegram);
		assertThat(TelegramAuthenticationProcessingFilter.stepUp(anonymous, telegram)).isSameAs(telegram);
		assertThat(TelegramAuthenticationProcessingFilter.stepUp(null, telegram)).isSameAs(telegram);
	}

}
