package dev.tglogin.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.authority.AuthorityUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link CompletedLogin}.
 */
class CompletedLoginTests {

	private final List<Authentication> succeeded = new ArrayList<>();

	private final List<AuthenticationException> failed = new ArrayList<>();

	@Test
	void answerWhenAuthenticatedThenThroughTheSuccessHandler() throws Exception {
		Authentication authentication = new TestingAuthenticationToken("ann", null,
				AuthorityUtils.createAuthorityList("ROLE_USER"));
		answer(new CompletedLogin.Authenticated(authentication));
		assertThat(this.succeeded).containsExactly(authentication);
		assertThat(this.failed).isEmpty();
	}

	@Test
	void answerWhenRefusedThenThroughTheFailureHandler() throws Exception {
		BadCredentialsException refused = new BadCredentialsException("no");
		answer(new CompletedLogin.Refused(refused));
		assertThat(this.failed).containsExactly(refused);
		assertThat(this.succeeded).isEmpty();
	}

	@Test
	void answerWhenEndedThenItsStatus() throws Exception {
		MockHttpServletResponse response = answer(new CompletedLogin.Ended("cancelled"));
		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(FilterCalls.json(response)).isEqualTo(Map.of("status", "cancelled"));
	}

	@Test
	void authenticatedWhenNotAuthenticatedThenIllegalArgument() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new CompletedLogin.Authenticated(new TestingAuthenticationToken("ann", null)));
	}

	private MockHttpServletResponse answer(CompletedLogin completed) throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		completed.answer(new MockHttpServletRequest(), response, (rq, rs, a) -> this.succeeded.add(a),
				(rq, rs, ex) -> this.failed.add(ex));
		return response;
	}

}
