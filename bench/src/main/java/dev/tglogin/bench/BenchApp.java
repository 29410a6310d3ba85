package dev.tglogin.bench;

import java.io.IOException;
import java.util.EnumSet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import org.springframework.context.annotation.AnnotatedBeanDefinitionReader;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.web.context.support.GenericWebApplicationContext;
import org.springframework.web.filter.DelegatingFilterProxy;

import dev.tglogin.bondify.BondifyProtocol;
import dev.tglogin.http.HttpClientType;
import dev.tglogin.web.bondify.BondifyLoginFilter;

import static dev.tglogin.config.TelegramLoginConfigurer.telegramLogin;

/**
 * A small web app on embedded Jetty behind a real Spring Security {@code SecurityFilterChain} (as the library's own
 * integration tests build it): {@code /} is a public page, {@code /naive/*} is the hand-written Bondify proxy
 * ({@link NaiveBondifyProxyServlet}, public), everything else needs login. Both flavors have the same chain; only
 * {@link Flavor#TELEGRAM} adds {@code .with(telegramLogin(), ...)} with both flows on (Bondify and Xellar, so all six
 * of its filters are in the chain).
 * <p>
 * Thread pool: Jetty's {@link QueuedThreadPool} with its defaults made explicit (at most 200, at least 8 threads), the
 * same for every flavor and variant.
 * <p>
 * Servlet async: every filter and servlet supports it and the security filter also runs for {@code ASYNC}
 * dispatches, as Spring Boot registers it (the library's status endpoint suspends its requests and completes them in
 * an async dispatch; without this it would hold a thread per waiting request). Throttling: as shipped, except the
 * limit of login starts per client address, off because all simulated browsers share 127.0.0.1.
 */
final class BenchApp implements AutoCloseable {

	static final int MAX_THREADS = 200;

	static final int MIN_THREADS = 8;

	/** The proof secret shared by the emulator and the app (the emulator is built with it). */
	static final byte[] SECRET = "bench-secret-0123456789abcdef-0123456789".getBytes(java.nio.charset.StandardCharsets.UTF_8);

	static final String PROJECT_ID = "proj_emulator";

	enum Flavor {

		/** The chain without {@code telegramLogin()}. */
		PLAIN,

		/** The same chain with {@code telegramLogin()}. */
		TELEGRAM

	}

	private final String name;

	private final Server server;

	private final QueuedThreadPool pool;

	private final GenericWebApplicationContext context;

	private final RequestCounter requests = new RequestCounter();

	BenchApp(String name, Flavor flavor, String upstreamBaseUrl) throws Exception {
		this(name, flavor, upstreamBaseUrl, false);
	}

	/**
	 * @param webhook whether {@code telegramLogin()} accepts Bondify webhooks ({@code bondify(b -> b.webhook(true))})
	 */
	BenchApp(String name, Flavor flavor, String upstreamBaseUrl, boolean webhook) throws Exception {
		this(name, flavor, upstreamBaseUrl, webhook, null);
	}

	/**
	 * @param upstreamPollInterval {@code bondify(b -> b.upstreamPollInterval(..))}, or {@code null} for the default
	 */
	BenchApp(String name, Flavor flavor, String upstreamBaseUrl, boolean webhook,
			java.time.@org.jspecify.annotations.Nullable Duration upstreamPollInterval) throws Exception {
		this(name, flavor, upstreamBaseUrl, webhook, upstreamPollInterval, HttpClientType.JDK, null);
	}

