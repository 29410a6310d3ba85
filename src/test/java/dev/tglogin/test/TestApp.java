package dev.tglogin.test;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import com.nimbusds.jose.util.JSONObjectUtils;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.AnnotatedBeanDefinitionReader;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.event.AbstractAuthenticationEvent;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.web.context.support.GenericWebApplicationContext;
import org.springframework.web.filter.DelegatingFilterProxy;

import dev.tglogin.config.TelegramLoginConfigurer;
import dev.tglogin.core.TelegramAuthenticationToken;
import dev.tglogin.core.UpstreamException;
import dev.tglogin.oidc.TelegramOidcUser;
import dev.tglogin.web.JsonResponses;
import dev.tglogin.web.TelegramLoginError;
import dev.tglogin.xellar.XellarWalletCreation;
import dev.tglogin.xellar.XellarWalletCredentials;
import dev.tglogin.xellar.XellarWalletService;

import static dev.tglogin.config.TelegramLoginConfigurer.telegramLogin;

/**
 * A small web app on embedded Jetty secured by a real Spring Security {@code SecurityFilterChain} built with the
 * {@code telegramLogin()} DSL: {@code /} is public, everything else needs login; {@code /me} answers the logged-in
 * user's Telegram name ({@code ?permission}: and the wallet's permission state). Records every Spring Security
 * authentication event.
 */
public final class TestApp implements AutoCloseable {

	private final Server server;

	private final GenericWebApplicationContext context;

	private final List<AbstractAuthenticationEvent> events = new CopyOnWriteArrayList<>();

	public TestApp(Customizer<TelegramLoginConfigurer> telegram) {
		this(telegram, null);
	}

	/**
	 * Creates the app; with a wallet service, {@code POST /wallet/token} answers a fresh wallet token and
	 * {@code POST /wallet/create} creates the user's wallet.
	 */
	public TestApp(Customizer<TelegramLoginConfigurer> telegram, XellarWalletService walletService) {
		this(telegram, walletService, Customizer.withDefaults());
	}

	/**
	 * Creates the app with more configuration of its {@code HttpSecurity} (applied before {@code build()}).
	 */
	public TestApp(Customizer<TelegramLoginConfigurer> telegram, XellarWalletService walletService,
			Customizer<HttpSecurity> more) {
		this(0, telegram, walletService, more);
	}

	/**
	 * Creates the app on a server with at most the given number of threads (acceptor and selector included), to
	 * show which requests hold one.
	 */
	public static TestApp withMaxThreads(int maxThreads, Customizer<TelegramLoginConfigurer> telegram) {
		return new TestApp(maxThreads, telegram, null, Customizer.withDefaults());
	}

	/**
	 * Creates the app with more configuration of its {@code HttpSecurity} and more configuration classes (for example
	 * one with Spring Security 7's {@code @EnableMultiFactorAuthentication}).
	 */
	public static TestApp withConfigurations(Customizer<TelegramLoginConfigurer> telegram,
			Customizer<HttpSecurity> more, Class<?>... configurations) {
		return new TestApp(0, telegram, null, more, configurations);
	}

