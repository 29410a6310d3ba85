package dev.tglogin.web.ui;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpMethod;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import dev.tglogin.web.EndpointMatcher;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TelegramLoginResourceFilter}.
 */
class TelegramLoginResourceFilterTests {

	@Test
	void doFilterWhenScriptRequestedThenServedWithETagAndCaching() throws Exception {
		TelegramLoginResourceFilter filter = new TelegramLoginResourceFilter("/login/telegram");
		MockHttpServletResponse response = get(filter, new MockHttpServletRequest("GET", "/login/telegram/tglogin.js"));
		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(response.getContentType()).isEqualTo("text/javascript;charset=UTF-8");
		assertThat(response.getHeader("Cache-Control")).isEqualTo("public, max-age=3600");
		assertThat(response.getHeader("ETag")).isEqualTo("\"" + TelegramLoginResourceFilter.scriptVersion() + "\"");
		assertThat(response.getContentAsByteArray()).isEqualTo(LoginResource.SCRIPT.content());
		MockHttpServletResponse css = get(filter, new MockHttpServletRequest("GET", "/login/telegram/tglogin.css"));
		assertThat(css.getContentType()).isEqualTo("text/css;charset=UTF-8");
		assertThat(css.getContentAsByteArray()).isEqualTo(LoginResource.STYLE.content());
	}

	@Test
	void doFilterWhenIfNoneMatchesThenNotModifiedWithoutBody() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/login/telegram/tglogin.js");
		request.addHeader("If-None-Match", "\"" + TelegramLoginResourceFilter.scriptVersion() + "\"");
		MockHttpServletResponse response = get(new TelegramLoginResourceFilter("/login/telegram"), request);
		assertThat(response.getStatus()).isEqualTo(304);
		assertThat(response.getContentAsByteArray()).isEmpty();
		MockHttpServletRequest stale = new MockHttpServletRequest("GET", "/login/telegram/tglogin.js");
		stale.addHeader("If-None-Match", "\"000000000000\"");
		assertThat(get(new TelegramLoginResourceFilter("/login/telegram"), stale).getStatus()).isEqualTo(200);
	}

	@Test
	void doFilterWhenAnotherFileThenTheChainGoesOn() throws Exception {
		TelegramLoginResourceFilter filter = new TelegramLoginResourceFilter("/login/telegram");
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/login/telegram/secret.properties");
		MockFilterChain chain = new MockFilterChain();
		filter.doFilter(request, new MockHttpServletResponse(), chain);
		assertThat(chain.getRequest()).isSameAs(request);
	}

	@Test
	void setRequestMatchersWhenSetThenTheirRequestsAreServedAndTheDefaultPathsPassOn() throws Exception {
		TelegramLoginResourceFilter filter = new TelegramLoginResourceFilter("/login/telegram");
		filter.setRequestMatchers(EndpointMatcher.of(HttpMethod.GET, "/app/login/telegram/tglogin.js"),
				EndpointMatcher.of(HttpMethod.GET, "/app/login/telegram/tglogin.css"));

		MockHttpServletResponse script = get(filter, new MockHttpServletRequest("GET", "/app/login/telegram/tglogin.js"));
		MockHttpServletResponse style = get(filter, new MockHttpServletRequest("GET", "/app/login/telegram/tglogin.css"));
		MockFilterChain chain = new MockFilterChain();
		filter.doFilter(new MockHttpServletRequest("GET", "/login/telegram/tglogin.js"), new MockHttpServletResponse(),
				chain);

		assertThat(script.getContentAsByteArray()).isEqualTo(LoginResource.SCRIPT.content());
		assertThat(style.getContentAsByteArray()).isEqualTo(LoginResource.STYLE.content());
		assertThat(chain.getRequest()).isNotNull();
	}

	@Test
	void doFilterWhenOtherRequestsPassThenTheAlreadyFilteredNameIsSpringsAndMadeOnce() throws Exception {
		TelegramLoginResourceFilter filter = new TelegramLoginResourceFilter("/login/telegram");
		filter.setBeanName("resources");
		MockHttpServletRequest other = new MockHttpServletRequest("GET", "/");

		filter.doFilter(other, new MockHttpServletResponse(), new MockFilterChain());
		String name = alreadyFilteredName(filter);

		assertThat(name).isEqualTo("resources.FILTERED");
		assertThat(alreadyFilteredName(filter)).isSameAs(name);
		assertThat(other.getAttribute(name)).isNull();
	}

	/** {@code OncePerRequestFilter#getAlreadyFilteredAttributeName()} (protected, and the filter is final). */
	private static String alreadyFilteredName(TelegramLoginResourceFilter filter) throws Exception {
		java.lang.reflect.Method method = org.springframework.web.filter.OncePerRequestFilter.class
			.getDeclaredMethod("getAlreadyFilteredAttributeName");
		method.setAccessible(true);
		return (String) method.invoke(filter);
	}

	private static MockHttpServletResponse get(jakarta.servlet.Filter filter, MockHttpServletRequest request)
			throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		MockFilterChain chain = new MockFilterChain();
		filter.doFilter(request, response, chain);
		assertThat(chain.getRequest()).as("the endpoint answers itself").isNull();
		return response;
	}

}
