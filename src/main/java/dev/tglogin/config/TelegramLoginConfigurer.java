package dev.tglogin.config;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationContext;
import org.springframework.security.authentication.AuthenticationDetailsSource;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.CsrfConfigurer;
import org.springframework.security.config.annotation.web.configurers.ExceptionHandlingConfigurer;
import org.springframework.security.config.annotation.web.configurers.LogoutConfigurer;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.AbstractAuthenticationProcessingFilter;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.RememberMeServices;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;

import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;
import org.springframework.security.web.context.DelegatingSecurityContextRepository;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.RequestHeaderRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.http.MediaType;
import org.springframework.util.Assert;
import org.springframework.web.accept.HeaderContentNegotiationStrategy;

import dev.tglogin.bondify.BondifyAuthenticationProvider;
import dev.tglogin.bondify.BondifyClient;
import dev.tglogin.bondify.BondifyProofVerifier;
import dev.tglogin.bondify.BondifyProtocol;
import dev.tglogin.bondify.BondifyWebhookVerifier;
import dev.tglogin.bondify.HttpBondifyClient;
import dev.tglogin.core.TelegramUserMapper;
import dev.tglogin.http.UpstreamHttpClient;
import dev.tglogin.store.InMemoryTelegramLoginStore;
import dev.tglogin.store.TelegramLoginStore;
import dev.tglogin.web.BondifyLoginFilter;
import dev.tglogin.web.BondifyProofAuthenticationFilter;
import dev.tglogin.web.BondifyStartFilter;
import dev.tglogin.web.BondifyWebhookFilter;
import dev.tglogin.web.HttpSessionPendingLoginRepository;
import dev.tglogin.web.PendingLoginRepository;
import dev.tglogin.web.TelegramAuthenticationDetailsSource;
import dev.tglogin.web.TelegramLoginFailureHandler;
import dev.tglogin.web.TelegramLoginLogoutHandler;
import dev.tglogin.web.TelegramLoginPageFilter;
import dev.tglogin.web.TelegramLoginResourceFilter;
import dev.tglogin.web.TelegramLoginSuccessHandler;
import dev.tglogin.web.XellarLoginFilter;
import dev.tglogin.web.XellarOtpFilter;
import dev.tglogin.web.throttle.ClientAddressResolver;
import dev.tglogin.web.throttle.LoginThrottle;
import dev.tglogin.web.throttle.ThrottleLimit;
import dev.tglogin.xellar.HttpXellarClient;
import dev.tglogin.xellar.XellarAuthenticationProvider;
import dev.tglogin.xellar.XellarClient;
import dev.tglogin.xellar.XellarProtocol;

/**
 * Adds "Login with Telegram" to a {@code SecurityFilterChain}:
 * <pre>
 * http.with(telegramLogin(), (telegram) -&gt; telegram
 *     .bondify((bondify) -&gt; bondify.projectId("proj_...").secret(secret)));
 * </pre>
 * <h2>Filters added</h2> (all before {@code UsernamePasswordAuthenticationFilter}, so after {@code CsrfFilter}:
 * every POST needs the browser's CSRF token)
 * <ul>
 * <li>{@link TelegramLoginPageFilter}: {@code GET <base>}, the default login page (unless disabled)</li>
 * <li>{@link TelegramLoginResourceFilter}: {@code GET <base>/tglogin.js} and {@code GET <base>/tglogin.css}, the
 * browser client (also for apps with their own login page)</li>
 * <li>{@link BondifyStartFilter}: {@code POST <base>/start}</li>
 * <li>{@link BondifyLoginFilter}: {@code POST <base>/status}</li>
 * <li>{@link BondifyProofAuthenticationFilter}: {@code POST <base>/proof}</li>
 * <li>{@link BondifyWebhookFilter}: {@code POST <base>/webhook}, when {@code bondify(b -> b.webhook(true))}
 * (CSRF-exempt: the webhook's HMAC signature authenticates it)</li>
 * <li>{@link XellarOtpFilter}: {@code POST <base>/otp}</li>
 * <li>{@link XellarLoginFilter}: {@code POST <base>/otp/verify}</li>
 * </ul>
 * <h2>Throttling</h2> On by default ({@link #throttle(Customizer)}): login starts per browser session and per client
 * address, status polls per session, OTPs sent per phone number, codes submitted per session and per client address
 * and codes checked per phone number, counted in the
 * {@link TelegramLoginStore}; over a limit, 429 {@code rate_limited} with {@code Retry-After} and no upstream call.
 * Behind a reverse proxy, either let the container resolve the client address or list the proxies with
 * {@link ThrottleSpec#trustedProxies(String...)}; otherwise every client counts as the proxy's address.
 * <h2>Logout</h2> A {@link TelegramLoginLogoutHandler} is added to {@code LogoutConfigurer}, so logout also drops
 * pending logins.
 * <h2>Shared objects used</h2> {@code AuthenticationManager} (a {@link BondifyAuthenticationProvider} and a
 * {@link XellarAuthenticationProvider} are added to it, for the flows that are on),
 * {@code SessionAuthenticationStrategy}, {@code SecurityContextRepository}, {@code RememberMeServices},
 * {@code RequestCache}, {@code ApplicationContext}.
 * <h2>Beans used when present</h2> {@link BondifyClient}, {@link BondifyProofVerifier}, {@link XellarClient},
 * {@link TelegramUserMapper},
 * {@link TelegramLoginStore}, {@link PendingLoginRepository}: a unique bean of one of these types replaces the
 * default, unless set on this configurer.
 */
