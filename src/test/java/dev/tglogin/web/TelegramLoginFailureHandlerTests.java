package dev.tglogin.web;

import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.context.support.StaticMessageSource;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;

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

	@Test
	void onAuthenticationFailureWhenRequestInRussianThenRussianMessageAndTheSameCode() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.addPreferredLocale(Locale.forLanguageTag("ru"));
		MockHttpServletResponse response = new MockHttpServletResponse();
		new TelegramLoginFailureHandler().onAuthenticationFailure(request, response,
				new InvalidProofException("expired", "Proof expired"));
		assertThat(json(response)).containsEntry("error", "invalid_proof")
			.containsEntry("message", "Подтверждение входа из Telegram не принято");
	}

	@Test
	void onAuthenticationFailureWhenAppTextsSetThenTheirMessage() throws Exception {
		StaticMessageSource app = new StaticMessageSource();
		app.addMessage("tglogin.error.login_refused", Locale.ENGLISH, "Ask the admin for access");
		TelegramLoginFailureHandler handler = new TelegramLoginFailureHandler();
		handler.setMessages(TelegramLoginMessages.withOverrides(app));
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.addPreferredLocale(Locale.ENGLISH);
		MockHttpServletResponse response = new MockHttpServletResponse();
		handler.onAuthenticationFailure(request, response, new BadCredentialsException("no"));
		assertThat(json(response)).containsEntry("error", "login_refused")
			.containsEntry("message", "Ask the admin for access");
	}

	private static Map<String, Object> json(MockHttpServletResponse response) throws Exception {
		return FilterCalls.json(response);
	}

}
