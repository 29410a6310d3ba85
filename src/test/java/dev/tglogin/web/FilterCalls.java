package dev.tglogin.web;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;
import jakarta.servlet.Filter;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

import dev.tglogin.web.link.AccountLinkingUserFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the filters' unit tests share: a request an endpoint answers itself, and its JSON answer.
 */
public final class FilterCalls {

	private FilterCalls() {
	}

	/** Sends a request to a filter that must answer it itself (the chain must not go on). */
	public static MockHttpServletResponse answer(Filter filter, MockHttpServletRequest request) throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		MockFilterChain chain = new MockFilterChain();
		filter.doFilter(request, response, chain);
		assertThat(chain.getRequest()).as("the endpoint answers itself").isNull();
		return response;
	}

	/**
	 * Passes a request through {@link AccountLinkingUserFilter} as the given signed-in user, as the chain does before
	 * the account-linking endpoints.
	 */
	public static MockHttpServletRequest linkingAs(MockHttpServletRequest request, Authentication user) throws Exception {
		SecurityContextHolder.getContext().setAuthentication(user);
		try {
			MockFilterChain chain = new MockFilterChain();
			new AccountLinkingUserFilter("/login/telegram").doFilter(request, new MockHttpServletResponse(), chain);
			assertThat(chain.getRequest()).as("the user may link").isSameAs(request);
			return request;
		}
		finally {
			SecurityContextHolder.clearContext();
		}
	}

	/** The JSON object of an answer. */
	public static Map<String, Object> json(MockHttpServletResponse response) throws Exception {
		return JSONObjectUtils.parse(response.getContentAsString(StandardCharsets.UTF_8));
	}

}
