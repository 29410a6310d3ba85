package dev.tglogin.web.bondify;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

import dev.tglogin.bondify.BondifyLoginState;
import dev.tglogin.core.TelegramLoginEndedEvent;
import dev.tglogin.core.TelegramLoginFlow;
import dev.tglogin.core.UpstreamTimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link BondifyStatusAnswers}.
 */
class BondifyStatusAnswersTests {

	private final MockHttpServletRequest request = new MockHttpServletRequest();

	private final MockHttpServletResponse response = new MockHttpServletResponse();

	private final List<AuthenticationException> failures = new ArrayList<>();

	private final AuthenticationFailureHandler failureHandler = (request, response, ex) -> this.failures.add(ex);

	@Test
	void undecidedWhenPendingThenPendingJson() throws Exception {
		BondifyStatusAnswers.undecided(BondifyLoginState.PENDING, this.request, this.response, this.failureHandler);
		assertThat(this.response.getStatus()).isEqualTo(200);
		assertThat(this.response.getContentAsString()).isEqualTo("{\"status\":\"pending\"}");
		assertThat(this.failures).isEmpty();
	}

	@Test
	void undecidedWhenUpstreamFailedThenTheFailureHandlerAnswers() throws Exception {
		UpstreamTimeoutException timeout = new UpstreamTimeoutException("bondify", "slow", null);
		BondifyStatusAnswers.undecided(new BondifyLoginState.Failed(timeout), this.request, this.response,
				this.failureHandler);
		assertThat(this.failures).containsExactly(timeout);
		assertThat(this.response.getContentAsString()).isEmpty();
	}

	@Test
	void endedWhenPublisherThenEventAndStatusJson() throws Exception {
		List<Object> events = new ArrayList<>();
		BondifyStatusAnswers.ended("cancelled", "details", events::add, this.response);
		assertThat(events).singleElement().isInstanceOfSatisfying(TelegramLoginEndedEvent.class, (event) -> {
			assertThat(event.getSource()).isEqualTo("details");
			assertThat(event.getFlow()).isEqualTo(TelegramLoginFlow.BONDIFY);
			assertThat(event.getOutcome()).isEqualTo("cancelled");
		});
		assertThat(this.response.getContentAsString()).isEqualTo("{\"status\":\"cancelled\"}");
	}

	@Test
	void endedWhenNoPublisherThenStatusJsonOnly() throws Exception {
		BondifyStatusAnswers.ended("expired", "details", null, this.response);
		assertThat(this.response.getStatus()).isEqualTo(200);
		assertThat(this.response.getContentAsString()).isEqualTo("{\"status\":\"expired\"}");
	}

}
