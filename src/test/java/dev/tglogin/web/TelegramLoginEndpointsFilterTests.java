package dev.tglogin.web;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpMethod;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.TestingAuthenticationProvider;
import org.springframework.security.web.util.matcher.RequestMatcher;

import dev.tglogin.web.miniapp.MiniAppLoginFilter;

import static org.assertj.core.api.Assertions.assertThat;

class TelegramLoginEndpointsFilterTests {

	private final List<String> calls = new ArrayList<>();

	@Test
	void doFilterWhenNoEndpointMatchesThenTheRequestPassesOnWithoutEnteringAnyEndpointFilter() throws Exception {
		TelegramLoginEndpointsFilter endpoints = new TelegramLoginEndpointsFilter();
		endpoints.addFilter(new Recording("start", EndpointMatcher.of(HttpMethod.POST, "/login/telegram/start")));
		endpoints.addFilter(new Recording("page", EndpointMatcher.of(HttpMethod.GET, "/login/telegram")));
		MockFilterChain rest = new MockFilterChain();

		endpoints.doFilter(new MockHttpServletRequest("GET", "/"), new MockHttpServletResponse(), rest);

		assertThat(this.calls).containsExactly("start?", "page?");
		assertThat(rest.getRequest()).isNotNull();
	}

	@Test
	void doFilterWhenOneEndpointMatchesThenEveryEndpointFilterRunsInOrderAndTheChainGoesOn() throws Exception {
		TelegramLoginEndpointsFilter endpoints = new TelegramLoginEndpointsFilter();
		endpoints.addFilter(new Recording("start", EndpointMatcher.of(HttpMethod.POST, "/login/telegram/start")));
		endpoints.addFilter(new Recording("status", EndpointMatcher.of(HttpMethod.POST, "/login/telegram/status")));
		endpoints.addFilter(new Recording("proof", EndpointMatcher.of(HttpMethod.POST, "/login/telegram/proof")));
		MockFilterChain rest = new MockFilterChain();
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/login/telegram/status");

		endpoints.doFilter(request, new MockHttpServletResponse(), rest);

		// looked until one matched, then each filter in turn (the recording filters all pass the request on)
		assertThat(this.calls).containsExactly("start?", "status?", "start", "status", "proof");
		assertThat(rest.getRequest()).isSameAs(request);
	}

	@Test
	void doFilterWhenTheFiltersOfferTheirMatchersThenOneFirstLookDecidesWithoutAskingThem() throws Exception {
		Recording start = offering("start", HttpMethod.POST, "/login/telegram/start");
		Recording page = offering("page", HttpMethod.GET, "/login/telegram");
		Recording asked = new Recording("proof", EndpointMatcher.of(HttpMethod.POST, "/login/telegram/proof"));
		TelegramLoginEndpointsFilter endpoints = new TelegramLoginEndpointsFilter();
		endpoints.addFilter(start);
		endpoints.addFilter(asked);
		endpoints.addFilter(page);

		MockFilterChain restOfOther = new MockFilterChain();
		endpoints.doFilter(new MockHttpServletRequest("GET", "/"), new MockHttpServletResponse(), restOfOther);
		List<String> other = List.copyOf(this.calls);
		this.calls.clear();
		endpoints.doFilter(new MockHttpServletRequest("GET", "/app/login/telegram/"), new MockHttpServletResponse(),
				new MockFilterChain());
		List<String> pageCalls = List.copyOf(this.calls);

		// only the filter that offers no matcher is asked; the others' matchers are looked at by the gate itself
		assertThat(other).containsExactly("proof?");
		assertThat(restOfOther.getRequest()).isNotNull();
		// a first look may let through what the full matcher then refuses (another base path, a trailing slash)
		assertThat(pageCalls).containsExactly("start", "proof", "page");
	}

	@Test
	void doFilterWhenTheUriIsEscapedThenTheEndpointFiltersDecideThemselves() throws Exception {
		TelegramLoginEndpointsFilter endpoints = new TelegramLoginEndpointsFilter();
		endpoints.addFilter(offering("start", HttpMethod.POST, "/login/telegram/start"));

		endpoints.doFilter(new MockHttpServletRequest("POST", "/login/telegram/%73tart"), new MockHttpServletResponse(),
				new MockFilterChain());
		endpoints.doFilter(new MockHttpServletRequest("POST", "/x;jsessionid=1"), new MockHttpServletResponse(),
				new MockFilterChain());
		endpoints.doFilter(new MockHttpServletRequest("GET", "/login/telegram/%73tart"), new MockHttpServletResponse(),
				new MockFilterChain());

		// %73 is "s", and a path parameter may hide anything: the filter decides; a GET never is a POST endpoint's
		assertThat(this.calls).containsExactly("start", "start");
	}

