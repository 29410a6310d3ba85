package dev.tglogin.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

import dev.tglogin.bondify.BondifyProofVerifier;
import dev.tglogin.core.TelegramLoginConfigurationException;
import dev.tglogin.http.HttpClientType;
import dev.tglogin.bondify.BondifyProtocol;
import dev.tglogin.web.throttle.ClientAddressResolver;
import dev.tglogin.web.throttle.ThrottleLimit;
import dev.tglogin.xellar.PhoneNumberFormat;
import dev.tglogin.xellar.XellarProtocol;

/**
 * Configuration properties for Telegram login ({@code tglogin.*}).
 * <p>
 * A flow is on when its credentials are set: Bondify with {@code tglogin.bondify.project-id} and
 * {@code tglogin.bondify.secret}, Xellar with {@code tglogin.xellar.client-secret}. The values are checked at
 * start-up, and every failure names the property to fix.
 */
@ConfigurationProperties("tglogin")
public class TelegramLoginProperties implements InitializingBean, BeanClassLoaderAware {

	private static final Log logger = LogFactory.getLog(TelegramLoginProperties.class);

	/** Where optional dependencies are looked for: the application's class loader. */
	private @Nullable ClassLoader classLoader = TelegramLoginProperties.class.getClassLoader();

	/** Named, not referenced: the emulator is its own artifact, absent from production classpaths. */
	private static final String EMULATOR_AUTO_CONFIGURATION =
			"dev.tglogin.emulator.boot.TelegramLoginEmulatorAutoConfiguration";

	/**
	 * Base path of the login endpoints and of the default login page.
	 */
	private String basePath = "/login/telegram";

	/**
	 * Where the browser goes after login when no request was saved before it (a saved request wins).
	 */
	private String successUrl = "/";

	private final LoginPage loginPage = new LoginPage();

	private final Bondify bondify = new Bondify();

	private final Xellar xellar = new Xellar();

	private final MiniApp miniApp = new MiniApp();

	private final Telegram telegram = new Telegram();

	private final Http http = new Http();

	private final Emulator emulator = new Emulator();

	/**
	 * Where single-use records and throttle counters live: memory (one instance), jdbc (shared by all instances
	 * through the app's DataSource) or redis (shared through the app's Redis, spring-data-redis).
	 */
	private StoreType store = StoreType.MEMORY;

	private final Jdbc jdbc = new Jdbc();

	private final Redis redis = new Redis();

	/**
	 * Where account links (Telegram identity to local username) live, which turns account linking on: memory (tests
	 * and demos: lost on restart) or jdbc (the app's DataSource, table tglogin_account_link, created as
	 * tglogin.jdbc.initialize-schema says, with the scripts dev/tglogin/link/schema-*.sql). Off when unset.
	 */
	private @Nullable StoreType accountLinks;

	private final Throttle throttle = new Throttle();

	public String getBasePath() {
		return this.basePath;
	}

	public void setBasePath(String basePath) {
		this.basePath = basePath;
	}

	public String getSuccessUrl() {
		return this.successUrl;
	}

	public void setSuccessUrl(String successUrl) {
		this.successUrl = successUrl;
	}

	public LoginPage getLoginPage() {
		return this.loginPage;
	}

	public Bondify getBondify() {
		return this.bondify;
	}

	public Xellar getXellar() {
		return this.xellar;
	}

	public MiniApp getMiniApp() {
		return this.miniApp;
	}

	public Telegram getTelegram() {
		return this.telegram;
	}

	public Http getHttp() {
		return this.http;
	}

	public Emulator getEmulator() {
		return this.emulator;
	}

	public StoreType getStore() {
		return this.store;
	}

	public void setStore(StoreType store) {
		this.store = store;
	}

	public @Nullable StoreType getAccountLinks() {
		return this.accountLinks;
	}

	public void setAccountLinks(@Nullable StoreType accountLinks) {
		this.accountLinks = accountLinks;
	}

	public Jdbc getJdbc() {
		return this.jdbc;
	}

	public Redis getRedis() {
		return this.redis;
	}

	public Throttle getThrottle() {
		return this.throttle;
	}

	/** Whether the Bondify flow is configured with real credentials. */
	public boolean isBondifyConfigured() {
		return StringUtils.hasText(this.bondify.projectId) || StringUtils.hasText(this.bondify.secret);
	}

	/**
	 * The HTTP client of upstream calls: {@code tglogin.http.client}, with {@code auto} resolved against the
	 * application's class loader.
	 */
	HttpClientType httpClient() {
		return this.http.client.resolve(this.classLoader);
	}

	/** Whether the Xellar flow is configured with real credentials. */
	public boolean isXellarConfigured() {
		return StringUtils.hasText(this.xellar.clientSecret);
	}

	/**
	 * Checks the values right after binding, so a mistake fails start-up with a message that names the property.
	 */
	@Override
	public void setBeanClassLoader(ClassLoader classLoader) {
		this.classLoader = classLoader;
	}