public final class TelegramLoginConfigurer extends AbstractHttpConfigurer<TelegramLoginConfigurer, HttpSecurity> {

	/** The default base path of all endpoints. */
	public static final String DEFAULT_BASE_PATH = "/login/telegram";

	private String basePath = DEFAULT_BASE_PATH;

	private String successUrl = "/";

	private boolean loginPageEnabled = true;

	private final BondifySpec bondify = new BondifySpec();

	private final XellarSpec xellar = new XellarSpec();

	private final ThrottleSpec throttle = new ThrottleSpec();

	private @Nullable AuthenticationDetailsSource<HttpServletRequest, ?> authenticationDetailsSource;

	private Duration connectTimeout = UpstreamHttpClient.DEFAULT_CONNECT_TIMEOUT;

	private Duration readTimeout = UpstreamHttpClient.DEFAULT_READ_TIMEOUT;

	private @Nullable TelegramUserMapper userMapper;

	private @Nullable TelegramLoginStore store;

	private @Nullable PendingLoginRepository pendingLoginRepository;

	private @Nullable AuthenticationSuccessHandler successHandler;

	private @Nullable AuthenticationFailureHandler failureHandler;

	private @Nullable BondifyClient bondifyClient;

	private @Nullable XellarClient xellarClient;

	private @Nullable BondifyWebhookFilter bondifyWebhook;

	private TelegramLoginConfigurer() {
	}

	/**
	 * Returns a new configurer, for {@code http.with(telegramLogin(), customizer)}.
	 * @return the configurer
	 */
	public static TelegramLoginConfigurer telegramLogin() {
		return new TelegramLoginConfigurer();
	}

	/**
	 * Sets the base path of the endpoints and of the default login page. Defaults to {@code /login/telegram}.
	 * @param basePath a path starting with {@code /}
	 * @return this
	 */
	public TelegramLoginConfigurer basePath(String basePath) {
		Assert.isTrue(basePath != null && basePath.startsWith("/") && !basePath.endsWith("/"),
				"basePath must start and must not end with /");
		this.basePath = basePath;
		return this;
	}

	/**
	 * Sets where the browser goes after login when no request was saved before. Defaults to {@code /}.
	 * @param successUrl a path (relative to the context path) or absolute URL
	 * @return this
	 */
	public TelegramLoginConfigurer successUrl(String successUrl) {
		Assert.hasText(successUrl, "successUrl cannot be empty");
		this.successUrl = successUrl;
		return this;
	}

	/**
	 * Whether to serve the default login page at the base path and send unauthenticated browsers there. Defaults to
	 * {@code true}; turn it off when the app has its own login page.
	 * @param enabled whether the default page is on
	 * @return this
	 */
	public TelegramLoginConfigurer loginPage(boolean enabled) {
		this.loginPageEnabled = enabled;
		return this;
	}

	/**
	 * Configures the Bondify deeplink flow.
	 * @param customizer the customizer
	 * @return this
	 */
	public TelegramLoginConfigurer bondify(Customizer<BondifySpec> customizer) {
		customizer.customize(this.bondify);
		return this;
	}

	/**
	 * Configures the Xellar Telegram OTP flow.
	 * @param customizer the customizer
	 * @return this
	 */
	public TelegramLoginConfigurer xellar(Customizer<XellarSpec> customizer) {
		customizer.customize(this.xellar);
		return this;
	}

	/**
	 * Configures throttling (on by default, with the limits of {@link LoginThrottle}).
	 * @param customizer the customizer
	 * @return this
	 */
	public TelegramLoginConfigurer throttle(Customizer<ThrottleSpec> customizer) {
		customizer.customize(this.throttle);
		return this;
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
		this.authenticationDetailsSource = authenticationDetailsSource;
		return this;
	}

	/**
	 * Sets the connect timeout of upstream calls. Defaults to 2 seconds.
	 * @param connectTimeout the timeout
	 * @return this
	 */
	public TelegramLoginConfigurer connectTimeout(Duration connectTimeout) {
		Assert.isTrue(connectTimeout != null && !connectTimeout.isNegative() && !connectTimeout.isZero(),
				"connectTimeout must be positive");
		this.connectTimeout = connectTimeout;
		return this;
	}

	/**
	 * Sets the deadline of each upstream answer (headers and body). Defaults to 5 seconds.
	 * @param readTimeout the timeout
	 * @return this
	 */
	public TelegramLoginConfigurer readTimeout(Duration readTimeout) {
		Assert.isTrue(readTimeout != null && !readTimeout.isNegative() && !readTimeout.isZero(),
				"readTimeout must be positive");
		this.readTimeout = readTimeout;
		return this;
	}

	/**
	 * Sets how verified Telegram users become principals. Defaults to a {@link TelegramUserMapper} bean, else the
	 * Telegram user with {@code ROLE_USER}.
	 * @param userMapper the mapper
	 * @return this
	 */
	public TelegramLoginConfigurer userMapper(TelegramUserMapper userMapper) {
		Assert.notNull(userMapper, "userMapper cannot be null");
		this.userMapper = userMapper;
		return this;
	}

