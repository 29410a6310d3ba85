package dev.tglogin.web;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.Assert;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The base of the filters that answer one endpoint of their own (start, webhook, OTP request, unlink, the page): the
 * endpoint's request matcher, replaceable by one the application's {@code PathPatternRequestMatcher.Builder} made, and
 * the texts of its error messages. Every other request passes on untouched, without the once-per-request
 * bookkeeping.
 * <p>
 * Shared by the filters of the feature packages ({@code dev.tglogin.web.*}); not meant for applications.
 */
public abstract class TelegramEndpointFilter extends OncePerRequestFilter implements TelegramLoginEndpoint {

	private RequestMatcher matcher;

	private TelegramLoginMessages messages = TelegramLoginMessages.library();

	private final AlreadyFilteredAttributeName alreadyFiltered = new AlreadyFilteredAttributeName();

	/**
	 * Creates the filter.
	 * @param matcher the requests of the endpoint
	 */
	protected TelegramEndpointFilter(RequestMatcher matcher) {
		Assert.notNull(matcher, "matcher cannot be null");
		this.matcher = matcher;
	}

	/**
	 * Returns the path given to a filter's constructor, after checking it is not empty.
	 * @param path the path
	 * @param name the constructor parameter's name, for the message
	 * @return the path
	 */
	protected static String requirePath(@Nullable String path, String name) {
		Assert.hasText(path, name + " cannot be empty");
		return path;
	}

	/**
	 * Sets the matcher of the requests this filter answers, e.g. one made by the application's
	 * {@code PathPatternRequestMatcher.Builder}. Defaults to the endpoint's method and the path given to the
	 * constructor. Set it before the filter goes into a {@link TelegramLoginEndpointsFilter}, which reads it then.
	 * @param requestMatcher the matcher
	 */
	public void setRequestMatcher(RequestMatcher requestMatcher) {
		Assert.notNull(requestMatcher, "requestMatcher cannot be null");
		this.matcher = requestMatcher;
	}

	/**
	 * Returns the matcher of the requests this filter answers.
	 * @return the matcher
	 */
	protected final RequestMatcher requestMatcher() {
		return this.matcher;
	}

	/**
	 * Sets the texts of the error messages. Defaults to the library's own ({@link TelegramLoginMessages#library()}).
	 * @param messages the texts, e.g. {@link TelegramLoginMessages#withOverrides} of the app's {@code MessageSource}
	 */
	public void setMessages(TelegramLoginMessages messages) {
		Assert.notNull(messages, "messages cannot be null");
		this.messages = messages;
	}

	/**
	 * Returns the texts of the error messages.
	 * @return the texts
	 */
	protected final TelegramLoginMessages messages() {
		return this.messages;
	}

	/**
	 * Spring's name ({@code <filter name>.FILTERED}), made once instead of for every request that passes the filter
	 * ({@link AlreadyFilteredAttributeName}).
	 */
	@Override
	protected String getAlreadyFilteredAttributeName() {
		return this.alreadyFiltered.of(getFilterName(), getClass());
	}

	/** Whether the request is this endpoint's: its {@linkplain #setRequestMatcher matcher} matches it. */
	@Override
	public final boolean matches(HttpServletRequest request, HttpServletResponse response) {
		return this.matcher.matches(request);
	}

	/** Its matcher, when it is an {@link EndpointMatcher}, as the library's configurers make them. */
	@Override
	public final List<EndpointMatcher> endpointMatchers() {
		return (this.matcher instanceof EndpointMatcher endpoint) ? List.of(endpoint) : List.of();
	}

	/** Every request but this endpoint's passes on untouched (and without the once-per-request bookkeeping). */
	@Override
	protected final boolean shouldNotFilter(HttpServletRequest request) {
		return !this.matcher.matches(request);
	}

}