	@Override
	public void afterPropertiesSet() {
		List<String> problems = new ArrayList<>();
		if (!StringUtils.hasText(this.basePath) || !this.basePath.startsWith("/") || this.basePath.endsWith("/")) {
			problems.add("tglogin.base-path must start with '/' and must not end with '/' (got '" + this.basePath + "')");
		}
		if (!StringUtils.hasText(this.successUrl)) {
			problems.add("tglogin.success-url must not be empty");
		}
		if (this.accountLinks == StoreType.REDIS) {
			problems.add("tglogin.account-links must be memory or jdbc (got redis)");
		}
		if (this.http.client == HttpClientType.JETTY
				&& HttpClientType.AUTO.resolve(this.classLoader) == HttpClientType.JDK) {
			problems.add("tglogin.http.client=jetty needs Jetty 12's HTTP client on the classpath "
					+ "(org.eclipse.jetty:jetty-client), which the library does not hold: add it, or set "
					+ "tglogin.http.client=jdk (or auto, the default)");
		}
		if (this.emulator.enabled) {
			List<String> real = new ArrayList<>();
			addIfSet(real, "tglogin.bondify.project-id", this.bondify.projectId);
			addIfSet(real, "tglogin.bondify.secret", this.bondify.secret);
			addIfChanged(real, "tglogin.bondify.base-url", this.bondify.baseUrl, BondifyProtocol.DEFAULT_BASE_URL);
			addIfSet(real, "tglogin.xellar.client-secret", this.xellar.clientSecret);
			addIfChanged(real, "tglogin.xellar.base-url", this.xellar.baseUrl, XellarProtocol.DEFAULT_BASE_URL);
			addIfSet(real, "tglogin.mini-app.bot-token", this.miniApp.botToken);
			if (this.miniApp.botId != null) {
				real.add("tglogin.mini-app.bot-id");
			}
			if (!real.isEmpty()) {
				problems.add("tglogin.emulator.enabled=true cannot be combined with real upstream settings: remove "
						+ String.join(", ", real) + " or turn the emulator off");
			}
			if (!ClassUtils.isPresent(EMULATOR_AUTO_CONFIGURATION, TelegramLoginProperties.class.getClassLoader())) {
				problems.add("tglogin.emulator.enabled=true needs the emulator artifact on the classpath "
						+ "(dev.tglogin:tglogin with <classifier>emulator</classifier>), which the library does not hold");
			}
		}
		else {
			boolean projectId = StringUtils.hasText(this.bondify.projectId);
			boolean secret = StringUtils.hasText(this.bondify.secret);
			if (projectId && !secret) {
				problems.add("Bondify login is half-configured: tglogin.bondify.secret is missing");
			}
			if (secret && !projectId) {
				problems.add("Bondify login is half-configured: tglogin.bondify.project-id is missing");
			}
			for (int i = 0; i < this.bondify.additionalSecrets.size(); i++) {
				if (!StringUtils.hasText(this.bondify.additionalSecrets.get(i))) {
					problems.add("tglogin.bondify.additional-secrets[" + i + "] is empty");
				}
			}
		}
		if (this.xellar.sendOtpPath == null || !this.xellar.sendOtpPath.startsWith("/")) {
			problems.add("tglogin.xellar.send-otp-path must be a path starting with '/' (got '" + this.xellar.sendOtpPath
					+ "')");
		}
		if (!"v1".equals(this.xellar.apiVersion) && !"v2".equals(this.xellar.apiVersion)) {
			problems.add("tglogin.xellar.api-version must be v1 or v2 (got '" + this.xellar.apiVersion + "')");
		}
		if (this.xellar.maxOtpAttempts < 1 || this.xellar.maxOtpAttempts > 100) {
			problems.add("tglogin.xellar.max-otp-attempts must be between 1 and 100 (got " + this.xellar.maxOtpAttempts
					+ ")");
		}
		if (this.bondify.longPollMaxWait == null || this.bondify.longPollMaxWait.isNegative()
				|| this.bondify.longPollMaxWait.compareTo(Duration.ofSeconds(25)) > 0) {
			problems.add("tglogin.bondify.long-poll-max-wait must be between 0 and 25s");
		}
		if (this.bondify.maxConcurrentStatusCalls < 1) {
			problems.add("tglogin.bondify.max-concurrent-status-calls must be at least 1 (got "
					+ this.bondify.maxConcurrentStatusCalls + ")");
		}
		if (this.bondify.longPollMaxHeld < 0 || this.bondify.longPollMaxHeldPerSession < 0
				|| this.bondify.longPollMaxHeldPerAddress < 0) {
			problems.add("tglogin.bondify.long-poll-max-held, -per-session and -per-address cannot be negative");
		}
		if (this.bondify.upstreamPollInterval != null && this.bondify.upstreamPollInterval.isNegative()) {
			problems.add("tglogin.bondify.upstream-poll-interval cannot be negative");
		}
		if (this.bondify.webhook.fallbackCheckInterval == null
				|| this.bondify.webhook.fallbackCheckInterval.compareTo(Duration.ZERO) <= 0) {
			problems.add("tglogin.bondify.webhook.fallback-check-interval must be positive");
		}
		if (this.bondify.pollInterval == null || this.bondify.pollInterval.toMillis() < 500) {
			problems.add("tglogin.bondify.poll-interval must be at least 500ms");
		}
		checkPositive(problems, "tglogin.http.connect-timeout", this.http.connectTimeout);
		checkPositive(problems, "tglogin.http.read-timeout", this.http.readTimeout);
		this.throttle.check(problems);
		if (this.jdbc.initializeSchemaMode() == null) {
			problems.add("tglogin.jdbc.initialize-schema must be embedded, always or never (got '"
					+ this.jdbc.initializeSchema + "')");
		}
		if (this.store == StoreType.REDIS && !ClassUtils.isPresent(
				"org.springframework.data.redis.connection.RedisConnectionFactory", getClass().getClassLoader())) {
			problems.add("tglogin.store=redis needs spring-data-redis and a Redis driver on the classpath (for "
					+ "example spring-boot-starter-data-redis)");
		}
		if (problems.isEmpty() && !this.emulator.enabled && !StringUtils.hasText(this.bondify.projectId)
				&& !StringUtils.hasText(this.xellar.clientSecret) && !StringUtils.hasText(this.miniApp.botToken)
				&& this.miniApp.botId == null) {
			logger.info("Telegram login is off in the properties: no tglogin.* flow is set, so the app's security "
					+ "is left as it is. To turn a flow on, set tglogin.bondify.project-id and tglogin.bondify.secret "
					+ "(Bondify), or tglogin.xellar.client-secret (Xellar), or tglogin.mini-app.bot-token or "
					+ "tglogin.mini-app.bot-id (Mini App), or tglogin.emulator.enabled=true to "
					+ "develop against the local emulator (flows set up in code through telegramLogin() are not "
					+ "affected)");
		}
		if (!problems.isEmpty()) {
			throw new TelegramLoginConfigurationException(
					"Invalid Telegram login configuration: " + String.join("; ", problems), problems);
		}
	}

