package dev.tglogin.config;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;

import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationContext;
import org.springframework.context.MessageSource;
import org.springframework.security.authentication.AuthenticationDetailsSource;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.AbstractAuthenticationProcessingFilter;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.RememberMeServices;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;
import org.springframework.security.web.context.DelegatingSecurityContextRepository;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.NullSecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.util.Assert;
import org.springframework.util.ClassUtils;

import dev.tglogin.core.TelegramLoginFlow;
import dev.tglogin.core.TelegramUserMapper;
import dev.tglogin.http.HttpClientType;
import dev.tglogin.http.UpstreamHttpClient;
import dev.tglogin.link.TelegramAccountLinks;
import dev.tglogin.observation.TelegramLoginMetrics;
import dev.tglogin.store.InMemoryTelegramLoginStore;
import dev.tglogin.store.TelegramLoginStore;
import dev.tglogin.web.HttpSessionPendingLoginRepository;
import dev.tglogin.web.PendingLoginRepository;
import dev.tglogin.web.TelegramAuthenticationDetailsSource;
import dev.tglogin.web.TelegramLoginFailureHandler;
import dev.tglogin.web.TelegramLoginMessages;
import dev.tglogin.web.TelegramLoginSuccessHandler;
import dev.tglogin.web.link.TelegramAccountLinkSuccessHandler;
import dev.tglogin.web.throttle.LoginThrottle;

import static dev.tglogin.config.Collaborators.resolve;

/**
 * What both flows share, resolved once by {@link TelegramLoginConfigurer#init} and handed to the
 * {@link BondifyLoginConfigurer} and the {@link XellarLoginConfigurer}: one store, one pending-login repository, one
 * user mapper and one throttle for both, so that a limit counts the requests of both flows.
 *
 * @param basePath the base path of the endpoints
 * @param successUrl where the default success handler sends the browser when no request was saved
 * @param store the store of single-use records and throttle counters
 * @param pendingLogins where pending logins live
 * @param userMapper how verified Telegram users become principals
 * @param throttle the throttle, {@code null} when throttling is off
 * @param successHandler the success handler set on the DSL, {@code null} for the default
 * @param failureHandler the failure handler set on the DSL, {@code null} for the default
 * @param detailsSource the source of the {@code Authentication} details
 * @param connectTimeout the connect timeout of upstream calls
 * @param readTimeout the deadline of each upstream answer
 * @param httpClient the HTTP client of upstream calls
 * @param messages the texts of the page and of the error messages: the app's {@code MessageSource} over the
 * library's bundle
 * @param observationRegistry where upstream calls and login attempts are observed ({@code NOOP}: not observed)
 * @param metrics what counts pending logins, throttle refusals and webhook events
 * @param accountLinks the account links, {@code null} when account linking is off
 * @param paths the endpoints' request matchers (from the application's {@code PathPatternRequestMatcher.Builder})
 * and the paths browsers are sent to
 */
