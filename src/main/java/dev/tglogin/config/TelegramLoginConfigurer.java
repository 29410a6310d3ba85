package dev.tglogin.config;

import io.micrometer.observation.ObservationRegistry;

import org.springframework.context.ApplicationContext;
import org.springframework.context.MessageSource;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.LogoutConfigurer;

import dev.tglogin.bondify.BondifyAuthenticationProvider;
import dev.tglogin.bondify.BondifyClient;
import dev.tglogin.bondify.BondifyProofVerifier;
import dev.tglogin.bondify.BondifyWebhookVerifier;
import dev.tglogin.core.TelegramUserMapper;
import dev.tglogin.observation.TelegramLoginMetrics;
import dev.tglogin.store.TelegramLoginStore;
import dev.tglogin.web.PendingLoginRepository;
import dev.tglogin.web.TelegramLoginEndpointsFilter;
import dev.tglogin.web.TelegramLoginLogoutHandler;
import dev.tglogin.web.TelegramLoginSuccessHandler;
import dev.tglogin.web.throttle.LoginThrottle;
import dev.tglogin.web.ui.TelegramLoginPageFilter;
import dev.tglogin.web.ui.TelegramLoginResourceFilter;
import dev.tglogin.xellar.XellarAuthenticationProvider;
import dev.tglogin.xellar.XellarClient;

/**
 * Adds "Login with Telegram" to a {@code SecurityFilterChain}:
 * <pre>
 * http.with(telegramLogin(), (telegram) -&gt; telegram
 *     .bondify((bondify) -&gt; bondify.projectId("proj_...").secret(secret)));
 * </pre>
 * A façade: it resolves what both flows share once (base path, store, pending-login repository, user mapper,
 * throttle, handlers, details source, timeouts) and applies a {@code BondifyLoginConfigurer} and a
 * {@code XellarLoginConfigurer} for the flows that are on.
 *
 * <h2>Security Filters</h2>
 *
 * The following filters are added, in this order, before {@code UsernamePasswordAuthenticationFilter} (so after
 * {@code CsrfFilter}: every POST needs the browser's CSRF token):
 * <ul>
 * <li>{@link TelegramLoginPageFilter}: {@code GET <base>}, the default login page (unless disabled)</li>
 * <li>{@link TelegramLoginResourceFilter}: {@code GET <base>/tglogin.js} and {@code GET <base>/tglogin.css}, the
 * browser client (also for apps with their own login page)</li>
 * <li>{@code TelegramLoginSectionFilter}, before {@code DefaultLoginPageGeneratingFilter}: the flows on Spring
 * Security's generated {@code /login} page, when {@link #showOnGeneratedLoginPage(boolean)} is on</li>
 * <li>the Bondify filters of {@code BondifyLoginConfigurer}: {@code POST <base>/start}, {@code POST <base>/webhook}
 * (when {@code bondify(b -> b.webhook(true))}; CSRF-exempt, its HMAC signature authenticates it),
 * {@code POST <base>/status} and {@code POST <base>/proof}</li>
 * <li>the Xellar filters of {@code XellarLoginConfigurer}: {@code POST <base>/otp} and
 * {@code POST <base>/otp/verify}</li>
 * <li>the Mini App filters of {@code MiniAppLoginConfigurer}: {@code POST <base>/miniapp} and the
 * {@code Authorization: tma <initData>} filter (whose requests are exempt from CSRF protection)</li>
 * <li>with {@link #accountLinks account links}: the guard of the linking endpoints, {@code GET <base>/links},
 * {@code POST <base>/unlink}, and each flow's connect endpoints ({@code POST <base>/link/start} and
 * {@code /link/status}; {@code POST <base>/link/otp} and {@code /link/otp/verify}; {@code POST <base>/link/oidc}
 * and the linking side of {@code /login/oauth2/code/telegram})</li>
 * <li>with {@link #oidc(Customizer)}: Spring Security's {@code oauth2Login()} filters,
 * {@code GET /oauth2/authorization/telegram} and {@code GET /login/oauth2/code/telegram}, configured for Telegram's
 * OpenID Connect login (see {@code dev.tglogin.oidc})</li>
 * </ul>
 * The login endpoints' filters (the page, the browser client's files, Bondify's and Xellar's endpoints and the Mini
 * App exchange) are not in the chain one by one: they run behind one filter of it, {@link TelegramLoginEndpointsFilter},
 * at the first one's place, which passes a request none of them matches on after one look at its method and URI (by
 * each filter's own request matcher) and runs them in order for any other. The guard of the linking endpoints and the filters behind it,
 * the {@code tma} header filter and the section on the generated page are filters of the chain themselves, after it.
 *
 * <h2>Throttling</h2> On by default ({@link #throttle(Customizer)}): login starts per browser session and per client
 * address, status polls per session, OTPs sent per phone number, codes submitted per session and per client address
 * and codes checked per phone number, counted in the {@link TelegramLoginStore}; over a limit, 429
 * {@code rate_limited} with {@code Retry-After} and no upstream call. Behind a reverse proxy, either let the
 * container resolve the client address or list the proxies with {@link ThrottleSpec#trustedProxies(String...)};
 * otherwise every client counts as the proxy's address.
 *
 * <h2>Shared Objects Used</h2>
 *
 * <ul>
 * <li>{@code AuthenticationManager}: a {@link BondifyAuthenticationProvider}, a
 * {@link XellarAuthenticationProvider} and a {@code MiniAppAuthenticationProvider}, built from collaborators (never
 * beans), are added to it for the flows that are on</li>
 * <li>{@code SessionAuthenticationStrategy}, {@code SecurityContextRepository}, {@code RememberMeServices},
 * {@code RequestCache}: logins complete like every Spring Security login</li>
 * <li>{@code LogoutConfigurer}: a {@link TelegramLoginLogoutHandler} is added, so logout also drops pending
 * logins</li>
 * <li>{@code ExceptionHandlingConfigurer}: with the default login page, browsers asking for HTML are sent to it</li>
 * <li>{@code ApplicationContext}: a unique bean of {@link BondifyClient}, {@link BondifyProofVerifier},
 * {@link BondifyWebhookVerifier}, {@link XellarClient}, {@code MiniAppInitDataValidator}, {@link TelegramUserMapper},
 * {@link TelegramLoginStore} or {@link PendingLoginRepository} replaces the default, unless set on this
 * configurer; the context is also the {@code MessageSource} asked first for the texts of the page, of
 * {@code tglogin.js} and of the error messages, unless {@link #messageSource(MessageSource)} sets another; a unique
 * {@link ObservationRegistry} observes the upstream calls and login attempts, a unique {@link TelegramLoginMetrics}
 * or Micrometer {@code MeterRegistry} counts</li>
 * <li>{@code PathPatternRequestMatcher.Builder}: the one the {@code HttpSecurity} shares (Spring Security 7), else
 * the application's unique bean (6.5), else {@code PathPatternRequestMatcher.withDefaults()}, makes the
 * endpoints' request matchers; a builder's base path goes before the base path (the page's links and the redirect
 * to it follow)</li>
 * </ul>
 */