	private static void addIfSet(List<String> names, String name, @Nullable String value) {
		if (StringUtils.hasText(value)) {
			names.add(name);
		}
	}

	private static void addIfChanged(List<String> names, String name, @Nullable String value,
			String defaultValue) {
		if (StringUtils.hasText(value) && !defaultValue.equals(value)) {
			names.add(name);
		}
	}

	private static void checkPositive(List<String> problems, String name, @Nullable Duration value) {
		if (value == null || value.isNegative() || value.isZero()) {
			problems.add(name + " must be positive");
		}
	}

	/**
	 * Default login page.
	 */
	public static class LoginPage {

		/**
		 * Whether to serve the default login page at the base path and send unauthenticated browsers there. Turn it
		 * off when the app has its own login page.
		 */
		private boolean enabled = true;

		/**
		 * Whether to add "Login with Telegram" to Spring Security's generated login page (/login), when the app uses
		 * it (form login, oauth2Login or one-time-token login without a login page of its own).
		 */
		private boolean showOnGeneratedPage;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public boolean isShowOnGeneratedPage() {
			return this.showOnGeneratedPage;
		}

		public void setShowOnGeneratedPage(boolean showOnGeneratedPage) {
			this.showOnGeneratedPage = showOnGeneratedPage;
		}

	}

	/**
	 * Bondify deeplink login.
	 */
	public static class Bondify {

		/**
		 * Bondify project id (proj_...).
		 */
		private @Nullable String projectId;

		/**
		 * Secret that signs the project's proofs and webhooks, at least 32 bytes. Never logged.
		 */
		private @Nullable String secret;

		/**
		 * More secrets whose proofs and webhooks are accepted too, each at least 32 bytes: which of the project's
		 * secrets signs proofs is disputed upstream (whsec_... or sk_live_...), and a previous secret stays valid while
		 * a new one is rolled out. The first proof verified is logged with the position of its secret. Never logged.
		 */
		private List<String> additionalSecrets = new ArrayList<>();

		/**
		 * Bondify API base URL.
		 */
		private String baseUrl = BondifyProtocol.DEFAULT_BASE_URL;

		/**
		 * Interval at which browsers poll the login status.
		 */
		private Duration pollInterval = BondifyProtocol.POLL_INTERVAL;

		/**
		 * Least time between two Bondify status calls of one pending login, however many tabs or requests poll
		 * it (within it a poll gets the last answer). Defaults to the poll interval.
		 */
		private @Nullable Duration upstreamPollInterval;

		/**
		 * Longest time a status request may wait for the status to change (long-poll, "waitSeconds"), advertised
		 * to browsers; at most 25s, 0 turns long-polling off.
		 */
		private Duration longPollMaxWait = Duration.ofSeconds(25);

