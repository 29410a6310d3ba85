package dev.tglogin.config;

import java.time.Duration;

import jakarta.servlet.http.HttpServletRequest;

import io.micrometer.observation.ObservationRegistry;

import org.springframework.context.MessageSource;
import org.springframework.security.authentication.AuthenticationDetailsSource;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.util.Assert;

import dev.tglogin.core.TelegramUserMapper;
import dev.tglogin.http.HttpClientType;
import dev.tglogin.link.TelegramAccountLinks;
import dev.tglogin.observation.TelegramLoginMetrics;
import dev.tglogin.store.TelegramLoginStore;
import dev.tglogin.web.PendingLoginRepository;
import dev.tglogin.web.TelegramAuthenticationDetailsSource;
import dev.tglogin.web.TelegramLoginFailureHandler;
import dev.tglogin.web.TelegramLoginSuccessHandler;

/**
 * The part of {@link TelegramLoginConfigurer}'s DSL that sets what every flow shares: the collaborators (store,
 * pending-login repository, user mapper, account links, messages, observation, metrics), the handlers, the details
 * source and the upstream timeouts, collected in a {@link TelegramLoginSettings.Builder} that the façade resolves at
 * {@code init}.
 */
abstract class AbstractTelegramLoginConfigurer extends AbstractHttpConfigurer<TelegramLoginConfigurer, HttpSecurity> {

	final TelegramLoginSettings.Builder settings;

	AbstractTelegramLoginConfigurer(TelegramLoginSettings.Builder settings) {
		this.settings = settings;
	}

	/**
	 * Sets the base path of the endpoints and of the default login page. Defaults to {@code /login/telegram}.
	 * @param basePath a path starting with {@code /}
	 * @return this
	 */
	public TelegramLoginConfigurer basePath(String basePath) {
		Assert.isTrue(basePath != null && basePath.startsWith("/") && !basePath.endsWith("/"),
				"basePath must start and must not end with /");
		this.settings.basePath = basePath;
		return self();
	}

	/**
	 * Sets where the browser goes after login when no request was saved before. Defaults to {@code /}.
	 * @param successUrl a path (relative to the context path) or absolute URL
	 * @return this
	 */
	public TelegramLoginConfigurer successUrl(String successUrl) {
		Assert.hasText(successUrl, "successUrl cannot be empty");
		this.settings.successUrl = successUrl;
		return self();
	}

	/**
	 * Sets the source of the {@code Authentication} details of Telegram logins. Defaults to
	 * {@link TelegramAuthenticationDetailsSource}: {@code WebAuthenticationDetails} with the remote address and without
	 * the session id.
	 * @param authenticationDetailsSource the source
	 * @return this
	 */
	public TelegramLoginConfigurer authenticationDetailsSource(
			AuthenticationDetailsSource<HttpServletRequest, ?> authenticationDetailsSource) {
		Assert.notNull(authenticationDetailsSource, "authenticationDetailsSource cannot be null");
		this.settings.authenticationDetailsSource = authenticationDetailsSource;
		return self();
	}

	/**
	 * Sets the connect timeout of upstream calls. Defaults to 2 seconds.
	 * @param connectTimeout the timeout
	 * @return this
	 */
	public TelegramLoginConfigurer connectTimeout(Duration connectTimeout) {
		Assert.isTrue(connectTimeout != null && !connectTimeout.isNegative() && !connectTimeout.isZero(),
				"connectTimeout must be positive");
		this.settings.connectTimeout = connectTimeout;
		return self();
	}

	/**
	 * Sets the deadline of each upstream answer (headers and body). Defaults to 5 seconds.
	 * @param readTimeout the timeout
	 * @return this
	 */
	public TelegramLoginConfigurer readTimeout(Duration readTimeout) {
		Assert.isTrue(readTimeout != null && !readTimeout.isNegative() && !readTimeout.isZero(),
				"readTimeout must be positive");
		this.settings.readTimeout = readTimeout;
		return self();
	}

	/**
	 * Sets the HTTP client of upstream calls. Defaults to {@link HttpClientType#AUTO}: Jetty's when Jetty 12's
	 * {@code org.eclipse.jetty:jetty-client} is on the class path, else the JDK's {@code java.net.http.HttpClient}.
	 * {@link HttpClientType#JETTY} needs that dependency (less CPU per call, no thread started per answer, HTTP/1.1);
	 * {@link HttpClientType#JDK} speaks HTTP/2 over TLS. A Jetty client's threads are stopped when the application
	 * context closes.
	 * @param httpClient the client
	 * @return this
	 */
	public TelegramLoginConfigurer httpClient(HttpClientType httpClient) {
		Assert.notNull(httpClient, "httpClient cannot be null");
		this.settings.httpClient = httpClient;
		return self();
	}

	/**
	 * Sets how verified Telegram users become principals. Defaults to a {@link TelegramUserMapper} bean, else the
	 * Telegram user with {@code ROLE_USER}.
	 * @param userMapper the mapper
	 * @return this
	 */
	public TelegramLoginConfigurer userMapper(TelegramUserMapper userMapper) {
		Assert.notNull(userMapper, "userMapper cannot be null");
		this.settings.userMapper = userMapper;
		return self();
	}