	/**
	 * Sets the store of single-use records and throttle counters. Defaults to a {@link TelegramLoginStore} bean, else in-memory (right for
	 * one instance only).
	 * @param store the store
	 * @return this
	 */
	public TelegramLoginConfigurer store(TelegramLoginStore store) {
		Assert.notNull(store, "store cannot be null");
		this.store = store;
		return this;
	}

	/**
	 * Sets where pending logins live. Defaults to a {@link PendingLoginRepository} bean, else the HTTP session.
	 * @param pendingLoginRepository the repository
	 * @return this
	 */
	public TelegramLoginConfigurer pendingLoginRepository(PendingLoginRepository pendingLoginRepository) {
		Assert.notNull(pendingLoginRepository, "pendingLoginRepository cannot be null");
		this.pendingLoginRepository = pendingLoginRepository;
		return this;
	}

	/**
	 * Sets the success handler. Defaults to {@link TelegramLoginSuccessHandler} (JSON with {@code redirectUrl}).
	 * @param successHandler the handler
	 * @return this
	 */
	public TelegramLoginConfigurer successHandler(AuthenticationSuccessHandler successHandler) {
		Assert.notNull(successHandler, "successHandler cannot be null");
		this.successHandler = successHandler;
		return this;
	}

	/**
	 * Sets the failure handler. Defaults to {@link TelegramLoginFailureHandler} (the JSON error contract).
	 * @param failureHandler the handler
	 * @return this
	 */
	public TelegramLoginConfigurer failureHandler(AuthenticationFailureHandler failureHandler) {
		Assert.notNull(failureHandler, "failureHandler cannot be null");
		this.failureHandler = failureHandler;
		return this;
	}

	@Override
	@SuppressWarnings("unchecked")
	public void init(HttpSecurity http) {
		ApplicationContext context = http.getSharedObject(ApplicationContext.class);
		if (this.bondify.isEnabled(context)) {
			// built here from collaborators, never taken from a bean: a provider bean would take over the app's
			// global AuthenticationManager and shut out its UserDetailsService
			BondifyAuthenticationProvider provider = new BondifyAuthenticationProvider(
					this.bondify.verifier(context), store(context));
			provider.setUserMapper(userMapper(context));
			http.authenticationProvider(postProcess(provider));
			this.bondifyClient = this.bondify.client(context, this.connectTimeout, this.readTimeout);
			if (this.bondify.webhook) {
				this.bondifyWebhook = new BondifyWebhookFilter(this.basePath + "/webhook",
						this.bondify.webhookVerifier(context), store(context));
				CsrfConfigurer<HttpSecurity> csrf = http.getConfigurer(CsrfConfigurer.class);
				if (csrf != null) {
					// the HMAC signature authenticates Bondify's calls; they carry no browser CSRF token
					csrf.ignoringRequestMatchers(this.bondifyWebhook.getRequestMatcher());
				}
			}
		}
		if (this.xellar.isEnabled(context)) {
			this.xellarClient = this.xellar.client(this.connectTimeout, this.readTimeout);
			XellarAuthenticationProvider provider = new XellarAuthenticationProvider(this.xellarClient,
					store(context));
			provider.setUserMapper(userMapper(context));
			http.authenticationProvider(postProcess(provider));
		}
		LogoutConfigurer<HttpSecurity> logout = http.getConfigurer(LogoutConfigurer.class);
		if (logout != null) {
			logout.addLogoutHandler(new TelegramLoginLogoutHandler(pendingLoginRepository(context), store(context)));
		}
		if (this.loginPageEnabled) {
			registerEntryPoint(http);
		}
	}