		/**
		 * Most Bondify status calls in flight at once, over all pending logins; beyond it a poll gets its login's
		 * last answer (429 with Retry-After 1 when there is none yet), so an overload sheds work.
		 */
		private int maxConcurrentStatusCalls = 1000;

		/**
		 * Most status requests held open by long-polling at once; beyond it (or beyond the per-session or
		 * per-address cap) a request is answered at once with the current state.
		 */
		private int longPollMaxHeld = 10_000;

		/**
		 * Most status requests held open by long-polling for one browser session.
		 */
		private int longPollMaxHeldPerSession = 3;

		/**
		 * Most status requests held open by long-polling for one client address.
		 */
		private int longPollMaxHeldPerAddress = 100;

		/**
		 * Whether /proof accepts a proof when the browser has no pending Bondify login (native clients that poll
		 * Bondify themselves). Off by default: when on, whoever reads a session token off a deeplink or QR code and
		 * polls Bondify first can log in as the user.
		 */
		private boolean proofWithoutPendingLogin;

		private final Webhook webhook = new Webhook();

		public int getLongPollMaxHeld() {
			return this.longPollMaxHeld;
		}

		public void setLongPollMaxHeld(int longPollMaxHeld) {
			this.longPollMaxHeld = longPollMaxHeld;
		}

		public int getLongPollMaxHeldPerSession() {
			return this.longPollMaxHeldPerSession;
		}

		public void setLongPollMaxHeldPerSession(int longPollMaxHeldPerSession) {
			this.longPollMaxHeldPerSession = longPollMaxHeldPerSession;
		}

		public int getLongPollMaxHeldPerAddress() {
			return this.longPollMaxHeldPerAddress;
		}

		public void setLongPollMaxHeldPerAddress(int longPollMaxHeldPerAddress) {
			this.longPollMaxHeldPerAddress = longPollMaxHeldPerAddress;
		}

		public boolean isProofWithoutPendingLogin() {
			return this.proofWithoutPendingLogin;
		}

		public void setProofWithoutPendingLogin(boolean proofWithoutPendingLogin) {
			this.proofWithoutPendingLogin = proofWithoutPendingLogin;
		}

		public @Nullable String getProjectId() {
			return this.projectId;
		}

		public void setProjectId(@Nullable String projectId) {
			this.projectId = projectId;
		}

		public @Nullable String getSecret() {
			return this.secret;
		}

		public void setSecret(@Nullable String secret) {
			this.secret = secret;
		}

		public List<String> getAdditionalSecrets() {
			return this.additionalSecrets;
		}

		public void setAdditionalSecrets(List<String> additionalSecrets) {
			this.additionalSecrets = additionalSecrets;
		}

		List<byte[]> additionalSecretBytes() {
			return this.additionalSecrets.stream().map((secret) -> secret.getBytes(StandardCharsets.UTF_8)).toList();
		}

		public String getBaseUrl() {
			return this.baseUrl;
		}

		public void setBaseUrl(String baseUrl) {
			this.baseUrl = baseUrl;
		}

		public Duration getPollInterval() {
			return this.pollInterval;
		}

		public void setPollInterval(Duration pollInterval) {
			this.pollInterval = pollInterval;
		}

		public @Nullable Duration getUpstreamPollInterval() {
			return this.upstreamPollInterval;
		}

		public void setUpstreamPollInterval(@Nullable Duration upstreamPollInterval) {
			this.upstreamPollInterval = upstreamPollInterval;
		}

		public int getMaxConcurrentStatusCalls() {
			return this.maxConcurrentStatusCalls;
		}

		public void setMaxConcurrentStatusCalls(int maxConcurrentStatusCalls) {
			this.maxConcurrentStatusCalls = maxConcurrentStatusCalls;
		}

		public Duration getLongPollMaxWait() {
			return this.longPollMaxWait;
		}

		public void setLongPollMaxWait(Duration longPollMaxWait) {
			this.longPollMaxWait = longPollMaxWait;
		}

		public Webhook getWebhook() {
			return this.webhook;
		}

		/**
		 * Bondify webhooks.
		 */
		public static class Webhook {

			/**
			 * Whether to accept Bondify webhooks at the base path's /webhook endpoint (signed with
			 * tglogin.bondify.secret) and let waiting browsers complete from them; while a login is pending, Bondify
			 * is then asked only by the slow fallback check.
			 */
			private boolean enabled;

			/**
			 * With webhooks on, least time between two Bondify status calls of one pending login: the fallback check
			 * in case a webhook is lost (the upstream poll interval when that is longer).
			 */
			private Duration fallbackCheckInterval = Duration.ofSeconds(15);

			public Duration getFallbackCheckInterval() {
				return this.fallbackCheckInterval;
			}

			public void setFallbackCheckInterval(Duration fallbackCheckInterval) {
				this.fallbackCheckInterval = fallbackCheckInterval;
			}

			public boolean isEnabled() {
				return this.enabled;
			}

			public void setEnabled(boolean enabled) {
				this.enabled = enabled;
			}

		}

