package dev.tglogin.config;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.Assert;

import dev.tglogin.web.EndpointMatcher;

/**
 * Where the endpoints are: the request matcher of each endpoint, made by the application's
 * {@link PathPatternRequestMatcher.Builder}, and the path of each endpoint within the context path, for the links and
 * redirects sent to browsers.
 * <p>
 * The builder is the one Spring Security's own login configurers use: on Spring Security 7 the one the
 * {@code HttpSecurity} shares ({@code AbstractHttpConfigurer#getRequestMatcherBuilder()}: Spring MVC's path parser;
 * an app moves it with {@code http.setSharedObject(PathPatternRequestMatcher.Builder.class, ..)}), on Spring Security
 * 6.5, which shares none, the application's unique {@code PathPatternRequestMatcher.Builder} bean, else
 * {@link PathPatternRequestMatcher#withDefaults()}. So the Telegram endpoints stay beside form login's: Spring
 * Security 7.1 keeps its login endpoints off the bean Spring Boot 4 derives from {@code spring.mvc.servlet.path}
 * (spring-security#19128), and so do they. A builder's base path is put before the library's base path:
 * {@code basePath("/app")} serves {@code /login/telegram/start} at {@code /app/login/telegram/start}.
 * <p>
 * This class is immutable.
 */
final class TelegramLoginPaths {

	/** How {@code PathPatternRequestMatcher} (Spring Security 6.5 and 7) names its pattern in {@code toString()}. */
	private static final String PATTERN_PREFIX = "PathPattern [";

	private final PathPatternRequestMatcher.Builder requestMatchers;

	private final String basePath;

	private final String urlPrefix;

	/**
	 * Creates the paths.
	 * @param requestMatchers the builder of the endpoints' matchers
	 * @param basePath the library's base path, e.g. {@code /login/telegram}
	 */
	TelegramLoginPaths(PathPatternRequestMatcher.Builder requestMatchers, String basePath) {
		Assert.notNull(requestMatchers, "requestMatchers cannot be null");
		Assert.isTrue(basePath != null && basePath.startsWith("/"), "basePath must start with /");
		this.requestMatchers = requestMatchers;
		this.basePath = basePath;
		this.urlPrefix = basePathOf(requestMatchers);
	}

	/**
	 * Returns the builder the endpoints' matchers come from: the one the {@code HttpSecurity} shares (Spring Security
	 * 7), else the application's unique bean (as Spring Security 6.5's configurers), else
	 * {@link PathPatternRequestMatcher#withDefaults()}.
	 * @param http the builder of the chain
	 * @return the request matcher builder
	 */
	static PathPatternRequestMatcher.Builder requestMatchers(HttpSecurity http) {
		PathPatternRequestMatcher.Builder shared = http.getSharedObject(PathPatternRequestMatcher.Builder.class);
		if (shared != null) {
			return shared;
		}
		PathPatternRequestMatcher.Builder bean = Collaborators.bean(http.getSharedObject(ApplicationContext.class),
				PathPatternRequestMatcher.Builder.class);
		return (bean != null) ? bean : PathPatternRequestMatcher.withDefaults();
	}

	/**
	 * Returns the matcher of a {@code GET} endpoint.
	 * @param endpoint the endpoint's path below the base path, e.g. {@code /tglogin.js}; empty for the base path
	 * @return the matcher
	 */
	RequestMatcher get(String endpoint) {
		return EndpointMatcher.of(this.requestMatchers, HttpMethod.GET, this.basePath + endpoint);
	}

	/**
	 * Returns the matcher of a {@code POST} endpoint.
	 * @param endpoint the endpoint's path below the base path, e.g. {@code /start}
	 * @return the matcher
	 */
	RequestMatcher post(String endpoint) {
		return EndpointMatcher.of(this.requestMatchers, HttpMethod.POST, this.basePath + endpoint);
	}

	/**
	 * Returns the matcher of requests of any method to a pattern below the base path.
	 * @param pattern the pattern below the base path, e.g. {@code /link/**}
	 * @return the matcher
	 */
	RequestMatcher any(String pattern) {
		return this.requestMatchers.matcher(this.basePath + pattern);
	}

	/**
	 * Returns the path of an endpoint within the context path, as browsers are sent to it: the builder's base path,
	 * the library's base path and the endpoint.
	 * @param endpoint the endpoint's path below the base path, e.g. {@code /start}; empty for the base path
	 * @return the path, e.g. {@code /app/login/telegram/start}
	 */
	String url(String endpoint) {
		return this.urlPrefix + this.basePath + endpoint;
	}

	/**
	 * Returns a builder's base path, which {@code PathPatternRequestMatcher.Builder} does not expose but puts in front
	 * of every pattern (and its matchers name their pattern in {@code toString()}).
	 * @param requestMatchers the builder
	 * @return the base path without a trailing slash, empty for none (or a {@code toString()} of another form)
	 */
	static String basePathOf(PathPatternRequestMatcher.Builder requestMatchers) {
		String root = requestMatchers.matcher("/").toString();
		String suffix = "/]";
		if (!root.startsWith(PATTERN_PREFIX) || !root.endsWith(suffix)) {
			return "";
		}
		String prefix = root.substring(PATTERN_PREFIX.length(), root.length() - suffix.length());
		return isPlainPath(prefix) ? prefix : "";
	}

	private static boolean isPlainPath(@Nullable String path) {
		return path != null && (path.isEmpty() || path.startsWith("/") && path.indexOf(' ') < 0
				&& path.indexOf('{') < 0 && path.indexOf('*') < 0);
	}

	@Override
	public String toString() {
		return "TelegramLoginPaths[" + url("") + "]";
	}

}