	@Override
	public void configure(HttpSecurity http) {
		ApplicationContext context = http.getSharedObject(ApplicationContext.class);
		PendingLoginRepository pendingLogins = pendingLoginRepository(context);
		LoginThrottle throttle = this.throttle.build(store(context));
		Duration concurrentTurn = this.readTimeout.plusSeconds(5);
		if (this.loginPageEnabled) {
			TelegramLoginPageFilter page = new TelegramLoginPageFilter(this.basePath);
			page.setBondifyEnabled(this.bondifyClient != null);
			page.setXellarEnabled(this.xellarClient != null);
			http.addFilterBefore(postProcess(page), UsernamePasswordAuthenticationFilter.class);
		}
		http.addFilterBefore(postProcess(new TelegramLoginResourceFilter(this.basePath)),
				UsernamePasswordAuthenticationFilter.class);
		if (this.bondifyClient != null) {
			BondifyStartFilter start = new BondifyStartFilter(this.basePath + "/start", this.bondifyClient,
					pendingLogins);
			start.setPollIntervalMs(this.bondify.pollInterval.toMillis());
			if (throttle != null) {
				start.setThrottle(throttle);
			}
			http.addFilterBefore(postProcess(start), UsernamePasswordAuthenticationFilter.class);
			BondifyLoginFilter login = new BondifyLoginFilter(this.basePath + "/status", this.bondifyClient,
					pendingLogins, http.getSharedObject(AuthenticationManager.class));
			login.setConcurrentPollTimeout(concurrentTurn);
			login.setUpstreamPollInterval(
					(this.bondify.upstreamPollInterval != null) ? this.bondify.upstreamPollInterval
							: this.bondify.pollInterval);
			login.setMaxWaitSeconds((int) this.bondify.longPollMaxWait.toSeconds());
			login.setMaxConcurrentStatusCalls(this.bondify.maxConcurrentStatusCalls);
			login.setMaxHeldPolls(this.bondify.maxHeldPolls, this.bondify.maxHeldPollsPerSession,
					this.bondify.maxHeldPollsPerAddress);
			login.setConfirmationStore(store(context));
			start.setMaxWaitSeconds((int) this.bondify.longPollMaxWait.toSeconds());
			if (throttle != null) {
				login.setThrottle(throttle);
				login.setClientAddressResolver(throttle.getClientAddressResolver());
			}
			configureCompletion(login, http);
			if (this.bondifyWebhook != null) {
				http.addFilterBefore(postProcess(this.bondifyWebhook), UsernamePasswordAuthenticationFilter.class);
				login.setWebhookOutcomes(store(context));
				this.bondifyWebhook.setRecordedListener(login.webhookListener());
			}
			http.addFilterBefore(postProcess(login), UsernamePasswordAuthenticationFilter.class);
			BondifyProofAuthenticationFilter proof = new BondifyProofAuthenticationFilter(this.basePath + "/proof",
					pendingLogins, http.getSharedObject(AuthenticationManager.class));
			proof.setProofWithoutPendingLogin(this.bondify.proofWithoutPendingLogin);
			if (throttle != null) {
				proof.setThrottle(throttle);
			}
			configureCompletion(proof, http);
			http.addFilterBefore(postProcess(proof), UsernamePasswordAuthenticationFilter.class);
		}
		if (this.xellarClient != null) {
			XellarOtpFilter otp = new XellarOtpFilter(this.basePath + "/otp", this.xellarClient, pendingLogins);
			if (throttle != null) {
				otp.setThrottle(throttle);
			}
			http.addFilterBefore(postProcess(otp), UsernamePasswordAuthenticationFilter.class);
			XellarLoginFilter login = new XellarLoginFilter(this.basePath + "/otp/verify", pendingLogins,
					store(context), http.getSharedObject(AuthenticationManager.class));
			login.setMaxAttempts(this.xellar.maxOtpAttempts);
			login.setConcurrentSubmissionTimeout(concurrentTurn);
			if (throttle != null) {
				login.setThrottle(throttle);
			}
			configureCompletion(login, http);
			http.addFilterBefore(postProcess(login), UsernamePasswordAuthenticationFilter.class);
		}
	}