		@Override
		public String toString() {
			return "Bondify[projectId=" + this.projectId + ", baseUrl=" + this.baseUrl + ", secret=[PROTECTED]]";
		}

	}

	/**
	 * Xellar Embedded Wallet login with a Telegram OTP.
	 */
	public static class Xellar {

		/**
		 * Client secret from the Xellar dashboard, sent as x-client-secret. Server-side only; never logged.
		 */
		private @Nullable String clientSecret;

		/**
		 * Xellar API base URL (the sandbox is https://mpc-dev.xellar.co).
		 */
		private String baseUrl = XellarProtocol.DEFAULT_BASE_URL;

		/**
		 * Xellar API version, v1 or v2 (wallet token refresh needs v2).
		 */
		private String apiVersion = XellarProtocol.DEFAULT_API_VERSION;

		/**
		 * Number of wrong codes one OTP allows before a new one is needed.
		 */
		private int maxOtpAttempts = 5;

		/**
		 * Path of the call that sends the OTP, {version} standing for the API version. Undocumented by Xellar: the
		 * default is inferred from its WhatsApp login, so it can be corrected here without a release.
		 */
		private String sendOtpPath = XellarProtocol.SEND_OTP_PATH_TEMPLATE;

		/**
		 * How the phone number is sent to Xellar: digits (country code and number, what Xellar's UI kit sends) or
		 * e164 (with the plus sign).
		 */
		private PhoneNumberFormat phoneNumberFormat = PhoneNumberFormat.DIGITS;

		public String getSendOtpPath() {
			return this.sendOtpPath;
		}

		public void setSendOtpPath(String sendOtpPath) {
			this.sendOtpPath = sendOtpPath;
		}

		public PhoneNumberFormat getPhoneNumberFormat() {
			return this.phoneNumberFormat;
		}

		public void setPhoneNumberFormat(PhoneNumberFormat phoneNumberFormat) {
			this.phoneNumberFormat = phoneNumberFormat;
		}

		public @Nullable String getClientSecret() {
			return this.clientSecret;
		}

		public void setClientSecret(@Nullable String clientSecret) {
			this.clientSecret = clientSecret;
		}

		public String getBaseUrl() {
			return this.baseUrl;
		}

		public void setBaseUrl(String baseUrl) {
			this.baseUrl = baseUrl;
		}

		public String getApiVersion() {
			return this.apiVersion;
		}

		public void setApiVersion(String apiVersion) {
			this.apiVersion = apiVersion;
		}

		public int getMaxOtpAttempts() {
			return this.maxOtpAttempts;
		}

		public void setMaxOtpAttempts(int maxOtpAttempts) {
			this.maxOtpAttempts = maxOtpAttempts;
		}

		@Override
		public String toString() {
			return "Xellar[baseUrl=" + this.baseUrl + ", apiVersion=" + this.apiVersion + ", clientSecret=[PROTECTED]]";
		}

	}

	/**
	 * Telegram Mini App login: init data signed by Telegram, exchanged for a session (POST {base-path}/miniapp) or
	 * sent with each request (Authorization: tma). On when bot-token or bot-id is set.
	 */
	public static class MiniApp {

		/**
		 * Bot token from BotFather: init data is checked with its HMAC (the hash field). For the bot's own backend;
		 * server-side only, never logged. Set this or bot-id.
		 */
		private @Nullable String botToken;

		/**
		 * Bot id (the digits before ':' in its token): init data is checked with Telegram's Ed25519 signature (the
		 * signature field), without the bot token. Set this or bot-token.
		 */
		private @Nullable Long botId;

		/**
		 * Ed25519 public key of the bot-id mode, 64 hex digits. Telegram's production key when unset; Telegram's
		 * test environment signs with 40055058a4ee38156a06562e52eece92a771bcd8346a8c4615cb7376eddf72ec.
		 */
		private @Nullable String publicKey;

		/**
		 * How old init data (its auth_date) may be; a Mini App left open longer must be reopened.
		 */
		private Duration maxAge = Duration.ofHours(1);

		/**
		 * Whether requests with Authorization: tma <initData> are authenticated, for that request only.
		 */
		private boolean authorizationHeader = true;

		public @Nullable String getBotToken() {
			return this.botToken;
		}

		public void setBotToken(@Nullable String botToken) {
			this.botToken = botToken;
		}

		public @Nullable Long getBotId() {
			return this.botId;
		}

		public void setBotId(@Nullable Long botId) {
			this.botId = botId;
		}

		public @Nullable String getPublicKey() {
			return this.publicKey;
		}

		public void setPublicKey(@Nullable String publicKey) {
			this.publicKey = publicKey;
		}

		public Duration getMaxAge() {
			return this.maxAge;
		}

		public void setMaxAge(Duration maxAge) {
			this.maxAge = maxAge;
		}

		public boolean isAuthorizationHeader() {
			return this.authorizationHeader;
		}

