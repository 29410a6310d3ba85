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
	void doFilterWhenOtherRequestsPassThenTheAlreadyFilteredNameIsSpringsAndMadeOnce() throws Exception {
		Answering filter = new Answering(EndpointMatcher.of(HttpMethod.POST, "/login/telegram/start"));
		filter.setBeanName("startFilter");
		MockHttpServletRequest other = new MockHttpServletRequest("GET", "/");

		filter.doFilter(other, new MockHttpServletResponse(), new MockFilterChain());
		String name = filter.alreadyFilteredName();
		filter.doFilter(other, new MockHttpServletResponse(), new MockFilterChain());

		assertThat(name).isEqualTo("startFilter.FILTERED");
		assertThat(filter.alreadyFilteredName()).isSameAs(name);
		assertThat(other.getAttribute(name)).isNull();
		filter.setBeanName("renamed");
		assertThat(filter.alreadyFilteredName()).isEqualTo("renamed.FILTERED");
	}

	@Test
	void doFilterWhenTheEndpointsRequestComesAgainInItsChainThenAnsweredOnce() throws Exception {
		java.util.concurrent.atomic.AtomicInteger answers = new java.util.concurrent.atomic.AtomicInteger();
		TelegramEndpointFilter filter = new TelegramEndpointFilter(EndpointMatcher.of(HttpMethod.POST, "/x")) {

			@Override
			protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
					FilterChain chain) throws java.io.IOException, jakarta.servlet.ServletException {
				answers.incrementAndGet();
				chain.doFilter(request, response);
			}

		};
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/x");
		MockFilterChain inner = new MockFilterChain();

		filter.doFilter(request, new MockHttpServletResponse(),
				(req, res) -> filter.doFilter(req, res, inner));

		assertThat(answers).hasValue(1);
		assertThat(inner.getRequest()).isSameAs(request);
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

		String alreadyFilteredName() {
			return getAlreadyFilteredAttributeName();
		}

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain) {
			response.setStatus(204);
		}

	}

}