	/**
	 * @param httpClient the HTTP client of the upstream calls ({@code telegramLogin().httpClient(..)})
	 * @param shared the store and HTTP sessions shared with other instances ({@link SharedStore}), or {@code null}
	 * for the defaults (in-memory store, sessions in this JVM)
	 */
	BenchApp(String name, Flavor flavor, String upstreamBaseUrl, boolean webhook,
			java.time.@org.jspecify.annotations.Nullable Duration upstreamPollInterval, HttpClientType httpClient,
			@org.jspecify.annotations.Nullable SharedStore shared) throws Exception {
		this.name = name;
		this.pool = new QueuedThreadPool(MAX_THREADS, MIN_THREADS);
		this.pool.setName("app-" + name);
		this.server = new Server(this.pool);
		ServerConnector connector = new ServerConnector(this.server);
		connector.setHost("127.0.0.1");
		connector.setAcceptQueueSize(4096);
		// the heap step keeps idle connections open between its measurements (-Dbench.idleTimeoutMs); else Jetty's 30 s
		connector.setIdleTimeout(Long.getLong("bench.idleTimeoutMs", 30_000L));
		this.server.addConnector(connector);
		ServletContextHandler handler = new ServletContextHandler(ServletContextHandler.SESSIONS);
		this.context = new GenericWebApplicationContext();
		this.context.setServletContext(handler.getServletContext());
		new AnnotatedBeanDefinitionReader(this.context).register(SecurityConfig.class);
		this.context.registerBean(Settings.class, () -> new Settings(flavor, upstreamBaseUrl, webhook, upstreamPollInterval,
				httpClient));
		if (shared != null) {
			if (shared.sharesStore()) {
				// telegramLogin() takes the TelegramLoginStore bean
				this.context.registerBean(dev.tglogin.store.TelegramLoginStore.class, shared::store);
			}
			shared.shareSessions(handler);
		}
		FilterHolder counter = new FilterHolder(this.requests);
		counter.setAsyncSupported(true);
		handler.addFilter(counter, "/*", EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));
		FilterHolder security = new FilterHolder(new DelegatingFilterProxy("springSecurityFilterChain", this.context));
		security.setAsyncSupported(true);
		handler.addFilter(security, "/*", EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR));
		ServletHolder naive = new ServletHolder(new NaiveBondifyProxyServlet(upstreamBaseUrl, PROJECT_ID));
		naive.setAsyncSupported(true);
		handler.addServlet(naive, "/naive/*");
		ServletHolder pages = new ServletHolder(new PageServlet());
		pages.setAsyncSupported(true);
		handler.addServlet(pages, "/*");
		this.server.setHandler(handler);
		this.context.refresh();
		this.server.start();
	}

	String name() {
		return this.name;
	}

	int port() {
		return ((ServerConnector) this.server.getConnectors()[0]).getLocalPort();
	}

	/** The Jetty server (a diagnostic may add a {@code LocalConnector}). */
	Server server() {
		return this.server;
	}

	QueuedThreadPool pool() {
		return this.pool;
	}

	/** Connections open on this app's connector now. */
	int openConnections() {
		return this.server.getConnectors()[0].getConnectedEndPoints().size();
	}

	RequestCounter requests() {
		return this.requests;
	}

	@Override
	public void close() throws Exception {
		this.server.stop();
		this.context.close();
	}

	record Settings(Flavor flavor, String upstreamBaseUrl, boolean webhook,
			java.time.@org.jspecify.annotations.Nullable Duration upstreamPollInterval, HttpClientType httpClient) {
	}

	@Configuration(proxyBeanMethods = false)
	@EnableWebSecurity
	static class SecurityConfig {

		@Bean
		SecurityFilterChain securityFilterChain(HttpSecurity http, Settings settings) throws Exception {
			http.authorizeHttpRequests((authorize) -> authorize
				.requestMatchers(PathPatternRequestMatcher.withDefaults().matcher("/"),
						PathPatternRequestMatcher.withDefaults().matcher("/naive/**"))
				.permitAll()
				.anyRequest()
				.authenticated());
			if (settings.flavor() == Flavor.TELEGRAM) {
				http.with(telegramLogin(), (telegram) -> telegram.httpClient(settings.httpClient())
					.bondify((bondify) -> bondify.projectId(PROJECT_ID)
						.secret(SECRET)
						.baseUrl(settings.upstreamBaseUrl())
						// every simulated browser comes from 127.0.0.1: no cap of held long-polls per address
						// (default 100); the total and per-session caps stay as shipped
						.longPollMaxHeld(BondifyLoginFilter.DEFAULT_MAX_HELD_POLLS,
								BondifyLoginFilter.DEFAULT_MAX_HELD_POLLS_PER_SESSION, Integer.MAX_VALUE)
						.webhook(settings.webhook())
						.upstreamPollInterval((settings.upstreamPollInterval() != null) ? settings.upstreamPollInterval()
								: BondifyProtocol.POLL_INTERVAL))
					// likewise no limit of starts per address (default 30 per minute), the per-session limits stay
					// as shipped
					.throttle((throttle) -> throttle.startsPerAddress(0, java.time.Duration.ofMinutes(1)))
					.xellar((xellar) -> xellar.clientSecret("xellar-bench-client-secret").baseUrl(settings.upstreamBaseUrl())));
			}
			return http.build();
		}

	}

	/**
	 * Counts the requests the server has finished processing, by path (in front of the security chain): the polls a
	 * server processed, whether or not the client still waited for the answer. A request suspended with servlet
	 * async processing (a status request waiting for Bondify, or a long-poll held) counts when it completes, and is
	 * "held" meanwhile: {@link #held()} is how many are suspended now.
	 */
	static final class RequestCounter implements jakarta.servlet.Filter {

		private final java.util.concurrent.ConcurrentHashMap<String, java.util.concurrent.atomic.LongAdder> counts = new java.util.concurrent.ConcurrentHashMap<>();

		private final java.util.concurrent.atomic.AtomicInteger held = new java.util.concurrent.atomic.AtomicInteger();

		/** Thread CPU time spent in the chain behind this filter, by path, dispatches and async re-dispatches. */
		private final java.util.concurrent.ConcurrentHashMap<String, java.util.concurrent.atomic.LongAdder> cpuNanos = new java.util.concurrent.ConcurrentHashMap<>();

		private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

		@Override
		public void doFilter(jakarta.servlet.ServletRequest request, jakarta.servlet.ServletResponse response,
				jakarta.servlet.FilterChain chain) throws IOException, jakarta.servlet.ServletException {
			String path = ((HttpServletRequest) request).getRequestURI();
			long cpu0 = THREADS.getCurrentThreadCpuTime();
			try {
				if (request.getDispatcherType() == DispatcherType.ASYNC) {
					chain.doFilter(request, response);
				}
				else {
					count(request, response, chain, path);
				}
			}
			finally {
				this.cpuNanos.computeIfAbsent(path, (k) -> new java.util.concurrent.atomic.LongAdder())
					.add(THREADS.getCurrentThreadCpuTime() - cpu0);
			}
		}

		private void count(jakarta.servlet.ServletRequest request, jakarta.servlet.ServletResponse response,
				jakarta.servlet.FilterChain chain, String path) throws IOException, jakarta.servlet.ServletException {
			boolean async = false;
			try {
				chain.doFilter(request, response);
				if (request.isAsyncStarted()) {
					async = true;
					this.held.incrementAndGet();
					request.getAsyncContext().addListener(new AsyncEvents() {

						@Override
						public void onComplete(jakarta.servlet.AsyncEvent event) {
							RequestCounter.this.held.decrementAndGet();
							count(path);
						}

						@Override
						public void onStartAsync(jakarta.servlet.AsyncEvent event) {
							event.getAsyncContext().addListener(this);
						}

					});
				}
			}
			finally {
				if (!async) {
					count(path);
				}
			}
		}

		private void count(String path) {
			this.counts.computeIfAbsent(path, (k) -> new java.util.concurrent.atomic.LongAdder()).increment();
		}

		/** Requests suspended (servlet async) now. */
		int held() {
			return this.held.get();
		}

		void reset() {
			this.counts.clear();
		}

		/** Per path: requests finished and the thread CPU time spent in the chain behind this filter. */
		java.util.Map<String, Object> cpu() {
			java.util.Map<String, Object> out = new java.util.TreeMap<>();
			this.cpuNanos.forEach((path, nanos) -> {
				java.util.concurrent.atomic.LongAdder count = this.counts.get(path);
				out.put(path, java.util.Map.of("count", (count != null) ? count.sum() : 0L, "cpuNanos", nanos.sum()));
			});
			return out;
		}

		java.util.Map<String, Object> snapshot() {
			java.util.Map<String, Object> out = new java.util.TreeMap<>();
			this.counts.forEach((path, count) -> out.put(path, count.sum()));
			return out;
		}

	}

	/** An {@link jakarta.servlet.AsyncListener} that ignores every event its subclass does not override. */
	abstract static class AsyncEvents implements jakarta.servlet.AsyncListener {

		@Override
		public void onComplete(jakarta.servlet.AsyncEvent event) {
		}

		@Override
		public void onTimeout(jakarta.servlet.AsyncEvent event) {
		}

		@Override
		public void onError(jakarta.servlet.AsyncEvent event) {
		}

		@Override
		public void onStartAsync(jakarta.servlet.AsyncEvent event) {
		}

	}

	/**
	 * {@code GET /}: a small public page. {@code POST /}: a JSON request of the app's own, answered 204; with a body
	 * {@code {"waitSeconds": n}} (n > 0) held for n seconds first with servlet async processing, as the barest
	 * long-poll would be (the heap step's measure of what any held request costs through the same chain).
	 */
	static final class PageServlet extends HttpServlet {

		private static final byte[] PAGE = "<!doctype html><title>home</title><p>public page</p>\n"
			.getBytes(java.nio.charset.StandardCharsets.UTF_8);

		private static final java.util.regex.Pattern WAIT = java.util.regex.Pattern
			.compile("\"waitSeconds\"\\s*:\\s*([1-9][0-9]{0,3})");

		@Override
		protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
			java.util.regex.Matcher wait = WAIT.matcher(new String(request.getInputStream().readNBytes(1024),
					java.nio.charset.StandardCharsets.UTF_8));
			response.setStatus(HttpServletResponse.SC_NO_CONTENT);
			if (!wait.find()) {
				return;
			}
			jakarta.servlet.AsyncContext async = request.startAsync();
			async.setTimeout(Long.parseLong(wait.group(1)) * 1000);
			async.addListener(new AsyncEvents() {

				@Override
				public void onTimeout(jakarta.servlet.AsyncEvent event) {
					event.getAsyncContext().complete();
				}

			});
		}

		@Override
		protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
			response.setContentType("text/html;charset=UTF-8");
			response.setContentLength(PAGE.length);
			response.getOutputStream().write(PAGE);
		}

	}

}
