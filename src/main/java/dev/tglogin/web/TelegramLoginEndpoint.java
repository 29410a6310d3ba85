package dev.tglogin.web;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * A login filter that acts only on the requests of its own endpoint, and can say so before it is invoked, by its own
 * request matcher (whatever the application set): for every request, {@link TelegramLoginEndpointsFilter} looks at the
 * {@link #endpointMatchers} it offers or else asks it, and invokes the endpoint filters only when one of them may
 * {@link #matches match} the request.
 * <p>
 * Shared by the filters of the feature packages ({@code dev.tglogin.web.*}); not meant for applications.
 */
public interface TelegramLoginEndpoint {

	/**
	 * Returns whether the request is for this filter's endpoint; {@code false} promises that the filter would pass the
	 * request on untouched. Cheap for unrelated requests (see {@link EndpointMatcher}), and free of side effects.
	 * @param request the request
	 * @param response the response
	 * @return whether the filter may act on the request
	 */
	boolean matches(HttpServletRequest request, HttpServletResponse response);

	/**
	 * Returns this filter's request matchers when each is an {@link EndpointMatcher}, so that
	 * {@link TelegramLoginEndpointsFilter} can take one first look at a request for all of them (its method and URI
	 * read once) instead of asking {@link #matches}; empty when it must ask. Read when the filter is added to it.
	 * @return the matchers, or an empty list
	 */
	default List<EndpointMatcher> endpointMatchers() {
		return List.of();
	}

}