	/**
	 * Sets the store of single-use records and throttle counters. Defaults to a {@link TelegramLoginStore} bean, else
	 * in-memory (right for
	 * one instance only).
	 * @param store the store
	 * @return this
	 */
	public TelegramLoginConfigurer store(TelegramLoginStore store) {
		Assert.notNull(store, "store cannot be null");
		this.settings.store = store;
		return self();
	}

	/**
	 * Sets where pending logins live. Defaults to a {@link PendingLoginRepository} bean, else the HTTP session.
	 * @param pendingLoginRepository the repository
	 * @return this
	 */
	public TelegramLoginConfigurer pendingLoginRepository(PendingLoginRepository pendingLoginRepository) {
		Assert.notNull(pendingLoginRepository, "pendingLoginRepository cannot be null");
		this.settings.pendingLoginRepository = pendingLoginRepository;
		return self();
	}

	/**
	 * Turns on account linking with the given links: a signed-in local user connects a Telegram identity with
	 * {@code POST <base>/link/start} and {@code /link/status} (Bondify), {@code /link/otp} and
	 * {@code /link/otp/verify} (Xellar) or {@code /link/oidc} (OpenID Connect), lists them with
	 * {@code GET <base>/links} and disconnects one with {@code POST <base>/unlink}. Sign linked users in as their
	 * local account with a
	 * {@link dev.tglogin.link.LinkedAccountUserMapper} as {@link #userMapper}. Defaults to a
	 * {@link TelegramAccountLinks} bean, else off.
	 * @param accountLinks the links
	 * @return this
	 */
	public TelegramLoginConfigurer accountLinks(TelegramAccountLinks accountLinks) {
		Assert.notNull(accountLinks, "accountLinks cannot be null");
		this.settings.accountLinks = accountLinks;
		return self();
	}

	/**
	 * Sets the success handler. Defaults to {@link TelegramLoginSuccessHandler} (JSON with {@code redirectUrl}).
	 * @param successHandler the handler
	 * @return this
	 */
	public TelegramLoginConfigurer successHandler(AuthenticationSuccessHandler successHandler) {
		Assert.notNull(successHandler, "successHandler cannot be null");
		this.settings.successHandler = successHandler;
		return self();
	}

	/**
	 * Sets the failure handler. Defaults to {@link TelegramLoginFailureHandler} (the JSON error contract).
	 * @param failureHandler the handler
	 * @return this
	 */
	public TelegramLoginConfigurer failureHandler(AuthenticationFailureHandler failureHandler) {
		Assert.notNull(failureHandler, "failureHandler cannot be null");
		this.settings.failureHandler = failureHandler;
		return self();
	}

	/**
	 * Sets the application's messages, asked before the library's own bundle ({@code dev/tglogin/messages}) for every
	 * text of the default page, of {@code tglogin.js} and of the error messages, in the request's language. Defaults
	 * to the {@code ApplicationContext} (so an app overrides any key in its {@code messages.properties}), else the
	 * library's texts only.
	 * @param messageSource the messages
	 * @return this
	 * @see dev.tglogin.web.TelegramLoginMessages
	 */
	public TelegramLoginConfigurer messageSource(MessageSource messageSource) {
		Assert.notNull(messageSource, "messageSource cannot be null");
		this.settings.messageSource = messageSource;
		return self();
	}

	/**
	 * Sets where upstream calls and login attempts are observed (docs/observability.md). Defaults to a unique
	 * {@link ObservationRegistry} bean, else {@link ObservationRegistry#NOOP}: not observed. It applies to the
	 * clients built from the DSL's settings; a client bean or a client set on the DSL is observed as it was built.
	 * @param observationRegistry the registry
	 * @return this
	 */
	public TelegramLoginConfigurer observationRegistry(ObservationRegistry observationRegistry) {
		Assert.notNull(observationRegistry, "observationRegistry cannot be null");
		this.settings.observationRegistry = observationRegistry;
		return self();
	}

	/**
	 * Sets what counts pending logins, throttle refusals and webhook events. Defaults to a unique
	 * {@link TelegramLoginMetrics} bean, else counters in a unique Micrometer {@code MeterRegistry} bean
	 * ({@link dev.tglogin.observation.MicrometerTelegramLoginMetrics}), else {@link TelegramLoginMetrics#NOOP}.
	 * @param metrics the metrics
	 * @return this
	 */
	public TelegramLoginConfigurer metrics(TelegramLoginMetrics metrics) {
		Assert.notNull(metrics, "metrics cannot be null");
		this.settings.metrics = metrics;
		return self();
	}

	/**
	 * Adds a configurer with the two-argument {@code with(..)}, the one Spring Security 6.5 has too (it declares
	 * {@code Exception}, which adding a configurer during {@code init} does not throw).
	 */
	static <C extends AbstractHttpConfigurer<C, HttpSecurity>> void apply(HttpSecurity http, C configurer) {
		try {
			http.with(configurer, Customizer.withDefaults());
		}
		catch (Exception ex) {
			throw new IllegalStateException("Cannot add " + configurer.getClass().getSimpleName(), ex);
		}
	}

	private TelegramLoginConfigurer self() {
		return (TelegramLoginConfigurer) this;
	}

}