	private TestApp(int maxThreads, Customizer<TelegramLoginConfigurer> telegram, XellarWalletService walletService,
			Customizer<HttpSecurity> more, Class<?>... configurations) {
		this.server = (maxThreads > 0) ? new Server(new QueuedThreadPool(maxThreads, Math.min(maxThreads, 8)))
				: new Server();
		ServerConnector connector = new ServerConnector(this.server);
		connector.setHost("127.0.0.1");
		this.server.addConnector(connector);
		ServletContextHandler handler = new ServletContextHandler(ServletContextHandler.SESSIONS);
		this.context = new GenericWebApplicationContext();
		this.context.setServletContext(handler.getServletContext());
		new AnnotatedBeanDefinitionReader(this.context).register(SecurityConfig.class);
		new AnnotatedBeanDefinitionReader(this.context).register(configurations);
		this.context.registerBean(Settings.class, () -> new Settings(telegram, more));
		this.context.registerBean("eventRecorder", ApplicationListener.class,
				() -> (ApplicationListener<AbstractAuthenticationEvent>) this.events::add);
		FilterHolder security = new FilterHolder(new DelegatingFilterProxy("springSecurityFilterChain", this.context));
		security.setAsyncSupported(true);
		handler.addFilter(security, "/*", EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR));
		ServletHolder pages = new ServletHolder(new PageServlet(walletService));
		pages.setAsyncSupported(true);
		handler.addServlet(pages, "/*");
		this.server.setHandler(handler);
		try {
			this.context.refresh();
			this.server.start();
		}
		catch (RuntimeException ex) {
			close();
			throw ex;
		}
		catch (Exception ex) {
			close();
			throw new IllegalStateException(ex);
		}
	}

	public URI uri() {
		return URI.create("http://127.0.0.1:" + ((ServerConnector) this.server.getConnectors()[0]).getLocalPort());
	}

	public Browser browser() {
		return new Browser(uri());
	}

	/** The app's application context (for example to listen to the library's own events). */
	public GenericWebApplicationContext context() {
		return this.context;
	}

	public List<AbstractAuthenticationEvent> events() {
		return this.events;
	}

	@Override
	public void close() {
		try {
			this.server.stop();
		}
		catch (Exception ignored) {
		}
		if (this.context.isActive()) {
			this.context.close();
		}
	}

	record Settings(Customizer<TelegramLoginConfigurer> telegram, Customizer<HttpSecurity> more) {
	}

	@Configuration(proxyBeanMethods = false)
	@EnableWebSecurity
	static class SecurityConfig {

		@Bean
		SecurityFilterChain securityFilterChain(HttpSecurity http, Settings settings) throws Exception {
			http.authorizeHttpRequests((authorize) -> authorize
				.requestMatchers(PathPatternRequestMatcher.withDefaults().matcher("/"))
				.permitAll().anyRequest().authenticated())
				.with(telegramLogin(), (telegram) -> {
					// tests poll faster than the advertised interval; the coalescing tests set their own
					telegram.bondify((bondify) -> bondify.upstreamPollInterval(Duration.ZERO));
					settings.telegram().customize(telegram);
				});
			settings.more().customize(http);
			return http.build();
		}

	}

	/**
	 * {@code /}: public; {@code /me}: the logged-in user's Telegram name, the principal's name and the authorities;
	 * {@code /whoami}: any login's kind, name and authorities; {@code POST /wallet/token}, {@code POST /wallet/create}:
	 * the wallet service.
	 */
	static final class PageServlet extends HttpServlet {

		private final XellarWalletService walletService;

		PageServlet(XellarWalletService walletService) {
			this.walletService = walletService;
		}

		@Override
		protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
			// read the request body before answering: an unread body that has not fully arrived makes Jetty close
			// the connection after a committed response, and a client reusing it then gets no answer
			request.getInputStream().readNBytes(64 * 1024);
			if (this.walletService == null) {
				response.sendError(404);
				return;
			}
			Map<String, Object> body = new LinkedHashMap<>();
			try {
				wallet(request, response, body);
			}
			catch (UpstreamException ex) {
				// what an app does with the wallet service's upstream failures: the library's JSON error contract
				JsonResponses.error(response, TelegramLoginError.from(ex));
				return;
			}
			if (response.isCommitted()) {
				return;
			}
			response.setContentType("application/json");
			response.getWriter().print(JSONObjectUtils.toJSONString(body));
		}

		private void wallet(HttpServletRequest request, HttpServletResponse response, Map<String, Object> body)
				throws IOException {
			if ("/wallet/token".equals(request.getRequestURI())) {
				body.put("walletToken", this.walletService.freshWalletToken(request, response));
			}
			else if ("/wallet/create".equals(request.getRequestURI())) {
				XellarWalletCreation creation = this.walletService.createWallet(request, response);
				body.put("walletCreated", creation.credentials().isWalletCreated());
				body.put("hasSecret0", creation.secret0() != null);
				body.put("addresses", creation.credentials().getAddresses().size());
			}
			else {
				response.sendError(404);
			}
		}

		@Override
		protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
			response.setContentType("text/plain;charset=UTF-8");
			Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
			if ("/me".equals(request.getRequestURI()) && authentication instanceof TelegramAuthenticationToken token) {
				response.getWriter()
					.print("Hello, " + token.getTelegramUser().getDisplayName() + " (" + token.getName() + ")");
				if (request.getParameter("authorities") != null) {
					response.getWriter().print(" " + AuthorityUtils.authorityListToSet(token.getAuthorities()));
				}
				if (token.getCredentials() instanceof XellarWalletCredentials wallet) {
					response.getWriter().print(" walletCreated=" + wallet.isWalletCreated());
					if (request.getParameter("permission") != null) {
						response.getWriter().print(" permissionGranted=" + wallet.isPermissionGranted() + " page="
								+ wallet.getAcceptPermissionPage());
					}
				}
				return;
			}
			if ("/me".equals(request.getRequestURI()) && authentication != null
					&& authentication.getPrincipal() instanceof TelegramOidcUser oidc) {
				response.getWriter()
					.print("Hello, " + oidc.getTelegramUser().getDisplayName() + " (" + oidc.getTelegramUser().getId()
							+ ", " + oidc.getTelegramUser().getFlow() + ")");
				if (request.getParameter("authorities") != null) {
					response.getWriter().print(" " + AuthorityUtils.authorityListToSet(authentication.getAuthorities()));
				}
				return;
			}
			if ("/whoami".equals(request.getRequestURI()) && authentication != null) {
				// any login: the kind of Authentication, the principal's name and the authorities
				response.getWriter()
					.print(authentication.getClass().getSimpleName() + " " + authentication.getName() + " "
							+ new java.util.TreeSet<>(AuthorityUtils.authorityListToSet(authentication.getAuthorities())));
				return;
			}
			response.getWriter().print("page " + request.getRequestURI());
		}

	}

}
