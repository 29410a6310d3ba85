package dev.tglogin.autoconfigure;

import java.util.concurrent.Executor;

import org.jspecify.annotations.Nullable;

import org.springframework.security.config.Customizer;
import org.springframework.util.Assert;

import dev.tglogin.config.TelegramLoginConfigurer;

/**
 * Applies the {@code tglogin.*} properties to a {@link TelegramLoginConfigurer}: the one line that adds Telegram login,
 * as configured, to an app's own {@code SecurityFilterChain}:
 * <pre>
 * &#64;Bean
 * SecurityFilterChain securityFilterChain(HttpSecurity http, TelegramLoginCustomizer telegramLogin) throws Exception {
 *     http.authorizeHttpRequests((authorize) -&gt; authorize.anyRequest().authenticated())
 *         .with(telegramLogin(), telegramLogin);   // or telegramLogin.andThen((t) -&gt; t.successUrl("/home"))
 *     return http.build();
 * }
 * </pre>
 * The flows' clients, verifier, store and user mapper are beans, which the configurer finds by itself.
 */
public final class TelegramLoginCustomizer implements Customizer<TelegramLoginConfigurer> {

	private final TelegramLoginProperties properties;

	private @Nullable Executor statusExecutor;

	TelegramLoginCustomizer(TelegramLoginProperties properties) {
		Assert.notNull(properties, "properties cannot be null");
		this.properties = properties;
	}

	/** Sets the executor of Bondify's status checks (Boot's {@code applicationTaskExecutor}, when the app has it). */
	void setStatusExecutor(Executor statusExecutor) {
		this.statusExecutor = statusExecutor;
	}

	@Override
	public void customize(TelegramLoginConfigurer telegram) {
		telegram.basePath(this.properties.getBasePath())
			.successUrl(this.properties.getSuccessUrl())
			.loginPage(this.properties.getLoginPage().isEnabled())
			.showOnGeneratedLoginPage(this.properties.getLoginPage().isShowOnGeneratedPage())
			.connectTimeout(this.properties.getHttp().getConnectTimeout())
			.readTimeout(this.properties.getHttp().getReadTimeout())
			.httpClient(this.properties.httpClient())
			.bondify(this::bondify)
			.xellar((xellar) -> xellar.maxOtpAttempts(this.properties.getXellar().getMaxOtpAttempts()))
			.miniApp(this::miniApp)
			.throttle(this::throttle);
		TelegramLoginProperties.Telegram oidc = this.properties.getTelegram();
		if (oidc.getClientId() != null) {
			telegram.oidc(this::oidc);
		}
	}

	private void oidc(TelegramLoginConfigurer.OidcSpec spec) {
		TelegramLoginProperties.Telegram telegram = this.properties.getTelegram();
		spec.clientId(telegram.getClientId())
			.issuerUri(telegram.getIssuerUri())
			.scopes(telegram.getScopes().toArray(new String[0]))
			.jwsAlgorithm(telegram.getJwsAlgorithm());
		if (telegram.getClientSecret() != null) {
			spec.clientSecret(telegram.getClientSecret());
		}
		if (telegram.getLinkRedirectUrl() != null && !telegram.getLinkRedirectUrl().isBlank()) {
			spec.linkRedirectUrl(telegram.getLinkRedirectUrl());
		}
	}

	private void bondify(TelegramLoginConfigurer.BondifySpec spec) {
		TelegramLoginProperties.Bondify bondify = this.properties.getBondify();
		spec.pollInterval(bondify.getPollInterval())
			.longPollMaxWait(bondify.getLongPollMaxWait())
			.maxConcurrentStatusCalls(bondify.getMaxConcurrentStatusCalls())
			.longPollMaxHeld(bondify.getLongPollMaxHeld(), bondify.getLongPollMaxHeldPerSession(),
					bondify.getLongPollMaxHeldPerAddress())
			.proofWithoutPendingLogin(bondify.isProofWithoutPendingLogin())
			.webhook(bondify.getWebhook().isEnabled())
			.webhookFallbackCheckInterval(bondify.getWebhook().getFallbackCheckInterval());
		if (this.statusExecutor != null) {
			spec.statusExecutor(this.statusExecutor);
		}
		if (bondify.getUpstreamPollInterval() != null) {
			spec.upstreamPollInterval(bondify.getUpstreamPollInterval());
		}
	}

	private void miniApp(TelegramLoginConfigurer.MiniAppSpec spec) {
		TelegramLoginProperties.MiniApp miniApp = this.properties.getMiniApp();
		if (miniApp.getBotToken() != null && !miniApp.getBotToken().isBlank()) {
			spec.botToken(miniApp.getBotToken());
		}
		if (miniApp.getBotId() != null) {
			spec.botId(miniApp.getBotId());
		}
		if (miniApp.getPublicKey() != null && !miniApp.getPublicKey().isBlank()) {
			spec.publicKey(miniApp.getPublicKey());
		}
		spec.maxAge(miniApp.getMaxAge()).authorizationHeader(miniApp.isAuthorizationHeader());
	}

	private void throttle(TelegramLoginConfigurer.ThrottleSpec spec) {
		TelegramLoginProperties.Throttle throttle = this.properties.getThrottle();
		spec.enabled(throttle.isEnabled())
			.startsPerSession(throttle.getStartsPerSession().getLimit(), throttle.getStartsPerSession().getWindow())
			.startsPerAddress(throttle.getStartsPerAddress().getLimit(), throttle.getStartsPerAddress().getWindow())
			.statusPerSession(throttle.getStatusPerSession().getLimit(), throttle.getStatusPerSession().getWindow())
			.otpSendInterval(throttle.getOtpSendInterval())
			.otpRequestsPerPhone(throttle.getOtpRequestsPerPhone().getLimit(),
					throttle.getOtpRequestsPerPhone().getWindow())
			.otpVerificationsPerSession(throttle.getOtpVerificationsPerSession().getLimit(),
					throttle.getOtpVerificationsPerSession().getWindow())
			.otpVerificationsPerAddress(throttle.getOtpVerificationsPerAddress().getLimit(),
					throttle.getOtpVerificationsPerAddress().getWindow())
			.otpVerificationsPerPhone(throttle.getOtpVerificationsPerPhone().getLimit(),
					throttle.getOtpVerificationsPerPhone().getWindow())
			.proofsPerSession(throttle.getProofsPerSession().getLimit(), throttle.getProofsPerSession().getWindow())
			.proofsPerAddress(throttle.getProofsPerAddress().getLimit(), throttle.getProofsPerAddress().getWindow())
			.trustedProxies(throttle.getTrustedProxies().toArray(new String[0]));
	}

	/**
	 * Returns a customizer that applies the properties, then the given customizer.
	 * @param more further customization
	 * @return the combined customizer
	 */
	public Customizer<TelegramLoginConfigurer> andThen(Customizer<TelegramLoginConfigurer> more) {
		Assert.notNull(more, "more cannot be null");
		return (telegram) -> {
			customize(telegram);
			more.customize(telegram);
		};
	}

}