		public void setAuthorizationHeader(boolean authorizationHeader) {
			this.authorizationHeader = authorizationHeader;
		}

		@Override
		public String toString() {
			return "MiniApp[botId=" + this.botId + ", maxAge=" + this.maxAge + ", botToken=[PROTECTED]]";
		}

	}

	/**
	 * Telegram's own login over OpenID Connect (oauth.telegram.org), through Spring Security's oauth2Login(); needs
	 * spring-security-oauth2-client and spring-security-oauth2-jose.
	 */
	public static class Telegram {

		/**
		 * Client id: the bot's numeric id, from BotFather. Setting it switches the OpenID Connect login on.
		 */
		private @Nullable String clientId;

		/**
		 * Client secret from BotFather. Server-side only; never logged.
		 */
		private @Nullable String clientSecret;

		/**
		 * Issuer; its endpoints are at Telegram's paths below it (/auth, /token, /.well-known/jwks.json).
		 */
		private String issuerUri = "https://oauth.telegram.org";

		/**
		 * Scopes to ask for: openid and profile, plus phone for the phone number and telegram:bot_access to let the
		 * bot message the user.
		 */
		private List<String> scopes = new ArrayList<>(List.of("openid", "profile"));

		/**
		 * Where the browser goes back after connecting a Telegram identity through the OpenID Connect login (account
		 * linking), with ?linked=oidc or ?link_error=...; defaults to the success URL.
		 */
		private @Nullable String linkRedirectUrl;

		/**
		 * The one JWS algorithm the ID tokens may use: the one chosen for the bot in BotFather (RS256, Telegram's
		 * default, ES256, EdDSA, or ES256K with bcprov on the class path, its curve not being in the JDK).
		 */
		private String jwsAlgorithm = "RS256";

		public @Nullable String getClientId() {
			return this.clientId;
		}

		public void setClientId(@Nullable String clientId) {
			this.clientId = clientId;
		}

		public @Nullable String getClientSecret() {
			return this.clientSecret;
		}

		public void setClientSecret(@Nullable String clientSecret) {
			this.clientSecret = clientSecret;
		}

		public String getIssuerUri() {
			return this.issuerUri;
		}

		public void setIssuerUri(String issuerUri) {
			this.issuerUri = issuerUri;
		}

		public List<String> getScopes() {
			return this.scopes;
		}

		public void setScopes(List<String> scopes) {
			this.scopes = scopes;
		}

		public String getJwsAlgorithm() {
			return this.jwsAlgorithm;
		}

		public @Nullable String getLinkRedirectUrl() {
			return this.linkRedirectUrl;
		}

		public void setLinkRedirectUrl(@Nullable String linkRedirectUrl) {
			this.linkRedirectUrl = linkRedirectUrl;
		}

		public void setJwsAlgorithm(String jwsAlgorithm) {
			this.jwsAlgorithm = jwsAlgorithm;
		}

		@Override
		public String toString() {
			return "Telegram[clientId=" + this.clientId + ", issuerUri=" + this.issuerUri
					+ ", clientSecret=[PROTECTED]]";
		}

	}

	/**
	 * Upstream HTTP calls.
	 */
	public static class Http {

		/**
		 * Connect timeout of upstream calls.
		 */
		private Duration connectTimeout = Duration.ofSeconds(2);

		/**
		 * Deadline of each upstream answer, headers and body.
		 */
		private Duration readTimeout = Duration.ofSeconds(5);

		/**
		 * HTTP client of upstream calls: "auto" (Jetty's when Jetty 12's jetty-client is on the classpath, else the
		 * JDK's), "jdk" (java.net.http, nothing to add; HTTP/2 over TLS) or "jetty" (Jetty 12's jetty-client, which
		 * the app adds: less CPU per call and no thread started per answer; HTTP/1.1; start-up fails without it).
		 */
		private HttpClientType client = HttpClientType.AUTO;

		public Duration getConnectTimeout() {
			return this.connectTimeout;
		}

		public void setConnectTimeout(Duration connectTimeout) {
			this.connectTimeout = connectTimeout;
		}

		public Duration getReadTimeout() {
			return this.readTimeout;
		}

		public void setReadTimeout(Duration readTimeout) {
			this.readTimeout = readTimeout;
		}

		public HttpClientType getClient() {
			return this.client;
		}

		public void setClient(HttpClientType client) {
			this.client = client;
		}

	}

	/**
	 * Throttling of the login endpoints; over a limit, 429 rate_limited with Retry-After and no upstream call.
	 */
	public static class Throttle {

		/**
		 * Whether to throttle the login endpoints.
		 */
		private boolean enabled = true;

		/**
		 * Logins started (/start and /otp) per browser session.
		 */
		private final Limit startsPerSession = new Limit(10, Duration.ofMinutes(1));

		/**
		 * Logins started per client address.
		 */
		private final Limit startsPerAddress = new Limit(30, Duration.ofMinutes(1));

		/**
		 * Status polls per browser session.
		 */
		private final Limit statusPerSession = new Limit(60, Duration.ofMinutes(1));

