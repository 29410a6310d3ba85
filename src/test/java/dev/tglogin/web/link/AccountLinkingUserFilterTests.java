package dev.tglogin.web.link;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.RememberMeAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;

import dev.tglogin.core.TelegramAuthenticationToken;
import dev.tglogin.core.TelegramLoginFlow;
import dev.tglogin.core.TelegramUser;
import dev.tglogin.web.FilterCalls;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AccountLinkingUserFilter}.
 */
class AccountLinkingUserFilterTests {

	private final AccountLinkingUserFilter filter = new AccountLinkingUserFilter("/login/telegram");

	@AfterEach
	void clear() {
		SecurityContextHolder.clearContext();
	}

	@Test
	void doFilterWhenLocalUserThenTheChainGoesOnWithTheLinkingUser() throws Exception {
		Authentication alice = UsernamePasswordAuthenticationToken.authenticated("alice", null, List.of());
		for (String path : List.of("/login/telegram/link/start", "/login/telegram/link/otp/verify",
				"/login/telegram/unlink", "/login/telegram/links")) {
			MockHttpServletRequest request = new MockHttpServletRequest("POST", path);
			SecurityContextHolder.getContext().setAuthentication(alice);
			MockFilterChain chain = new MockFilterChain();
			this.filter.doFilter(request, new MockHttpServletResponse(), chain);
			assertThat(chain.getRequest()).as(path).isSameAs(request);
			assertThat(AccountLinkingUserFilter.linkingUser(request)).as(path).isSameAs(alice);
		}
	}

	@Test
	void doFilterWhenNobodyOrAnonymousThenUnauthorized() throws Exception {
		MockHttpServletResponse nobody = FilterCalls.answer(this.filter,
				new MockHttpServletRequest("POST", "/login/telegram/link/start"));
		assertThat(nobody.getStatus()).isEqualTo(401);
		assertThat(FilterCalls.json(nobody)).containsEntry("error", "authentication_required");
		SecurityContextHolder.getContext()
			.setAuthentication(new AnonymousAuthenticationToken("key", "anonymousUser",
					AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS")));
		MockHttpServletResponse anonymous = FilterCalls.answer(this.filter,
				new MockHttpServletRequest("POST", "/login/telegram/link/start"));
		assertThat(anonymous.getStatus()).isEqualTo(401);
	}

	@Test
	void doFilterWhenOnlyRememberedThenUnauthorized() throws Exception {
		SecurityContextHolder.getContext()
			.setAuthentication(new RememberMeAuthenticationToken("key", "alice",
					AuthorityUtils.createAuthorityList("ROLE_USER")));
		MockHttpServletResponse response = FilterCalls.answer(this.filter,
				new MockHttpServletRequest("POST", "/login/telegram/link/start"));
		assertThat(response.getStatus()).isEqualTo(401);
		assertThat(FilterCalls.json(response)).containsEntry("error", "authentication_required");
	}

	@Test
	void doFilterWhenSignedInWithTelegramOnlyThenForbidden() throws Exception {
		TelegramUser telegram = TelegramUser.withId(TelegramLoginFlow.BONDIFY, "42").build();
		SecurityContextHolder.getContext()
			.setAuthentication(TelegramAuthenticationToken.authenticated(telegram, telegram, List.of()));
		MockHttpServletResponse response = FilterCalls.answer(this.filter,
				new MockHttpServletRequest("POST", "/login/telegram/link/start"));
		assertThat(response.getStatus()).isEqualTo(403);
		assertThat(FilterCalls.json(response)).containsEntry("error", "local_account_required");
	}

	@Test
	void isLocalUserSignedInNowWhenPasswordLoginThenTrueElseFalse() {
		TelegramUser telegram = TelegramUser.withId(TelegramLoginFlow.BONDIFY, "42").build();
		assertThat(AccountLinkingUserFilter.isLocalUserSignedInNow(
				UsernamePasswordAuthenticationToken.authenticated("alice", null, List.of()))).isTrue();
		assertThat(AccountLinkingUserFilter.isLocalUserSignedInNow(null)).isFalse();
		assertThat(AccountLinkingUserFilter.isLocalUserSignedInNow(new RememberMeAuthenticationToken(
				"key", "alice", AuthorityUtils.createAuthorityList("ROLE_USER")))).isFalse();
		assertThat(AccountLinkingUserFilter.isLocalUserSignedInNow(
				TelegramAuthenticationToken.authenticated(telegram, telegram, List.of()))).isFalse();
	}

	@Test
	void doFilterWhenAnotherPathThenTheChainGoesOnWithoutLinkingUser() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/login/telegram/start");
		MockFilterChain chain = new MockFilterChain();
		this.filter.doFilter(request, new MockHttpServletResponse(), chain);
		assertThat(chain.getRequest()).isSameAs(request);
		assertThat(AccountLinkingUserFilter.linkingUser(request)).isNull();
	}

}
