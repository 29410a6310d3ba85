package dev.tglogin.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpMethod;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TelegramEndpointFilterTests {

	@Test
	void doFilterWhenTheEndpointsRequestThenTheFilterAnswersAndOtherRequestsPassOn() throws Exception {
		Answering filter = new Answering(EndpointMatcher.of(HttpMethod.POST, "/login/telegram/start"));

		MockHttpServletResponse answered = new MockHttpServletResponse();
		MockFilterChain chainOfAnswered = new MockFilterChain();
		filter.doFilter(new MockHttpServletRequest("POST", "/login/telegram/start"), answered, chainOfAnswered);
		MockFilterChain chainOfOther = new MockFilterChain();
		filter.doFilter(new MockHttpServletRequest("GET", "/login/telegram/start"), new MockHttpServletResponse(),
				chainOfOther);

		assertThat(answered.getStatus()).isEqualTo(204);
		assertThat(chainOfAnswered.getRequest()).isNull();
		assertThat(chainOfOther.getRequest()).isNotNull();
	}

	@Test
	void setRequestMatcherWhenSetThenOnlyItsRequestsAreAnswered() throws Exception {
		Answering filter = new Answering(EndpointMatcher.of(HttpMethod.POST, "/login/telegram/start"));
		filter.setRequestMatcher(EndpointMatcher.of(HttpMethod.POST, "/app/login/telegram/start"));

		MockFilterChain chainOfOld = new MockFilterChain();
		filter.doFilter(new MockHttpServletRequest("POST", "/login/telegram/start"), new MockHttpServletResponse(),
				chainOfOld);
		MockHttpServletResponse answered = new MockHttpServletResponse();
		filter.doFilter(new MockHttpServletRequest("POST", "/app/login/telegram/start"), answered,
				new MockFilterChain());

		assertThat(chainOfOld.getRequest()).isNotNull();
		assertThat(answered.getStatus()).isEqualTo(204);
	}

	@Test
	void messagesWhenNotSetThenTheLibrarysAndWhenSetThenThose() {
		Answering filter = new Answering(EndpointMatcher.of(HttpMethod.POST, "/x"));
		TelegramLoginMessages messages = TelegramLoginMessages.library();
		assertThat(filter.texts()).isNotNull();

		filter.setMessages(messages);

		assertThat(filter.texts()).isSameAs(messages);
	}

	@Test
	void requirePathWhenEmptyThenRefusedWithTheParametersName() {
		assertThatIllegalArgumentException().isThrownBy(() -> TelegramEndpointFilter.requirePath(" ", "startPath"))
			.withMessage("startPath cannot be empty");
		assertThat(TelegramEndpointFilter.requirePath("/start", "startPath")).isEqualTo("/start");
	}

	private static final class Answering extends TelegramEndpointFilter {

		Answering(org.springframework.security.web.util.matcher.RequestMatcher matcher) {
			super(matcher);
		}

		TelegramLoginMessages texts() {
			return messages();
		}

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain) {
			response.setStatus(204);
		}

	}

}