		/**
		 * Least time between two OTPs sent to one phone number, counted from the first (Xellar documents one login
		 * request per minute); a second request within it answers 429 with Retry-After. 0 turns it off.
		 */
		private Duration otpSendInterval = Duration.ofMinutes(1);

		/**
		 * OTPs sent to one phone number.
		 */
		private final Limit otpRequestsPerPhone = new Limit(3, Duration.ofMinutes(10));

		/**
		 * Codes submitted (/otp/verify) per browser session, whatever phone numbers they are for.
		 */
		private final Limit otpVerificationsPerSession = new Limit(30, Duration.ofMinutes(10));

		/**
		 * Codes submitted per client address, whatever sessions and phone numbers they are for.
		 */
		private final Limit otpVerificationsPerAddress = new Limit(60, Duration.ofMinutes(10));

		/**
		 * Codes checked for one phone number, from any browser.
		 */
		private final Limit otpVerificationsPerPhone = new Limit(10, Duration.ofHours(1));

		/**
		 * Proofs posted to /proof per browser session.
		 */
		private final Limit proofsPerSession = new Limit(10, Duration.ofMinutes(1));

		/**
		 * Proofs posted to /proof per client address.
		 */
		private final Limit proofsPerAddress = new Limit(30, Duration.ofMinutes(1));

		/**
		 * Reverse proxies (IP addresses or CIDR ranges) whose X-Forwarded-For header is trusted to name the client
		 * address. Empty by default: the header is ignored, since any client can send it.
		 */
		private List<String> trustedProxies = new ArrayList<>();

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Limit getStartsPerSession() {
			return this.startsPerSession;
		}

		public Limit getStartsPerAddress() {
			return this.startsPerAddress;
		}

		public Limit getStatusPerSession() {
			return this.statusPerSession;
		}

		public Duration getOtpSendInterval() {
			return this.otpSendInterval;
		}

		public void setOtpSendInterval(Duration otpSendInterval) {
			this.otpSendInterval = otpSendInterval;
		}

		public Limit getOtpRequestsPerPhone() {
			return this.otpRequestsPerPhone;
		}

		public Limit getOtpVerificationsPerSession() {
			return this.otpVerificationsPerSession;
		}

		public Limit getOtpVerificationsPerAddress() {
			return this.otpVerificationsPerAddress;
		}

		public Limit getOtpVerificationsPerPhone() {
			return this.otpVerificationsPerPhone;
		}

		public Limit getProofsPerSession() {
			return this.proofsPerSession;
		}

		public Limit getProofsPerAddress() {
			return this.proofsPerAddress;
		}

		public List<String> getTrustedProxies() {
			return this.trustedProxies;
		}

		public void setTrustedProxies(List<String> trustedProxies) {
			this.trustedProxies = trustedProxies;
		}

		void check(List<String> problems) {
			this.startsPerSession.check(problems, "starts-per-session");
			this.startsPerAddress.check(problems, "starts-per-address");
			this.statusPerSession.check(problems, "status-per-session");
			if (this.otpSendInterval == null || this.otpSendInterval.isNegative()
					|| this.otpSendInterval.compareTo(ThrottleLimit.MAX_WINDOW) > 0) {
				problems.add("tglogin.throttle.otp-send-interval must be between 0s and 1d");
			}
			this.otpRequestsPerPhone.check(problems, "otp-requests-per-phone");
			this.otpVerificationsPerSession.check(problems, "otp-verifications-per-session");
			this.otpVerificationsPerAddress.check(problems, "otp-verifications-per-address");
			this.otpVerificationsPerPhone.check(problems, "otp-verifications-per-phone");
			this.proofsPerSession.check(problems, "proofs-per-session");
			this.proofsPerAddress.check(problems, "proofs-per-address");
			if (this.trustedProxies != null) {
				try {
					new ClientAddressResolver(this.trustedProxies);
				}
				catch (IllegalArgumentException ex) {
					problems.add("tglogin.throttle.trusted-proxies: " + ex.getMessage());
				}
			}
		}

		/**
		 * A limit: at most so many per fixed window.
		 */
		public static class Limit {

			/**
			 * Most events allowed per window; 0 turns the limit off.
			 */
			private int limit;

			/**
			 * Length of the fixed window, from 1 second to 1 day.
			 */
			private @Nullable Duration window;

			public Limit() {
			}

			Limit(int limit, Duration window) {
				this.limit = limit;
				this.window = window;
			}

			public int getLimit() {
				return this.limit;
			}

			public void setLimit(int limit) {
				this.limit = limit;
			}

			public @Nullable Duration getWindow() {
				return this.window;
			}

			public void setWindow(@Nullable Duration window) {
				this.window = window;
			}