	@Test
	void doFilterWhenAnEndpointFilterAnswersThenTheChainStopsThere() throws Exception {
		TelegramLoginEndpointsFilter endpoints = new TelegramLoginEndpointsFilter();
		endpoints.addFilter(new Recording("start", EndpointMatcher.of(HttpMethod.POST, "/login/telegram/start")));
		Recording answering = new Recording("status", EndpointMatcher.of(HttpMethod.POST, "/login/telegram/status"));
		answering.answers = true;
		endpoints.addFilter(answering);
		endpoints.addFilter(new Recording("proof", EndpointMatcher.of(HttpMethod.POST, "/login/telegram/proof")));
		MockFilterChain rest = new MockFilterChain();
		MockHttpServletResponse response = new MockHttpServletResponse();

		endpoints.doFilter(new MockHttpServletRequest("POST", "/login/telegram/status"), response, rest);

		assertThat(this.calls).containsExactly("start?", "status?", "start", "status");
		assertThat(response.getStatus()).isEqualTo(204);
		assertThat(rest.getRequest()).isNull();
	}

	@Test
	void doFilterWhenAnAuthenticationFiltersMatcherWasReplacedThenTheGateFollowsIt() throws Exception {
		// the matcher of an AbstractAuthenticationProcessingFilter is set by a final setter the gate cannot see:
		// the filter itself answers for it
		MiniAppLoginFilter exchange = new MiniAppLoginFilter("/login/telegram/miniapp",
				new ProviderManager(new TestingAuthenticationProvider()));
		exchange.setRequiresAuthenticationRequestMatcher(EndpointMatcher.of(HttpMethod.POST, "/app/miniapp"));
		TelegramLoginEndpointsFilter endpoints = new TelegramLoginEndpointsFilter();
		endpoints.addFilter(exchange);

		MockFilterChain restOfOld = new MockFilterChain();
		endpoints.doFilter(new MockHttpServletRequest("POST", "/login/telegram/miniapp"), new MockHttpServletResponse(),
				restOfOld);
		MockFilterChain restOfNew = new MockFilterChain();
		MockHttpServletResponse answered = new MockHttpServletResponse();
		endpoints.doFilter(new MockHttpServletRequest("POST", "/app/miniapp"), answered, restOfNew);

		assertThat(restOfOld.getRequest()).isNotNull();
		assertThat(restOfNew.getRequest()).isNull();
		// no body: the exchange refuses it as a bad request, through its failure handler
		assertThat(answered.getStatus()).isEqualTo(400);
		assertThat(answered.getContentAsString()).contains("invalid_request");
	}

	@Test
	void getFiltersThenTheEndpointFiltersInTheOrderAdded() {
		TelegramLoginEndpointsFilter endpoints = new TelegramLoginEndpointsFilter();
		Recording start = new Recording("start", EndpointMatcher.of(HttpMethod.POST, "/login/telegram/start"));
		Recording status = new Recording("status", EndpointMatcher.of(HttpMethod.POST, "/login/telegram/status"));
		endpoints.addFilter(start);
		endpoints.addFilter(status);

		assertThat(endpoints.getFilters()).containsExactly(start, status);
		assertThat(endpoints).hasToString("TelegramLoginEndpointsFilter[Recording, Recording]");
	}

	private Recording offering(String name, HttpMethod method, String path) {
		Recording filter = new Recording(name, EndpointMatcher.of(method, path));
		filter.offersMatcher = true;
		return filter;
	}

	/** An endpoint filter that records each look and each call, and passes the request on unless it answers. */
	private final class Recording implements Filter, TelegramLoginEndpoint {

		private final String name;

		private final RequestMatcher matcher;

		private boolean answers;

		/** Whether the filter offers its matcher for the gate's first look. */
		private boolean offersMatcher;

		Recording(String name, RequestMatcher matcher) {
			this.name = name;
			this.matcher = matcher;
		}

		@Override
		public boolean matches(HttpServletRequest request, HttpServletResponse response) {
			TelegramLoginEndpointsFilterTests.this.calls.add(this.name + "?");
			return this.matcher.matches(request);
		}

		@Override
		public List<EndpointMatcher> endpointMatchers() {
			return this.offersMatcher ? List.of((EndpointMatcher) this.matcher) : List.of();
		}

		@Override
		public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
				throws IOException, ServletException {
			TelegramLoginEndpointsFilterTests.this.calls.add(this.name);
			if (this.answers) {
				((HttpServletResponse) response).setStatus(204);
				return;
			}
			chain.doFilter(request, response);
		}

	}

}
