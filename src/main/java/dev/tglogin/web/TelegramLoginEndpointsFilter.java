package dev.tglogin.web;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.util.Assert;

/**
 * The login endpoints' filters ({@link TelegramLoginEndpoint}) as one filter of the application's
 * {@code SecurityFilterChain}: a request that none of them {@link TelegramLoginEndpoint#matches matches} passes on at
 * once; any other goes through all of them in order, as if each were in the chain at this filter's place, and then on
 * down the chain (unless one of them answered it).
 * <p>
 * Almost no request of an application is for a login endpoint, and each filter in a chain costs every request its
 * step through the chain and its own look at the request (Spring's once-per-request bookkeeping, its matcher). Behind
 * this filter, an unrelated request pays one step and one first look: the request's method and URI are read once and
 * compared with every {@link EndpointMatcher} the endpoints {@linkplain TelegramLoginEndpoint#endpointMatchers offer}
 * (the matcher's own first look, which never turns away a request the matcher would accept), and only the endpoints
 * with another matcher (an {@code AbstractAuthenticationProcessingFilter}'s, which it does not expose) are asked. On
 * the bench, about a sixth of what the same filters cost in the chain one by one (docs/benchmarks.md, section 7).
 * Each endpoint still has a filter of its own, post-processed as before; {@link #getFilters()} lists them.
 * <p>
 * Thread-safe once configured: the configurers {@linkplain #addFilter add} the filters while the chain is built, each
 * with its matchers set (they are read when it is added).
 */
public final class TelegramLoginEndpointsFilter implements Filter {

	private volatile Filter[] filters = new Filter[0];

	/** The endpoints' matchers known to be {@link EndpointMatcher}s: one first look at a request for all. */
	private volatile EndpointMatcher[] firstLooks = new EndpointMatcher[0];

	/** The endpoints whose matchers are not known: each is asked. */
	private volatile TelegramLoginEndpoint[] asked = new TelegramLoginEndpoint[0];

	/**
	 * Adds an endpoint's filter after those added before.
	 * @param filter the filter
	 * @param <F> the filter's type
	 */
	public synchronized <F extends Filter & TelegramLoginEndpoint> void addFilter(F filter) {
		Assert.notNull(filter, "filter cannot be null");
		Filter[] more = Arrays.copyOf(this.filters, this.filters.length + 1);
		more[more.length - 1] = filter;
		List<EndpointMatcher> matchers = filter.endpointMatchers();
		if (matchers.isEmpty()) {
			TelegramLoginEndpoint[] moreAsked = Arrays.copyOf(this.asked, this.asked.length + 1);
			moreAsked[moreAsked.length - 1] = filter;
			this.asked = moreAsked;
		}
		else {
			EndpointMatcher[] moreLooks = Arrays.copyOf(this.firstLooks, this.firstLooks.length + matchers.size());
			for (int i = 0; i < matchers.size(); i++) {
				moreLooks[this.firstLooks.length + i] = matchers.get(i);
			}
			this.firstLooks = moreLooks;
		}
		this.filters = more;
	}

	/**
	 * Returns the endpoints' filters, in the order they run.
	 * @return the filters
	 */
	public List<Filter> getFilters() {
		return List.of(this.filters);
	}

	@Override
	public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
			throws IOException, ServletException {
		HttpServletRequest request = (HttpServletRequest) req;
		HttpServletResponse response = (HttpServletResponse) res;
		if (mayMatch(request, response)) {
			new Endpoints(this.filters, chain).doFilter(request, response);
			return;
		}
		chain.doFilter(request, response);
	}

	/** Whether an endpoint may match: {@code false} only when none of them would. */
	private boolean mayMatch(HttpServletRequest request, HttpServletResponse response) {
		EndpointMatcher[] looks = this.firstLooks;
		if (looks.length > 0) {
			String method = request.getMethod();
			String uri = EndpointMatcher.plainUri(request);
			for (EndpointMatcher look : looks) {
				if (look.mayMatch(method, uri)) {
					return true;
				}
			}
		}
		for (TelegramLoginEndpoint endpoint : this.asked) {
			if (endpoint.matches(request, response)) {
				return true;
			}
		}
		return false;
	}

	@Override
	public String toString() {
		return "TelegramLoginEndpointsFilter"
				+ Arrays.stream(this.filters).map((filter) -> filter.getClass().getSimpleName()).toList();
	}

	/** The endpoints' filters, one after the other, then the rest of the application's chain. */
	private static final class Endpoints implements FilterChain {

		private final Filter[] filters;

		private final FilterChain rest;

		private int next;

		private Endpoints(Filter[] filters, FilterChain rest) {
			this.filters = filters;
			this.rest = rest;
		}

		@Override
		public void doFilter(ServletRequest request, ServletResponse response) throws IOException, ServletException {
			if (this.next == this.filters.length) {
				this.rest.doFilter(request, response);
				return;
			}
			this.filters[this.next++].doFilter(request, response, this);
		}

	}

}