			void check(List<String> problems, String name) {
				if (this.limit < 0) {
					problems.add("tglogin.throttle." + name + ".limit cannot be negative (0 turns it off)");
				}
				if (this.window == null || this.window.compareTo(Duration.ofSeconds(1)) < 0
						|| this.window.compareTo(ThrottleLimit.MAX_WINDOW) > 0) {
					problems.add("tglogin.throttle." + name + ".window must be between 1s and 1d");
				}
			}

		}

	}

	/**
	 * Local emulator of Bondify and Xellar, for development and tests.
	 */
	public static class Emulator {

		/**
		 * Whether to mount the emulator of both upstreams and point the library at it. Development only: refuses to
		 * start together with real credentials or base URLs, or when server.address is not a loopback address
		 * (see allow-remote-access).
		 */
		private boolean enabled;

		/**
		 * Whether the emulator may be reachable from other hosts: start when server.address is not a loopback
		 * address (or not set, which means every network interface), and answer requests from non-loopback
		 * addresses. Anyone who reaches the emulator can log in to the app as anyone.
		 */
		private boolean allowRemoteAccess;

		/**
		 * Path the emulator is mounted under.
		 */
		private String path = "/tglogin-emulator";

		/**
		 * Lifetime of emulated Bondify login sessions (Bondify's is fixed at 10 minutes; shorten for tests).
		 */
		private Duration sessionLifetime = BondifyProtocol.SESSION_LIFETIME;

		/**
		 * Minimum time between two OTP requests for one phone number (Xellar documents one per minute).
		 */
		private Duration otpRequestInterval = Duration.ofSeconds(30);

		/**
		 * With tglogin.bondify.webhook.enabled, how long after a confirmation or cancellation on the emulated Telegram
		 * page the emulator sends its signed webhook to this app (retried like Bondify's when not answered 2xx).
		 */
		private Duration webhookDelay = Duration.ZERO;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public boolean isAllowRemoteAccess() {
			return this.allowRemoteAccess;
		}

		public void setAllowRemoteAccess(boolean allowRemoteAccess) {
			this.allowRemoteAccess = allowRemoteAccess;
		}

		public String getPath() {
			return this.path;
		}

		public void setPath(String path) {
			this.path = path;
		}

		public Duration getSessionLifetime() {
			return this.sessionLifetime;
		}

		public void setSessionLifetime(Duration sessionLifetime) {
			this.sessionLifetime = sessionLifetime;
		}

		public Duration getOtpRequestInterval() {
			return this.otpRequestInterval;
		}

		public void setOtpRequestInterval(Duration otpRequestInterval) {
			this.otpRequestInterval = otpRequestInterval;
		}

		public Duration getWebhookDelay() {
			return this.webhookDelay;
		}

		public void setWebhookDelay(Duration webhookDelay) {
			this.webhookDelay = webhookDelay;
		}

	}

	/**
	 * Where the shared store lives.
	 */
	public enum StoreType {

		/** In this JVM's memory: right for a single instance. */
		MEMORY,

		/** In the app's DataSource, shared by all instances. */
		JDBC,

		/** In the app's Redis (spring-data-redis), shared by all instances. */
		REDIS

	}

	/**
	 * The JDBC store ({@code tglogin.store=jdbc}).
	 */
	public static class Jdbc {

		/**
		 * When to create the store's tables at start-up if they do not exist (CREATE ... IF NOT EXISTS): "embedded"
		 * (in-memory databases such as H2 only, never DDL against a production database unless asked), "always"
		 * ("true" is read as always) or "never" ("false"). Otherwise create them with the scripts in the jar,
		 * dev/tglogin/store/schema-*.sql.
		 */
		private String initializeSchema = "embedded";

		/**
		 * How often expired rows are deleted.
		 */
		private Duration cleanupInterval = Duration.ofMinutes(5);

		public String getInitializeSchema() {
			return this.initializeSchema;
		}

		public void setInitializeSchema(String initializeSchema) {
			this.initializeSchema = initializeSchema;
		}

		/**
		 * Returns the schema initialization mode, {@code null} when the value is not one of the accepted ones.
		 * @return {@code embedded}, {@code always} or {@code never}
		 */
		@Nullable String initializeSchemaMode() {
			String value = (this.initializeSchema != null) ? this.initializeSchema.trim().toLowerCase(java.util.Locale.ROOT)
					: "";
			return switch (value) {
				case "embedded" -> "embedded";
				case "always", "true" -> "always";
				case "never", "false" -> "never";
				default -> null;
			};
		}

		public Duration getCleanupInterval() {
			return this.cleanupInterval;
		}

		public void setCleanupInterval(Duration cleanupInterval) {
			this.cleanupInterval = cleanupInterval;
		}

	}

	/**
	 * The Redis store ({@code tglogin.store=redis}).
	 */
	public static class Redis {

		/**
		 * The prefix of every key the store writes (so that several apps can share one Redis).
		 */
		private String keyPrefix = "tglogin:";

		public String getKeyPrefix() {
			return this.keyPrefix;
		}

		public void setKeyPrefix(String keyPrefix) {
			this.keyPrefix = keyPrefix;
		}

	}

}
