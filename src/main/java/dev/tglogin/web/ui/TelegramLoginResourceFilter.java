package dev.tglogin.web.ui;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpMethod;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.Assert;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.tglogin.web.AlreadyFilteredAttributeName;
import dev.tglogin.web.EndpointMatcher;
import dev.tglogin.web.TelegramLoginEndpoint;

/**
 * {@code GET /login/telegram/tglogin.js} and {@code GET /login/telegram/tglogin.css}: the browser client and the
 * default login page's style sheet, served from this jar, so they work in plain servlet apps as well as in Spring
 * Boot (which also serves them as {@code /tglogin/tglogin.js} from {@code META-INF/resources}). Anonymous users may
 * load them: the filter answers before authorization.
 * <p>
 * Answers with the file's content type ({@code text/javascript;charset=UTF-8}, {@code text/css;charset=UTF-8}),
 * {@code Cache-Control: public, max-age=3600} and an {@code ETag} (a later request with a matching
 * {@code If-None-Match} gets 304). The default login page adds {@code ?v=<version>} to its links, so a new version
 * of the library is loaded at once. Other paths pass through.
 */
public final class TelegramLoginResourceFilter extends OncePerRequestFilter implements TelegramLoginEndpoint {

	/** The file name of the browser client. */
	public static final String SCRIPT = "tglogin.js";

	/** The file name of the default page's style sheet. */
	public static final String STYLE = "tglogin.css";

	private static final String CACHE_CONTROL = "public, max-age=3600";

	private RequestMatcher script;

	private RequestMatcher style;

	private final AlreadyFilteredAttributeName alreadyFiltered = new AlreadyFilteredAttributeName();

	/**
	 * Creates the filter.
	 * @param basePath the login base path, e.g. {@code /login/telegram}; the files are served below it
	 */
	public TelegramLoginResourceFilter(String basePath) {
		Assert.hasText(basePath, "basePath cannot be empty");
		this.script = EndpointMatcher.of(HttpMethod.GET, basePath + "/" + SCRIPT);
		this.style = EndpointMatcher.of(HttpMethod.GET, basePath + "/" + STYLE);
	}

	/**
	 * Sets the matchers of the two files' requests, e.g. made by the application's
	 * {@code PathPatternRequestMatcher.Builder}. Default to {@code GET <base>/tglogin.js} and
	 * {@code GET <base>/tglogin.css}. Set them before the filter goes into a {@code TelegramLoginEndpointsFilter},
	 * which reads them then.
	 * @param script the matcher of the browser client's requests
	 * @param style the matcher of the style sheet's requests
	 */
	public void setRequestMatchers(RequestMatcher script, RequestMatcher style) {
		Assert.notNull(script, "script cannot be null");
		Assert.notNull(style, "style cannot be null");
		this.script = script;
		this.style = style;
	}

	/**
	 * Spring's name ({@code <filter name>.FILTERED}), made once instead of for every request that passes the filter
	 * ({@link AlreadyFilteredAttributeName}).
	 */
	@Override
	protected String getAlreadyFilteredAttributeName() {
		return this.alreadyFiltered.of(getFilterName(), getClass());
	}

	/** Whether the request is for one of the two files: one of their matchers matches it. */
	@Override
	public boolean matches(HttpServletRequest request, HttpServletResponse response) {
		return match(request) != null;
	}

	/** The two matchers, when both are {@link EndpointMatcher}s, as the library's configurer makes them. */
	@Override
	public List<EndpointMatcher> endpointMatchers() {
		return (this.script instanceof EndpointMatcher s && this.style instanceof EndpointMatcher c) ? List.of(s, c)
				: List.of();
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return match(request) == null;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		LoginResource resource = match(request);
		if (resource == null) {
			chain.doFilter(request, response);
			return;
		}
		response.setHeader("Cache-Control", CACHE_CONTROL);
		// sets the ETag, and answers 304 to a matching If-None-Match, the way Spring MVC does
		if (new ServletWebRequest(request, response).checkNotModified(resource.etag())) {
			return;
		}
		byte[] content = resource.content();
		response.setStatus(200);
		response.setContentType(resource.contentType());
		response.setContentLength(content.length);
		response.getOutputStream().write(content);
	}

	private @Nullable LoginResource match(HttpServletRequest request) {
		if (this.script.matches(request)) {
			return LoginResource.SCRIPT;
		}
		return this.style.matches(request) ? LoginResource.STYLE : null;
	}

	/**
	 * Returns the version of the browser client, which changes whenever its content does; use it to bust caches:
	 * {@code <script src="/login/telegram/tglogin.js?v=...">}.
	 * @return 12 hex digits
	 */
	public static String scriptVersion() {
		return LoginResource.SCRIPT.version();
	}

	static String styleVersion() {
		return LoginResource.STYLE.version();
	}

}
