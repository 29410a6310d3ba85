package dev.tglogin.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.context.annotation.AnnotatedBeanDefinitionReader;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.mock.web.MockServletConfig;
import org.springframework.mock.web.MockServletContext;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.DefaultCsrfToken;
import org.springframework.security.web.csrf.DeferredCsrfToken;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;
import org.springframework.web.context.support.GenericWebApplicationContext;

/**
 * An unrelated request ({@code GET /}, the bench app's public page) through Spring Security's
 * {@link FilterChainProxy#doFilter}, with and without {@code telegramLogin()} (issue 16: "≤ 1.02× server CPU, by JMH
 * on {@code FilterChainProxy.doFilter}"). The chain is {@link BenchApp}'s own: the same {@code SecurityConfig} and
 * settings in a {@link GenericWebApplicationContext} on a {@link MockServletContext} instead of Jetty ({@code flavor}
 * {@code PLAIN}: without, {@code TELEGRAM}: with {@code telegramLogin()}, both flows, the bench's settings). Behind
 * the chain, {@link BenchApp.PageServlet} writes the page, so each call walks the whole chain and the servlet.
 * <ul>
 * <li>{@link #noSession()}: a browser's first visit, no cookie, no session (the chain must not create one: checked in
 * setup).</li>
 * <li>{@link #session()}: a browser logged in with a form login: the request carries the session cookie and the
 * session holds what such a session holds: the {@code SecurityContext} (a {@code UsernamePasswordAuthenticationToken}
 * for {@value #USER} with {@code ROLE_USER}, under {@code SPRING_SECURITY_CONTEXT}) and a CSRF token (saved by
 * {@link HttpSessionCsrfTokenRepository}).</li>
 * </ul>
 * The request and response objects are made once and reset before each call (request attributes cleared; response
 * un-committed and {@code reset()}), so the figure is the chain, not the mocks. Setup checks once that each case
 * answers the page (200, the page's bytes, Spring Security's headers) with the expected authentication seen by the
 * servlet, so the benchmark cannot silently measure a 403 or a redirect.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = { "-Xms1g", "-Xmx1g", "-XX:+UseG1GC" })
@State(Scope.Thread)
public class FilterChainBenchmark {

	static final String USER = "bench-user";

	static final String SESSION_ID = "bench-session-0001";

	/** {@code PLAIN}: the chain without {@code telegramLogin()}; {@code TELEGRAM}: with it. */
	@Param({ "PLAIN", "TELEGRAM" })
	public String flavor;

	private GenericWebApplicationContext context;

	private Filter proxy;

	private FilterChain page;

	private MockHttpServletRequest anonymous;

	private MockHttpServletResponse anonymousResponse;

	private MockHttpServletRequest loggedIn;

	private MockHttpServletResponse loggedInResponse;

	/** Set by the page while setup checks a case: the authentication the servlet saw. */
	private volatile boolean probe;

	private Authentication seen;

	@Setup(Level.Trial)
	public void setUp() throws Exception {
		MockServletContext servletContext = new MockServletContext();
		this.context = context(BenchApp.Flavor.valueOf(this.flavor), servletContext);
		this.proxy = this.context.getBean("springSecurityFilterChain", Filter.class);
		BenchApp.PageServlet servlet = new BenchApp.PageServlet();
		servlet.init(new MockServletConfig(servletContext, "pages"));
		this.page = (request, response) -> {
			if (this.probe) {
				this.seen = SecurityContextHolder.getContext().getAuthentication();
			}
			servlet.service(request, response);
		};

		this.anonymous = browserGet(servletContext);
		this.anonymousResponse = new MockHttpServletResponse();

		this.loggedIn = browserGet(servletContext);
		this.loggedInResponse = new MockHttpServletResponse();
		MockHttpSession session = new MockHttpSession(servletContext, SESSION_ID);
		this.loggedIn.setSession(session);
		this.loggedIn.setCookies(new Cookie("JSESSIONID", SESSION_ID));
		this.loggedIn.setRequestedSessionIdFromCookie(true);
		UsernamePasswordAuthenticationToken user = UsernamePasswordAuthenticationToken.authenticated(USER, null,
				AuthorityUtils.createAuthorityList("ROLE_USER"));
		session.setAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY,
				new SecurityContextImpl(user));
		CsrfToken csrf = new DefaultCsrfToken("X-CSRF-TOKEN", "_csrf", "bench-csrf-token-5f0c2a7e-1d3b-4c8e");
		new HttpSessionCsrfTokenRepository().saveToken(csrf, this.loggedIn, this.loggedInResponse);

		// each case must answer the page through the whole chain, several times over the same (reset) objects
		for (int i = 0; i < 3; i++) {
			check("noSession", noSession(), this.anonymous, this.anonymousResponse, AnonymousAuthenticationToken.class,
					"anonymousUser");
			if (this.anonymous.getSession(false) != null) {
				throw new IllegalStateException(this.flavor + " noSession: the chain created a session for GET /");
			}
			check("session", session(), this.loggedIn, this.loggedInResponse, UsernamePasswordAuthenticationToken.class,
					USER);
			// CsrfFilter's deferred token (not the XOR-masked request attribute): loaded from the session, not new
			Object token = this.loggedIn.getAttribute(DeferredCsrfToken.class.getName());
			if (!(token instanceof DeferredCsrfToken t) || t.isGenerated() || !csrf.getToken().equals(t.get().getToken())) {
				throw new IllegalStateException(this.flavor + " session: the CSRF token is not the session's");
			}
			if (session.getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY) == null) {
				throw new IllegalStateException(this.flavor + " session: the SecurityContext left the session");
			}
		}
	}

	private void check(String name, int status, MockHttpServletRequest request, MockHttpServletResponse response,
			Class<? extends Authentication> authentication, String principal) throws IOException, ServletException {
		String body = response.getContentAsString(StandardCharsets.UTF_8);
		this.probe = true;
		try {
			call(request, response);
		}
		finally {
			this.probe = false;
		}
		String what = this.flavor + " " + name + ": ";
		if (status != 200 || response.getStatus() != 200 || response.getRedirectedUrl() != null
				|| response.getForwardedUrl() != null) {
			throw new IllegalStateException(what + "GET / answered " + status + " / " + response.getStatus()
					+ " (redirect " + response.getRedirectedUrl() + ", forward " + response.getForwardedUrl() + ")");
		}
		String expected = "<!doctype html><title>home</title><p>public page</p>\n";
		if (!expected.equals(body) || !expected.equals(response.getContentAsString(StandardCharsets.UTF_8))) {
			throw new IllegalStateException(what + "GET / did not answer the page: " + body);
		}
		if (!"nosniff".equals(response.getHeader("X-Content-Type-Options"))) {
			throw new IllegalStateException(what + "Spring Security's headers are missing: " + response.getHeaderNames());
		}
		if (!authentication.isInstance(this.seen) || !principal.equals(this.seen.getName())) {
			throw new IllegalStateException(what + "the page saw " + this.seen + ", expected a "
					+ authentication.getSimpleName() + " for " + principal);
		}
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.context.close();
	}

	/** {@code GET /} without a session or cookie. */
	@Benchmark
	public int noSession() throws IOException, ServletException {
		return call(this.anonymous, this.anonymousResponse);
	}

	/** {@code GET /} with the session cookie of a logged-in browser (SecurityContext and CSRF token in the session). */
	@Benchmark
	public int session() throws IOException, ServletException {
		return call(this.loggedIn, this.loggedInResponse);
	}

	private int call(MockHttpServletRequest request, MockHttpServletResponse response)
			throws IOException, ServletException {
		return call(this.proxy, request, response);
	}

	private int call(Filter filter, MockHttpServletRequest request, MockHttpServletResponse response)
			throws IOException, ServletException {
		request.clearAttributes();
		response.setCommitted(false);
		response.reset();
		filter.doFilter(request, response, this.page);
		return response.getStatus();
	}

	/** The same call through another filter (for {@link FcpFilterCosts}): the status, and the page's length. */
	long callThrough(Filter filter, boolean session) throws IOException, ServletException {
		MockHttpServletResponse response = session ? this.loggedInResponse : this.anonymousResponse;
		int status = call(filter, session ? this.loggedIn : this.anonymous, response);
		return ((long) status << 32) | response.getContentLength();
	}

	/** The bench app's {@code springSecurityFilterChain} (after {@link #setUp()}). */
	Filter proxy() {
		return this.proxy;
	}

	/** The bench app's Spring context, as {@link BenchApp} builds it, on a mock servlet context. */
	static GenericWebApplicationContext context(BenchApp.Flavor flavor, MockServletContext servletContext) {
		GenericWebApplicationContext context = new GenericWebApplicationContext();
		context.setServletContext(servletContext);
		new AnnotatedBeanDefinitionReader(context).register(BenchApp.SecurityConfig.class);
		// the upstream is never called for GET /: a closed port
		context.registerBean(BenchApp.Settings.class,
				() -> new BenchApp.Settings(flavor, "http://127.0.0.1:9/bondify", false, null));
		context.refresh();
		return context;
	}

	/** The filters of each chain of the bench app's {@code FilterChainProxy}, by class name. */
	static List<List<String>> filters(BenchApp.Flavor flavor) {
		try (GenericWebApplicationContext context = context(flavor, new MockServletContext())) {
			Filter filter = context.getBean("springSecurityFilterChain", Filter.class);
			List<List<String>> out = new ArrayList<>();
			if (filter instanceof FilterChainProxy proxy) {
				for (SecurityFilterChain chain : proxy.getFilterChains()) {
					out.add(chain.getFilters().stream().map((f) -> f.getClass().getName()).toList());
				}
			}
			else {
				out.add(List.of(filter.getClass().getName()));
			}
			return out;
		}
	}

	/** A browser's {@code GET /} as Jetty presents it to the filter ({@code /*} servlet mapping). */
	private static MockHttpServletRequest browserGet(MockServletContext servletContext) {
		MockHttpServletRequest request = new MockHttpServletRequest(servletContext, "GET", "/");
		request.setServletPath("");
		request.setPathInfo("/");
		request.setAsyncSupported(true);
		request.setServerName("127.0.0.1");
		request.setServerPort(8080);
		request.setRemoteAddr("127.0.0.1");
		Map.of("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "Accept-Language",
				"en-US,en;q=0.5", "Accept-Encoding", "gzip, deflate", "User-Agent",
				"Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0", "Host", "127.0.0.1:8080")
			.forEach(request::addHeader);
		return request;
	}

}
