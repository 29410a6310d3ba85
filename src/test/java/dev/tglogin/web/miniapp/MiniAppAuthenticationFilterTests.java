package dev.tglogin.web.miniapp;

import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;

import dev.tglogin.core.TelegramAuthenticationToken;
import dev.tglogin.core.TelegramLoginFlow;
import dev.tglogin.core.TelegramUser;
import dev.tglogin.miniapp.InvalidInitDataException;
import dev.tglogin.miniapp.MiniAppAuthenticationToken;
import dev.tglogin.web.FilterCalls;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MiniAppAuthenticationFilter}.
 */
class MiniAppAuthenticationFilterTests {

	private static final String INIT_DATA = "user=%7B%22id%22%3A7%7D&auth_date=1&hash=abc";

	private final AtomicReference<MiniAppAuthenticationToken> asked = new AtomicReference<>();

	private final AtomicReference<Authentication> seenByTheApp = new AtomicReference<>();

	private final AuthenticationManager accepting = (authentication) -> {
		this.asked.set((MiniAppAuthenticationToken) authentication);
		TelegramUser user = TelegramUser.withId(TelegramLoginFlow.MINI_APP, "7").displayName("Ann").build();
		return TelegramAuthenticationToken.authenticated(user, user, AuthorityUtils.createAuthorityList("ROLE_USER"));
	};

	@AfterEach
	void clearContext() {
		SecurityContextHolder.clearContext();
	}

	@Test
	void doFilterWhenTmaAuthorizationAcceptedThenAuthenticatedForThisRequestOnly() throws Exception {
		MockHttpServletRequest request = request("tma " + INIT_DATA);
		MockFilterChain chain = chain();
		new MiniAppAuthenticationFilter(this.accepting).doFilter(request, new MockHttpServletResponse(), chain);
		assertThat(chain.getRequest()).isNotNull();
		assertThat(this.seenByTheApp.get()).isInstanceOf(TelegramAuthenticationToken.class);
		assertThat(this.asked.get().isSessionExchange()).isFalse();
		assertThat(this.asked.get().getCredentials()).isEqualTo(INIT_DATA);
		assertThat(request.getSession(false)).as("nothing in an HTTP session").isNull();
		assertThat(new RequestAttributeSecurityContextRepository().containsContext(request)).isTrue();
	}

	@Test
	void doFilterWhenSchemeInOtherCaseThenAccepted() throws Exception {
		MockFilterChain chain = chain();
		new MiniAppAuthenticationFilter(this.accepting).doFilter(request("TMA " + INIT_DATA),
				new MockHttpServletResponse(), chain);
		assertThat(this.seenByTheApp.get()).isNotNull();
	}

	@Test
	void doFilterWhenInitDataRefusedThenUnauthorizedWithChallengeAndTheAppNeverRuns() throws Exception {
		MiniAppAuthenticationFilter filter = new MiniAppAuthenticationFilter((authentication) -> {
			throw new InvalidInitDataException("expired", "The init data has expired; reopen the Mini App");
		});
		MockHttpServletResponse response = FilterCalls.answer(filter, request("tma " + INIT_DATA));
		assertThat(response.getStatus()).isEqualTo(401);
		assertThat(response.getHeader("WWW-Authenticate")).isEqualTo("tma");
		assertThat(FilterCalls.json(response)).containsEntry("error", "invalid_init_data");
		assertThat(SecurityContextHolder.getContext().getAuthentication()).isNull();
	}

	@Test
	void doFilterWhenTmaWithoutInitDataThenUnauthorizedAndTheManagerIsNotAsked() throws Exception {
		for (String header : new String[] { "tma", "tma ", "tma    " }) {
			MockHttpServletResponse response = FilterCalls.answer(new MiniAppAuthenticationFilter(this.accepting),
					request(header));
			assertThat(response.getStatus()).isEqualTo(401);
		}
		assertThat(this.asked.get()).isNull();
	}

	@Test
	void doFilterWhenOtherOrNoAuthorizationThenPassesThroughUntouched() throws Exception {
		for (String header : new String[] { null, "Bearer abc", "tmax abc", "Basic dG1hOg==" }) {
			MockFilterChain chain = chain();
			new MiniAppAuthenticationFilter(this.accepting).doFilter(request(header), new MockHttpServletResponse(),
					chain);
			assertThat(chain.getRequest()).isNotNull();
		}
		assertThat(this.asked.get()).isNull();
		assertThat(this.seenByTheApp.get()).isNull();
	}

	@Test
	void tmaRequestWhenHeaderThenMatchesOnlyTheTmaScheme() {
		assertThat(MiniAppAuthenticationFilter.TMA_REQUEST.matches(request("tma " + INIT_DATA))).isTrue();
		assertThat(MiniAppAuthenticationFilter.TMA_REQUEST.matches(request("Bearer x"))).isFalse();
		assertThat(MiniAppAuthenticationFilter.TMA_REQUEST.matches(request(null))).isFalse();
	}

	private MockFilterChain chain() {
		return new MockFilterChain(new jakarta.servlet.http.HttpServlet() {

			@Override
			protected void service(jakarta.servlet.http.HttpServletRequest req,
					jakarta.servlet.http.HttpServletResponse res) {
				MiniAppAuthenticationFilterTests.this.seenByTheApp
					.set(SecurityContextHolder.getContext().getAuthentication());
			}

		});
	}

	private static MockHttpServletRequest request(String authorization) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/profile");
		if (authorization != null) {
			request.addHeader("Authorization", authorization);
		}
		return request;
	}

}