record TelegramLoginSettings(String basePath, String successUrl, TelegramLoginStore store,
		PendingLoginRepository pendingLogins, TelegramUserMapper userMapper, @Nullable LoginThrottle throttle,
		@Nullable AuthenticationSuccessHandler successHandler, @Nullable AuthenticationFailureHandler failureHandler,
		AuthenticationDetailsSource<HttpServletRequest, ?> detailsSource, Duration connectTimeout,
		Duration readTimeout, HttpClientType httpClient, TelegramLoginMessages messages, ObservationRegistry observationRegistry,
		TelegramLoginMetrics metrics, @Nullable TelegramAccountLinks accountLinks, TelegramLoginPaths paths) {

	/**
	 * Returns the path of an endpoint within the context path, as browsers are sent to it.
	 * @param endpoint the endpoint's path below the base path, e.g. {@code /start}
	 * @return the full path, e.g. {@code /login/telegram/start}, after the request matcher builder's base path
	 * @see TelegramLoginPaths#url(String)
	 */
	String path(String endpoint) {
		return this.paths.url(endpoint);
	}

	/**
	 * Returns a new upstream HTTP client with the shared timeouts and HTTP client, observed in the shared registry,
	 * closed with the application context.
	 * @param upstream the upstream's name, e.g. {@code bondify}
	 * @param executor the executor of the JDK client's work and answers, {@code null} for a small pool of its own
	 * (the Jetty client always has its own threads)
	 * @param context the application context, if any
	 * @return the client
	 */
	UpstreamHttpClient upstream(String upstream, @Nullable Executor executor, @Nullable ApplicationContext context) {
		UpstreamHttpClient http = UpstreamHttpClient.create(this.httpClient, upstream, this.connectTimeout,
				this.readTimeout, executor);
		ClosedWithContext.register(context, http);
		http.setObservationRegistry(this.observationRegistry);
		return http;
	}

	/**
	 * Returns a flow's provider observed in the shared registry, or the provider itself when the registry is the
	 * no-op one.
	 * @param provider the provider
	 * @param flow its flow
	 * @return the provider to add
	 */
	AuthenticationProvider observed(AuthenticationProvider provider, TelegramLoginFlow flow) {
		return this.observationRegistry.isNoop() ? provider
				: new ObservedAuthenticationProvider(provider, flow, this.observationRegistry);
	}

	/**
	 * Returns how long a request waits for another request of the same browser to finish with a pending login: an
	 * upstream answer's deadline and some margin.
	 * @return the wait
	 */
	Duration concurrentTurn() {
		return this.readTimeout.plusSeconds(5);
	}

	/**
	 * Lets a login filter complete logins like every Spring Security login: the success and failure handlers, the
	 * details source, and the {@code HttpSecurity}'s shared {@link SessionAuthenticationStrategy},
	 * {@link RememberMeServices}, {@link SecurityContextRepository} and {@link RequestCache} (read at configure time,
	 * when the other configurers have shared them).
	 * @param filter the login filter
	 * @param http the builder with the shared objects
	 */
	void configureCompletion(AbstractAuthenticationProcessingFilter filter, HttpSecurity http) {
		TelegramLoginSuccessHandler defaultSuccess = new TelegramLoginSuccessHandler(this.successUrl);
		RequestCache requestCache = http.getSharedObject(RequestCache.class);
		if (requestCache != null) {
			defaultSuccess.setRequestCache(requestCache);
		}
		filter.setAuthenticationSuccessHandler((this.successHandler != null) ? this.successHandler : defaultSuccess);
		TelegramLoginFailureHandler defaultFailure = new TelegramLoginFailureHandler();
		defaultFailure.setMessages(this.messages);
		filter.setAuthenticationFailureHandler((this.failureHandler != null) ? this.failureHandler : defaultFailure);
		filter.setAuthenticationDetailsSource(this.detailsSource);
		SessionAuthenticationStrategy sessionStrategy = http.getSharedObject(SessionAuthenticationStrategy.class);
		if (sessionStrategy != null) {
			filter.setSessionAuthenticationStrategy(sessionStrategy);
		}
		RememberMeServices rememberMe = http.getSharedObject(RememberMeServices.class);
		if (rememberMe != null) {
			filter.setRememberMeServices(rememberMe);
		}
		SecurityContextRepository contextRepository = http.getSharedObject(SecurityContextRepository.class);
		filter.setSecurityContextRepository((contextRepository != null) ? contextRepository
				: new DelegatingSecurityContextRepository(new RequestAttributeSecurityContextRepository(),
						new HttpSessionSecurityContextRepository()));
		filter.setSecurityContextHolderStrategy(SecurityContextHolder.getContextHolderStrategy());
	}

	/**
	 * Lets a login filter at an account-linking endpoint complete by linking instead of signing in: a
	 * {@link TelegramAccountLinkSuccessHandler} (events to the application context), the JSON failure handler, and a
	 * security context of its own that is never saved nor put in the request's holder, so the signed-in local user
	 * stays signed in, whatever the result (no session change, no remember-me, no login event).
	 * @param filter the login filter
	 * @param http the builder with the shared objects
	 */
	void configureLinkCompletion(AbstractAuthenticationProcessingFilter filter, HttpSecurity http) {
		Assert.state(this.accountLinks != null, "account linking is off");
		TelegramAccountLinkSuccessHandler success = new TelegramAccountLinkSuccessHandler(this.accountLinks);
		ApplicationContext context = http.getSharedObject(ApplicationContext.class);
		if (context != null) {
			success.setApplicationEventPublisher(context);
		}
		success.setMessages(this.messages);
		TelegramLoginFailureHandler failure = new TelegramLoginFailureHandler();
		failure.setMessages(this.messages);
		filter.setAuthenticationSuccessHandler(success);
		filter.setAuthenticationFailureHandler(failure);
		filter.setAuthenticationDetailsSource(this.detailsSource);
		filter.setSecurityContextRepository(new NullSecurityContextRepository());
		filter.setSecurityContextHolderStrategy(new DetachedSecurityContextHolderStrategy());
	}

	/**
	 * The DSL values of the shared settings, resolved by {@link #build} into the settings: each collaborator is the
	 * DSL value, else a unique bean, else the default.
	 */
	static final class Builder {

		String basePath;

		String successUrl = "/";

		@Nullable TelegramLoginStore store;

		@Nullable PendingLoginRepository pendingLoginRepository;

		@Nullable TelegramUserMapper userMapper;

		@Nullable AuthenticationSuccessHandler successHandler;

		@Nullable AuthenticationFailureHandler failureHandler;

		@Nullable AuthenticationDetailsSource<HttpServletRequest, ?> authenticationDetailsSource;

		@Nullable TelegramAccountLinks accountLinks;

		Duration connectTimeout = UpstreamHttpClient.DEFAULT_CONNECT_TIMEOUT;

		Duration readTimeout = UpstreamHttpClient.DEFAULT_READ_TIMEOUT;

		HttpClientType httpClient = HttpClientType.AUTO;

		@Nullable MessageSource messageSource;

		@Nullable ObservationRegistry observationRegistry;

		@Nullable TelegramLoginMetrics metrics;

		private final AbstractThrottleSpec<?> throttle;

		Builder(String basePath, AbstractThrottleSpec<?> throttle) {
			this.basePath = basePath;
			this.throttle = throttle;
		}

		/**
		 * Resolves the collaborators and builds the throttle, with the endpoints' matchers from
		 * {@link PathPatternRequestMatcher#withDefaults()}.
		 * @param context the application context, if any
		 * @return the settings
		 */
		TelegramLoginSettings build(@Nullable ApplicationContext context) {
			return build(context, PathPatternRequestMatcher.withDefaults());
		}

		/**
		 * Resolves the collaborators and builds the throttle.
		 * @param context the application context, if any
		 * @param requestMatchers the builder of the endpoints' matchers
		 * @return the settings
		 */
		TelegramLoginSettings build(@Nullable ApplicationContext context,
				PathPatternRequestMatcher.Builder requestMatchers) {
			TelegramLoginStore store = resolve(this.store, context, TelegramLoginStore.class,
					InMemoryTelegramLoginStore::new);
			PendingLoginRepository pendingLogins = resolve(this.pendingLoginRepository, context,
					PendingLoginRepository.class, HttpSessionPendingLoginRepository::new);
			TelegramUserMapper userMapper = resolve(this.userMapper, context, TelegramUserMapper.class,
					() -> TelegramUserMapper.withAuthorities("ROLE_USER"));
			AuthenticationDetailsSource<HttpServletRequest, ?> detailsSource = (this.authenticationDetailsSource != null)
					? this.authenticationDetailsSource : new TelegramAuthenticationDetailsSource();
			ObservationRegistry observationRegistry = resolve(this.observationRegistry, context,
					ObservationRegistry.class, () -> ObservationRegistry.NOOP);
			TelegramLoginMetrics metrics = resolve(this.metrics, context, TelegramLoginMetrics.class,
					() -> meterRegistryMetrics(context));
			LoginThrottle throttle = this.throttle.build(store);
			if (metrics != TelegramLoginMetrics.NOOP) {
				pendingLogins = new MeteredPendingLoginRepository(pendingLogins, metrics);
				if (throttle != null) {
					throttle.setMetrics(metrics);
				}
			}
			return new TelegramLoginSettings(this.basePath, this.successUrl, store, pendingLogins, userMapper,
					throttle, this.successHandler, this.failureHandler, detailsSource, this.connectTimeout,
					this.readTimeout, this.httpClient, messages(context), observationRegistry, metrics,
					resolve(this.accountLinks, context, TelegramAccountLinks.class),
					new TelegramLoginPaths(requestMatchers, this.basePath));
		}

		/** The DSL's {@code MessageSource}, else the application context (it is one), over the library's texts. */
		private TelegramLoginMessages messages(@Nullable ApplicationContext context) {
			MessageSource source = (this.messageSource != null) ? this.messageSource : context;
			return (source != null) ? TelegramLoginMessages.withOverrides(source) : TelegramLoginMessages.library();
		}

		/** Micrometer's unique {@code MeterRegistry} bean as metrics, when Micrometer is there; else none. */
		private static TelegramLoginMetrics meterRegistryMetrics(@Nullable ApplicationContext context) {
			if (context == null || !ClassUtils.isPresent("io.micrometer.core.instrument.MeterRegistry",
					context.getClassLoader())) {
				return TelegramLoginMetrics.NOOP;
			}
			TelegramLoginMetrics metrics = MeterRegistryMetrics.find(context);
			return (metrics != null) ? metrics : TelegramLoginMetrics.NOOP;
		}

	}

}