public final class TelegramLoginConfigurer extends AbstractTelegramLoginConfigurer {

	/** The default base path of all endpoints. */
	public static final String DEFAULT_BASE_PATH = "/login/telegram";

	private final BondifySpec bondify = new BondifySpec();

	private final XellarSpec xellar = new XellarSpec();

	private final ThrottleSpec throttle;

	private final MiniAppSpec miniApp = new MiniAppSpec();

	private final OidcSpec oidc = new OidcSpec();

	private boolean loginPageEnabled = true;

	private boolean showOnGeneratedLoginPage;

	private TelegramLoginConfigurer() {
		this(new ThrottleSpec());
	}

	private TelegramLoginConfigurer(ThrottleSpec throttle) {
		super(new TelegramLoginSettings.Builder(DEFAULT_BASE_PATH, throttle));
		this.throttle = throttle;
	}

	/**
	 * Returns a new configurer, for {@code http.with(telegramLogin(), customizer)}.
	 * @return the configurer
	 */
	public static TelegramLoginConfigurer telegramLogin() {
		return new TelegramLoginConfigurer();
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
	 * Whether to add "Login with Telegram" to Spring Security's generated login page ({@code /login}), the page form
	 * login, {@code oauth2Login()} and one-time-token login serve when the app has no login page of its own, as
	 * one-time-token and passkey logins add theirs. Defaults to {@code false}: the app's login page, generated or
	 * not, stays as it was. Has no effect when the chain has no generated page (the app set its own
	 * {@code loginPage(..)}); do not turn it on in a chain with an {@code authenticationEntryPoint(..)} of the app's
	 * and a page of its own at the generated page's path, which would get the section too.
	 * @param enabled whether to add the Telegram flows to the generated page
	 * @return this
	 */
	public TelegramLoginConfigurer showOnGeneratedLoginPage(boolean enabled) {
		this.showOnGeneratedLoginPage = enabled;
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
	 * Configures the Telegram Mini App flow (init data exchanged for a session, or sent with each request).
	 * @param customizer the customizer
	 * @return this
	 */
	public TelegramLoginConfigurer miniApp(Customizer<MiniAppSpec> customizer) {
		customizer.customize(this.miniApp);
		return this;
	}

	/**
	 * Configures Telegram's own OpenID Connect login ({@code oauth.telegram.org}) through Spring Security's
	 * {@code oauth2Login()}; on when a client id is set.
	 * @param customizer the customizer
	 * @return this
	 */
	public TelegramLoginConfigurer oidc(Customizer<OidcSpec> customizer) {
		customizer.customize(this.oidc);
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

	@Override
	@SuppressWarnings("unchecked")
	public void init(HttpSecurity http) {
		ApplicationContext context = http.getSharedObject(ApplicationContext.class);
		TelegramLoginSettings settings = this.settings.build(context, TelegramLoginPaths.requestMatchers(http));
		BondifyLoginConfigurer bondifyLogin = BondifyLoginConfigurer.create(this.bondify, settings, context);
		XellarLoginConfigurer xellarLogin = XellarLoginConfigurer.create(this.xellar, settings, context);
		MiniAppLoginConfigurer miniAppLogin = MiniAppLoginConfigurer.create(this.miniApp, settings, context);
		LogoutConfigurer<HttpSecurity> logout = http.getConfigurer(LogoutConfigurer.class);
		if (logout != null) {
			logout.addLogoutHandler(new TelegramLoginLogoutHandler(settings.pendingLogins(), settings.store()));
		}
		boolean oidcLogin = this.oidc.enabled()
				&& TelegramOidcLogin.apply(http, this.oidc, settings);
		// applied during init, they are initialized and configured after this one, in this order: the page's filters
		// come first, then Bondify's, then Xellar's
		TelegramLoginPageConfigurer page = new TelegramLoginPageConfigurer(settings.paths(), this.loginPageEnabled,
				bondifyLogin != null, xellarLogin != null, this.showOnGeneratedLoginPage)
			.miniAppEnabled(miniAppLogin != null)
			.oidcEnabled(oidcLogin);
		page.setMessages(settings.messages());
		apply(http, page);
		if (settings.accountLinks() != null) {
			apply(http, new AccountLinkConfigurer(settings, settings.accountLinks()));
			if (oidcLogin) {
				TelegramOidcLogin.applyLinking(http);
			}
		}
		if (bondifyLogin != null) {
			apply(http, bondifyLogin);
		}
		if (xellarLogin != null) {
			apply(http, xellarLogin);
		}
		if (miniAppLogin != null) {
			apply(http, miniAppLogin);
		}
	}

	/**
	 * Throttling of the login endpoints, on by default: see {@link LoginThrottle} for each limit and its default. A
	 * limit of {@code 0} turns that limit off; {@link #disable()} turns throttling off altogether.
	 */
	public static final class ThrottleSpec extends AbstractThrottleSpec<ThrottleSpec> {

		private ThrottleSpec() {
		}

	}

	/**
	 * Settings of the Bondify deeplink flow. The flow is on when a project id and secret are set (or
	 * {@link BondifyClient} and {@link BondifyProofVerifier} beans exist); setting only one of them fails fast.
	 */
	public static final class BondifySpec extends AbstractBondifySpec<BondifySpec> {

		private BondifySpec() {
		}

	}

	/**
	 * Settings of the Telegram Mini App flow. The flow is on when a bot token or a bot id is set (or a
	 * {@code MiniAppInitDataValidator} bean exists); a public key without a bot id, or both a bot token and a bot id,
	 * fail fast.
	 */
	public static final class MiniAppSpec extends AbstractMiniAppSpec<MiniAppSpec> {

		private MiniAppSpec() {
		}

	}

	/**
	 * Settings of Telegram's OpenID Connect login. The flow is on when a client id is set; it then needs the client
	 * secret and {@code spring-security-oauth2-client} with {@code spring-security-oauth2-jose} on the class path.
	 */
	public static final class OidcSpec extends AbstractOidcSpec<OidcSpec> {

		private OidcSpec() {
		}

	}

	/**
	 * Settings of the Xellar Telegram OTP flow. The flow is on when a client secret is set (or a {@link XellarClient}
	 * bean exists).
	 */
	public static final class XellarSpec extends AbstractXellarSpec<XellarSpec> {

		private XellarSpec() {
		}

	}

}