	private void configureCompletion(AbstractAuthenticationProcessingFilter filter, HttpSecurity http) {
		TelegramLoginSuccessHandler defaultSuccess = new TelegramLoginSuccessHandler(this.successUrl);
		RequestCache requestCache = http.getSharedObject(RequestCache.class);
		if (requestCache != null) {
			defaultSuccess.setRequestCache(requestCache);
		}
		filter.setAuthenticationSuccessHandler((this.successHandler != null) ? this.successHandler : defaultSuccess);
		filter.setAuthenticationFailureHandler(
				(this.failureHandler != null) ? this.failureHandler : new TelegramLoginFailureHandler());
		filter.setAuthenticationDetailsSource((this.authenticationDetailsSource != null)
				? this.authenticationDetailsSource : new TelegramAuthenticationDetailsSource());
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

	@SuppressWarnings("unchecked")
	private void registerEntryPoint(HttpSecurity http) {
		ExceptionHandlingConfigurer<HttpSecurity> exceptions = http.getConfigurer(ExceptionHandlingConfigurer.class);
		if (exceptions == null) {
			return;
		}
		MediaTypeRequestMatcher html = new MediaTypeRequestMatcher(new HeaderContentNegotiationStrategy(),
				MediaType.APPLICATION_XHTML_XML, MediaType.TEXT_HTML);
		html.setIgnoredMediaTypes(java.util.Set.of(MediaType.ALL));
		RequestMatcher browser = new AndRequestMatcher(
				new NegatedRequestMatcher(new RequestHeaderRequestMatcher("X-Requested-With", "XMLHttpRequest")), html);
		exceptions.defaultAuthenticationEntryPointFor(postProcess(new LoginUrlAuthenticationEntryPoint(this.basePath)),
				browser);
	}

	private TelegramUserMapper userMapper(@Nullable ApplicationContext context) {
		if (this.userMapper == null) {
			this.userMapper = bean(context, TelegramUserMapper.class);
		}
		return (this.userMapper != null) ? this.userMapper : TelegramUserMapper.withAuthorities("ROLE_USER");
	}

	private TelegramLoginStore store(@Nullable ApplicationContext context) {
		if (this.store == null) {
			this.store = bean(context, TelegramLoginStore.class);
		}
		if (this.store == null) {
			this.store = new InMemoryTelegramLoginStore();
		}
		return this.store;
	}

	private PendingLoginRepository pendingLoginRepository(@Nullable ApplicationContext context) {
		if (this.pendingLoginRepository == null) {
			this.pendingLoginRepository = bean(context, PendingLoginRepository.class);
		}
		if (this.pendingLoginRepository == null) {
			this.pendingLoginRepository = new HttpSessionPendingLoginRepository();
		}
		return this.pendingLoginRepository;
	}

	static <T> @Nullable T bean(@Nullable ApplicationContext context, Class<T> type) {
		return (context != null) ? context.getBeanProvider(type).getIfUnique() : null;
	}

	/**
	 * Throttling of the login endpoints, on by default: see {@link LoginThrottle} for each limit and its default. A
	 * limit of {@code 0} turns that limit off; {@link #disable()} turns throttling off altogether.
	 */
	public static final class ThrottleSpec {

		private boolean enabled = true;

		private @Nullable ThrottleLimit startsPerSession;

		private @Nullable ThrottleLimit startsPerAddress;

		private @Nullable ThrottleLimit statusPerSession;

		private @Nullable ThrottleLimit otpRequestsPerPhone;

		private @Nullable ThrottleLimit otpVerificationsPerSession;

		private @Nullable ThrottleLimit otpVerificationsPerAddress;

		private @Nullable ThrottleLimit otpVerificationsPerPhone;

		private @Nullable ThrottleLimit proofsPerSession;

		private @Nullable ThrottleLimit proofsPerAddress;

		private final List<String> trustedProxies = new ArrayList<>();

		private @Nullable Clock clock;

		private ThrottleSpec() {
		}

		/**
		 * Sets the logins started ({@code /start}, {@code /otp}) allowed per browser session. Defaults to 10 per
		 * minute.
		 * @param limit the most per window, {@code 0} for no limit
		 * @param window the window
		 * @return this
		 */
		public ThrottleSpec startsPerSession(int limit, Duration window) {
			this.startsPerSession = ThrottleLimit.of(limit, window);
			return this;
		}

		/**
		 * Sets the logins started allowed per client address. Defaults to 30 per minute.
		 * @param limit the most per window, {@code 0} for no limit
		 * @param window the window
		 * @return this
		 */
		public ThrottleSpec startsPerAddress(int limit, Duration window) {
			this.startsPerAddress = ThrottleLimit.of(limit, window);
			return this;
		}

		/**
		 * Sets the status polls allowed per browser session. Defaults to 60 per minute (the browser client polls
		 * every 2 seconds).
		 * @param limit the most per window, {@code 0} for no limit
		 * @param window the window
		 * @return this
		 */
		public ThrottleSpec statusPerSession(int limit, Duration window) {
			this.statusPerSession = ThrottleLimit.of(limit, window);
			return this;
		}

		/**
		 * Sets the OTPs that may be sent to one phone number. Defaults to 3 per 10 minutes.
		 * @param limit the most per window, {@code 0} for no limit
		 * @param window the window
		 * @return this
		 */
		public ThrottleSpec otpRequestsPerPhone(int limit, Duration window) {
			this.otpRequestsPerPhone = ThrottleLimit.of(limit, window);
			return this;
		}

		/**
		 * Sets the codes ({@code /otp/verify}) that one browser session may submit, whatever phone numbers they are
		 * for. Defaults to 30 per 10 minutes.
		 * @param limit the most per window, {@code 0} for no limit
		 * @param window the window
		 * @return this
		 */
		public ThrottleSpec otpVerificationsPerSession(int limit, Duration window) {
			this.otpVerificationsPerSession = ThrottleLimit.of(limit, window);
			return this;
		}

		/**
		 * Sets the codes that one client address may submit, whatever sessions and phone numbers they are for.
		 * Defaults to 60 per 10 minutes.
		 * @param limit the most per window, {@code 0} for no limit
		 * @param window the window
		 * @return this
		 */
		public ThrottleSpec otpVerificationsPerAddress(int limit, Duration window) {
			this.otpVerificationsPerAddress = ThrottleLimit.of(limit, window);
			return this;
		}

		/**
		 * Sets the codes that may be checked for one phone number, from any browser. Defaults to 10 per hour.
		 * @param limit the most per window, {@code 0} for no limit
		 * @param window the window
		 * @return this
		 */
		public ThrottleSpec otpVerificationsPerPhone(int limit, Duration window) {
			this.otpVerificationsPerPhone = ThrottleLimit.of(limit, window);
			return this;
		}

		/**
		 * Sets the limit of proofs posted to {@code /proof} per browser session.
		 * @param limit at most so many ({@code 0}: no limit)
		 * @param window per window
		 * @return this
		 */
		public ThrottleSpec proofsPerSession(int limit, Duration window) {
			this.proofsPerSession = ThrottleLimit.of(limit, window);
			return this;
		}

		/**
		 * Sets the limit of proofs posted to {@code /proof} per client address.
		 * @param limit at most so many ({@code 0}: no limit)
		 * @param window per window
		 * @return this
		 */
		public ThrottleSpec proofsPerAddress(int limit, Duration window) {
			this.proofsPerAddress = ThrottleLimit.of(limit, window);
			return this;
		}

		/**
		 * Trusts {@code X-Forwarded-For} from these reverse proxies (addresses or CIDR ranges, no host names) when
		 * finding the client address. Defaults to none: the header is ignored, since any client can send it.
		 * @param proxies the proxies, e.g. {@code "10.0.0.0/8"}, {@code "::1"}
		 * @return this
		 */
		public ThrottleSpec trustedProxies(String... proxies) {
			Assert.notNull(proxies, "proxies cannot be null");
			this.trustedProxies.clear();
			this.trustedProxies.addAll(Arrays.asList(proxies));
			// fail fast on a typo
			new ClientAddressResolver(this.trustedProxies);
			return this;
		}

		/**
		 * Sets the clock of the windows (for tests). Defaults to the system UTC clock.
		 * @param clock the clock
		 * @return this
		 */
		public ThrottleSpec clock(Clock clock) {
			Assert.notNull(clock, "clock cannot be null");
			this.clock = clock;
			return this;
		}

		/**
		 * Whether to throttle. Defaults to {@code true}.
		 * @param enabled whether throttling is on
		 * @return this
		 */
		public ThrottleSpec enabled(boolean enabled) {
			this.enabled = enabled;
			return this;
		}

		/**
		 * Turns throttling off (for example when a gateway in front of the app throttles these paths).
		 * @return this
		 */
		public ThrottleSpec disable() {
			return enabled(false);
		}

		@Nullable LoginThrottle build(TelegramLoginStore store) {
			if (!this.enabled) {
				return null;
			}
			LoginThrottle throttle = new LoginThrottle(store);
			if (this.startsPerSession != null) {
				throttle.setStartsPerSession(this.startsPerSession);
			}
			if (this.startsPerAddress != null) {
				throttle.setStartsPerAddress(this.startsPerAddress);
			}
			if (this.statusPerSession != null) {
				throttle.setStatusPerSession(this.statusPerSession);
			}
			if (this.otpRequestsPerPhone != null) {
				throttle.setOtpRequestsPerPhone(this.otpRequestsPerPhone);
			}
			if (this.otpVerificationsPerSession != null) {
				throttle.setOtpVerificationsPerSession(this.otpVerificationsPerSession);
			}
			if (this.otpVerificationsPerAddress != null) {
				throttle.setOtpVerificationsPerAddress(this.otpVerificationsPerAddress);
			}
			if (this.otpVerificationsPerPhone != null) {
				throttle.setOtpVerificationsPerPhone(this.otpVerificationsPerPhone);
			}
			if (this.proofsPerSession != null) {
				throttle.setProofsPerSession(this.proofsPerSession);
			}
			if (this.proofsPerAddress != null) {
				throttle.setProofsPerAddress(this.proofsPerAddress);
			}
			throttle.setClientAddressResolver(new ClientAddressResolver(this.trustedProxies));
			if (this.clock != null) {
				throttle.setClock(this.clock);
			}
			return throttle;
		}

	}

	/**
	 * Settings of the Bondify deeplink flow. The flow is on when a project id and secret are set (or
	 * {@link BondifyClient} and {@link BondifyProofVerifier} beans exist); setting only one of them fails fast.
	 */
	public static final class BondifySpec {

		private @Nullable String projectId;

		private byte @Nullable [] secret;

		private String baseUrl = BondifyProtocol.DEFAULT_BASE_URL;

		private Duration pollInterval = BondifyProtocol.POLL_INTERVAL;

		private boolean webhook;

		private @Nullable Duration upstreamPollInterval;

		private Duration longPollMaxWait = Duration.ofSeconds(BondifyLoginFilter.MAX_WAIT_SECONDS);

		private int maxConcurrentStatusCalls = BondifyLoginFilter.DEFAULT_MAX_CONCURRENT_STATUS_CALLS;

		private int maxHeldPolls = BondifyLoginFilter.DEFAULT_MAX_HELD_POLLS;

		private int maxHeldPollsPerSession = BondifyLoginFilter.DEFAULT_MAX_HELD_POLLS_PER_SESSION;

		private int maxHeldPollsPerAddress = BondifyLoginFilter.DEFAULT_MAX_HELD_POLLS_PER_ADDRESS;

		private boolean proofWithoutPendingLogin;

		private @Nullable BondifyWebhookVerifier webhookVerifier;

		private @Nullable BondifyClient client;

		private @Nullable BondifyProofVerifier verifier;

		private BondifySpec() {
		}

		/**
		 * Sets the project id ({@code proj_...}).
		 * @param projectId the project id
		 * @return this
		 */
		public BondifySpec projectId(String projectId) {
			Assert.hasText(projectId, "projectId cannot be empty");
			this.projectId = projectId;
			return this;
		}

		/**
		 * Sets the secret that signs proofs (UTF-8 bytes of the string), at least 32 bytes.
		 * @param secret the secret
		 * @return this
		 */
		public BondifySpec secret(String secret) {
			Assert.hasText(secret, "secret cannot be empty");
			return secret(secret.getBytes(StandardCharsets.UTF_8));
		}

		/**
		 * Sets the secret that signs proofs, at least 32 bytes.
		 * @param secret the secret
		 * @return this
		 */
		public BondifySpec secret(byte[] secret) {
			Assert.notNull(secret, "secret cannot be null");
			this.secret = Arrays.copyOf(secret, secret.length);
			return this;
		}

		/**
		 * Sets Bondify's base URL. Defaults to {@value BondifyProtocol#DEFAULT_BASE_URL}.
		 * @param baseUrl the base URL
		 * @return this
		 */
		public BondifySpec baseUrl(String baseUrl) {
			Assert.hasText(baseUrl, "baseUrl cannot be empty");
			this.baseUrl = baseUrl;
			return this;
		}

		/**
		 * Sets the poll interval advertised to browsers. Defaults to 2 seconds, Bondify's documented interval.
		 * @param pollInterval the interval
		 * @return this
		 */
		public BondifySpec pollInterval(Duration pollInterval) {
			Assert.isTrue(pollInterval != null && pollInterval.toMillis() >= 500, "pollInterval must be at least 500ms");
			this.pollInterval = pollInterval;
			return this;
		}

		/**
		 * Sets the least time between two Bondify status calls of one pending login, however many tabs or requests
		 * poll it (within it a poll gets the last answer). Defaults to the poll interval; zero lets every poll that
		 * finds no call in flight make one.
		 * @param upstreamPollInterval the interval
		 * @return this
		 */
		public BondifySpec upstreamPollInterval(Duration upstreamPollInterval) {
			Assert.isTrue(upstreamPollInterval != null && !upstreamPollInterval.isNegative(),
					"upstreamPollInterval cannot be negative");
			this.upstreamPollInterval = upstreamPollInterval;
			return this;
		}

		/**
		 * Sets the longest time a status request may wait for a change ({@code waitSeconds}, long-poll); advertised
		 * to browsers in the start answer as {@code maxWaitSeconds}. Defaults to 25 seconds, the most allowed;
		 * zero turns long-polling off.
		 * @param longPollMaxWait the longest wait, whole seconds
		 * @return this
		 */
		public BondifySpec longPollMaxWait(Duration longPollMaxWait) {
			Assert.isTrue(longPollMaxWait != null && !longPollMaxWait.isNegative()
					&& longPollMaxWait.toSeconds() <= BondifyLoginFilter.MAX_WAIT_SECONDS,
					"longPollMaxWait must be between 0 and " + BondifyLoginFilter.MAX_WAIT_SECONDS + " seconds");
			this.longPollMaxWait = longPollMaxWait;
			return this;
		}

		/**
		 * Sets how many Bondify status calls may be in flight at once, over all pending logins; beyond that a poll
		 * gets its login's last answer (429 with {@code Retry-After: 1} when there is none yet). Defaults to 1000.
		 * @param maxConcurrentStatusCalls at least 1
		 * @return this
		 */
		public BondifySpec maxConcurrentStatusCalls(int maxConcurrentStatusCalls) {
			Assert.isTrue(maxConcurrentStatusCalls > 0, "maxConcurrentStatusCalls must be positive");
			this.maxConcurrentStatusCalls = maxConcurrentStatusCalls;
			return this;
		}

		/**
		 * Caps the status requests held open by long-polling: in total, per browser session and per client address;
		 * beyond a cap a request is answered at once with the current state. Defaults to 10000, 3 and 100.
		 * @param total most held at once ({@code 0}: never hold)
		 * @param perSession most held for one browser session
		 * @param perAddress most held for one client address
		 * @return this
		 */
		public BondifySpec longPollMaxHeld(int total, int perSession, int perAddress) {
			Assert.isTrue(total >= 0 && perSession >= 0 && perAddress >= 0, "long-poll caps cannot be negative");
			this.maxHeldPolls = total;
			this.maxHeldPollsPerSession = perSession;
			this.maxHeldPollsPerAddress = perAddress;
			return this;
		}

		/**
		 * Whether {@code POST <base>/proof} accepts a proof when the browser has no pending Bondify login (a native
		 * client that generated the session and polled Bondify itself). Defaults to {@code false}: a proof then
		 * completes only the login the browser started. <strong>Risk:</strong> when on, whoever reads a session
		 * token off a deeplink or QR code and polls Bondify before the user's client does can log in as that user;
		 * turn it on only for clients that keep their session tokens to themselves. Proofs are throttled per
		 * session and per address.
		 * @param enabled whether to accept such proofs
		 * @return this
		 */
		public BondifySpec proofWithoutPendingLogin(boolean enabled) {
			this.proofWithoutPendingLogin = enabled;
			return this;
		}

		/**
		 * Whether to accept Bondify webhooks at {@code POST <base>/webhook} (CSRF-exempt, authenticated by their
		 * {@code X-Bondify-Signature}) and let waiting browsers complete from them without polling. Polling stays the
		 * fallback. Defaults to {@code false}.
		 * @param enabled whether webhooks are on
		 * @return this
		 */
		public BondifySpec webhook(boolean enabled) {
			this.webhook = enabled;
			return this;
		}

		/**
		 * Uses the given webhook verifier instead of one built from the secret.
		 * @param webhookVerifier the verifier
		 * @return this
		 */
		public BondifySpec webhookVerifier(BondifyWebhookVerifier webhookVerifier) {
			Assert.notNull(webhookVerifier, "webhookVerifier cannot be null");
			this.webhookVerifier = webhookVerifier;
			return this;
		}

		/**
		 * Uses the given client instead of one built from the settings.
		 * @param client the client
		 * @return this
		 */
		public BondifySpec client(BondifyClient client) {
			Assert.notNull(client, "client cannot be null");
			this.client = client;
			return this;
		}

		/**
		 * Uses the given verifier instead of one built from the settings.
		 * @param verifier the verifier
		 * @return this
		 */
		public BondifySpec verifier(BondifyProofVerifier verifier) {
			Assert.notNull(verifier, "verifier cannot be null");
			this.verifier = verifier;
			return this;
		}

		boolean isEnabled(@Nullable ApplicationContext context) {
			if (this.client == null) {
				this.client = bean(context, BondifyClient.class);
			}
			if (this.verifier == null) {
				this.verifier = bean(context, BondifyProofVerifier.class);
			}
			boolean any = this.projectId != null || this.secret != null || this.client != null || this.verifier != null;
			if (!any) {
				return false;
			}
			if (this.verifier == null && (this.projectId == null || this.secret == null)) {
				throw new IllegalStateException("Bondify login is half-configured: "
						+ ((this.projectId == null) ? "tglogin.bondify.project-id" : "tglogin.bondify.secret")
						+ " is missing");
			}
			if (this.client == null && this.projectId == null) {
				throw new IllegalStateException("Bondify login is half-configured: tglogin.bondify.project-id is missing");
			}
			return true;
		}

		BondifyProofVerifier verifier(@Nullable ApplicationContext context) {
			if (this.verifier == null) {
				this.verifier = new BondifyProofVerifier(this.projectId, this.secret);
			}
			return this.verifier;
		}

		BondifyWebhookVerifier webhookVerifier(@Nullable ApplicationContext context) {
			if (this.webhookVerifier == null) {
				this.webhookVerifier = bean(context, BondifyWebhookVerifier.class);
			}
			if (this.webhookVerifier == null) {
				if (this.secret == null) {
					throw new IllegalStateException("Bondify webhooks need tglogin.bondify.secret (or a "
							+ "BondifyWebhookVerifier bean) to check X-Bondify-Signature");
				}
				this.webhookVerifier = new BondifyWebhookVerifier(this.secret);
			}
			return this.webhookVerifier;
		}

		BondifyClient client(@Nullable ApplicationContext context, Duration connectTimeout, Duration readTimeout) {
			if (this.client == null) {
				this.client = new HttpBondifyClient(new UpstreamHttpClient("bondify", connectTimeout, readTimeout),
						this.baseUrl, this.projectId);
			}
			return this.client;
		}

	}

	/**
	 * Settings of the Xellar Telegram OTP flow. The flow is on when a client secret is set (or a {@link XellarClient}
	 * bean exists).
	 */
	public static final class XellarSpec {

		private @Nullable String clientSecret;

		private String baseUrl = XellarProtocol.DEFAULT_BASE_URL;

		private String apiVersion = XellarProtocol.DEFAULT_API_VERSION;

		private int maxOtpAttempts = 5;

		private @Nullable XellarClient client;

		private XellarSpec() {
		}

		/**
		 * Sets the client secret from the Xellar dashboard (sent as {@code x-client-secret}; server-side only).
		 * @param clientSecret the secret
		 * @return this
		 */
		public XellarSpec clientSecret(String clientSecret) {
			Assert.hasText(clientSecret, "clientSecret cannot be empty");
			this.clientSecret = clientSecret;
			return this;
		}

		/**
		 * Sets Xellar's base URL. Defaults to {@value XellarProtocol#DEFAULT_BASE_URL}.
		 * @param baseUrl the base URL
		 * @return this
		 */
		public XellarSpec baseUrl(String baseUrl) {
			Assert.hasText(baseUrl, "baseUrl cannot be empty");
			this.baseUrl = baseUrl;
			return this;
		}

		/**
		 * Sets the API version, {@code v1} or {@code v2} (refresh tokens need v2). Defaults to {@code v2}.
		 * @param apiVersion the version
		 * @return this
		 */
		public XellarSpec apiVersion(String apiVersion) {
			Assert.isTrue("v1".equals(apiVersion) || "v2".equals(apiVersion),
					"tglogin.xellar.api-version must be v1 or v2");
			this.apiVersion = apiVersion;
			return this;
		}

		/**
		 * Sets how many wrong codes one OTP allows before a new one is needed. Defaults to 5.
		 * @param maxOtpAttempts the limit
		 * @return this
		 */
		public XellarSpec maxOtpAttempts(int maxOtpAttempts) {
			Assert.isTrue(maxOtpAttempts >= 1 && maxOtpAttempts <= 100,
					"tglogin.xellar.max-otp-attempts must be between 1 and 100");
			this.maxOtpAttempts = maxOtpAttempts;
			return this;
		}

		/**
		 * Uses the given client instead of one built from the settings (share it with a
		 * {@code XellarWalletService}).
		 * @param client the client
		 * @return this
		 */
		public XellarSpec client(XellarClient client) {
			Assert.notNull(client, "client cannot be null");
			this.client = client;
			return this;
		}

		boolean isEnabled(@Nullable ApplicationContext context) {
			if (this.client == null) {
				this.client = bean(context, XellarClient.class);
			}
			return this.client != null || this.clientSecret != null;
		}

		XellarClient client(Duration connectTimeout, Duration readTimeout) {
			if (this.client == null) {
				this.client = new HttpXellarClient(new UpstreamHttpClient("xellar", connectTimeout, readTimeout),
						this.baseUrl, this.apiVersion, this.clientSecret);
			}
			return this.client;
		}

	}

}
