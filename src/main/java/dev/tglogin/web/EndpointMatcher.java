package dev.tglogin.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpMethod;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.Assert;

/**
 * The request matcher of one login endpoint: a {@link PathPatternRequestMatcher} for the method and path, made by
 * the application's {@link PathPatternRequestMatcher.Builder} (so under its base path, with its parser), after a
 * cheap first look at the request. Internal to the library: its configurers make one for each endpoint.
 * <p>
 * Every request of the application passes every login filter, and almost none of them is for a login endpoint.
 * Spring Security's matcher parses the request path on every call whose method fits (for {@code GET} endpoints that is
 * most of an application's traffic); this one first compares the method and then the raw request URI with the
 * endpoint's path, and asks the full matcher only when the URI may be for the endpoint: when it ends with the path
 * (whatever the context path and the builder's base path before it; ignoring case and one trailing slash, which a
 * builder's parser may accept). The first look never turns away a request the full matcher would accept: a URI with
 * an escaped character ({@code %}) or a path parameter ({@code ;}), which may decode to the path, and an include
 * dispatch (whose path is not the request URI) always go to the full matcher.
 * <p>
 * Shared by the filters of the feature packages ({@code dev.tglogin.web.*}); not meant for applications.
 */
public final class EndpointMatcher implements RequestMatcher {

	private final HttpMethod method;

	private final String path;

	private final RequestMatcher paths;

	private EndpointMatcher(PathPatternRequestMatcher.Builder paths, HttpMethod method, String path) {
		this.method = method;
		this.path = path;
		this.paths = paths.matcher(method, path);
	}

	/**
	 * Returns the matcher of an endpoint, made by {@link PathPatternRequestMatcher#withDefaults()}.
	 * @param method the endpoint's method
	 * @param path the endpoint's path within the application, e.g. {@code /login/telegram/start}
	 * @return the matcher
	 */
	public static EndpointMatcher of(HttpMethod method, String path) {
		return of(PathPatternRequestMatcher.withDefaults(), method, path);
	}

	/**
	 * Returns the matcher of an endpoint, made by the given builder.
	 * @param paths the application's builder
	 * @param method the endpoint's method
	 * @param path the endpoint's path below the builder's base path, e.g. {@code /login/telegram/start}
	 * @return the matcher
	 */
	public static EndpointMatcher of(PathPatternRequestMatcher.Builder paths, HttpMethod method, String path) {
		Assert.notNull(paths, "paths cannot be null");
		Assert.notNull(method, "method cannot be null");
		Assert.isTrue(path != null && path.startsWith("/"), "path must start with /");
		return new EndpointMatcher(paths, method, path);
	}

	@Override
	public boolean matches(HttpServletRequest request) {
		return mayMatch(request) && this.paths.matches(request);
	}

	@Override
	public MatchResult matcher(HttpServletRequest request) {
		return mayMatch(request) ? this.paths.matcher(request) : MatchResult.notMatch();
	}

	private boolean mayMatch(HttpServletRequest request) {
		return this.method.matches(request.getMethod()) && mayMatchPath(plainUri(request));
	}

	/**
	 * Returns the request's URI for {@link #mayMatch(String, String)}, or {@code null} when any endpoint's path may
	 * match it: a URI with an escaped character or a path parameter, an include dispatch, no URI.
	 * @param request the request
	 * @return the URI, or {@code null}
	 */
	static @Nullable String plainUri(HttpServletRequest request) {
		String uri = request.getRequestURI();
		if (uri == null || uri.indexOf('%') >= 0 || uri.indexOf(';') >= 0
				|| request.getDispatcherType() == DispatcherType.INCLUDE) {
			return null;
		}
		return uri;
	}

	/**
	 * The first look: whether a request of this method and URI may be for the endpoint.
	 * @param method the request's method
	 * @param plainUri the request's URI from {@link #plainUri}, {@code null} for one that may be any path
	 * @return {@code false} only when the full matcher would not match
	 */
	boolean mayMatch(String method, @Nullable String plainUri) {
		return this.method.matches(method) && mayMatchPath(plainUri);
	}

	private boolean mayMatchPath(@Nullable String plainUri) {
		if (plainUri == null) {
			return true;
		}
		int end = (plainUri.length() > 1 && plainUri.charAt(plainUri.length() - 1) == '/') ? plainUri.length() - 1
				: plainUri.length();
		int start = end - this.path.length();
		return start >= 0 && plainUri.regionMatches(true, start, this.path, 0, this.path.length());
	}

	@Override
	public String toString() {
		return "EndpointMatcher[" + this.method + " " + this.path + "]";
	}

}
