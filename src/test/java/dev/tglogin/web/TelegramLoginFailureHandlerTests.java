package dev.tglogin.web;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.AuthenticationServiceException;

import dev.tglogin.bondify.InvalidProofException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TelegramLoginFailureHandler}.
 */
class TelegramLoginFailureHandlerTests {

	@Test
	void onAuthenticationFailureWhenRefusedThenTheErrorContractNeverARedirect() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		new TelegramLoginFailureHandler().onAuthenticationFailure(new MockHttpServletRequest(), response,
				new InvalidProofException("expired", "Proof expired at 10:00 for sess_x"));
		assertThat(response.getStatus()).isEqualTo(401);
		assertThat(response.getRedirectedUrl()).isNull();
		assertThat(json(response)).containsEntry("error", "invalid_proof");
		assertThat(response.getContentAsString()).doesNotContain("sess_x");
	}

	@Test
	void onAuthenticationFailureWhenTransientThenServiceUnavailableWithoutTheCause() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		new TelegramLoginFailureHandler().onAuthenticationFailure(new MockHttpServletRequest(), response,
				new AuthenticationServiceException("jdbc:postgresql://db.internal/users timed out"));
		assertThat(response.getStatus()).isEqualTo(503);
		assertThat(json(response)).containsEntry("error", "login_unavailable");
		assertThat(response.getContentAsString()).doesNotContain("db.internal");
	}

	private static Map<String, Object> json(MockHttpServletResponse response) throws Exception {
		return FilterCalls.json(response);
	}

}
