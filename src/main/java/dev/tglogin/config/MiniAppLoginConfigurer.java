package dev.tglogin.config;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationContext;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.CsrfConfigurer;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.Assert;

import dev.tglogin.core.TelegramLoginConfigurationException;
import dev.tglogin.core.TelegramLoginFlow;
import dev.tglogin.miniapp.MiniAppAuthenticationProvider;
import dev.tglogin.miniapp.MiniAppInitDataValidator;
import dev.tglogin.web.TelegramLoginFailureHandler;
import dev.tglogin.web.miniapp.MiniAppAuthenticationFilter;
import dev.tglogin.web.miniapp.MiniAppLoginFilter;

/**
 * Adds the Telegram Mini App login to a {@code SecurityFilterChain}. {@link TelegramLoginConfigurer} applies it when
 * the flow is on (see {@link TelegramLoginConfigurer.MiniAppSpec}), with the settings all flows share.
 *
 * <h2>Security Filters</h2>
 *
 * The following filters are added, in this order, before {@link UsernamePasswordAuthenticationFilter} (so after
 * {@code CsrfFilter}):
 * <ul>
 * <li>{@link MiniAppLoginFilter}: {@code POST <base>/miniapp}, init data exchanged for a session</li>
 * <li>{@link MiniAppAuthenticationFilter}: any request with {@code Authorization: tma <initData>}, authenticated for
 * itself only (unless turned off); such requests, but for the exchange, are exempt from CSRF protection, since no
 * browser sends that header by itself</li>
 * </ul>
 *
 * <h2>Shared Objects Used</h2>
 *
 * <ul>
 * <li>{@link AuthenticationManager}: a {@link MiniAppAuthenticationProvider} built here from the validator, the store
 * and the user mapper is added to it; it is never taken from or published as a bean</li>
 * <li>{@link CsrfConfigurer}: told to ignore {@code tma} requests (not the exchange)</li>
 * <li>{@code SessionAuthenticationStrategy}, {@code SecurityContextRepository}, {@code RememberMeServices},
 * {@code RequestCache}: the completion of the session exchange (see
 * {@link TelegramLoginSettings#configureCompletion})</li>
 * <li>{@link ApplicationContext}: a unique {@link MiniAppInitDataValidator} bean is used when the DSL sets none</li>
 * </ul>
 */
final class MiniAppLoginConfigurer extends AbstractHttpConfigurer<MiniAppLoginConfigurer, HttpSecurity> {

	private final AbstractMiniAppSpec<?> spec;

	private final TelegramLoginSettings settings;

	private final MiniAppInitDataValidator validator;

	private MiniAppLoginConfigurer(AbstractMiniAppSpec<?> spec, TelegramLoginSettings settings,
			MiniAppInitDataValidator validator) {
		this.spec = spec;
		this.settings = settings;
		this.validator = validator;
	}

	/**
	 * Resolves the flow's validator: the DSL value, else a unique bean, else one built from the settings.
	 * @param spec the DSL settings of the flow
	 * @param settings the settings all flows share
	 * @param context the application context, if any
	 * @return the configurer, or {@code null} when the flow is off (no bot token, no bot id and no validator)
	 * @throws TelegramLoginConfigurationException when the settings are half or doubly configured
	 */
	static @Nullable MiniAppLoginConfigurer create(AbstractMiniAppSpec<?> spec, TelegramLoginSettings settings,
			@Nullable ApplicationContext context) {
		Assert.notNull(spec, "spec cannot be null");
		Assert.notNull(settings, "settings cannot be null");
		MiniAppInitDataValidator validator = Collaborators.resolve(spec.validator(), context,
				MiniAppInitDataValidator.class);
		if (validator != null) {
			return new MiniAppLoginConfigurer(spec, settings, validator);
		}
		String botToken = spec.botToken();
		Long botId = spec.botId();
		if (botToken == null && botId == null) {
			if (spec.publicKey() != null) {
				throw TelegramLoginConfigurationException
					.of("Mini App login is half-configured: tglogin.mini-app.bot-id is missing (the public key "
							+ "checks signatures for one bot)");
			}
			return null;
		}
		if (botToken != null && botId != null) {
			throw TelegramLoginConfigurationException.of("Mini App login is configured twice: set "
					+ "tglogin.mini-app.bot-token (the bot's own backend) or tglogin.mini-app.bot-id (third parties, "
					+ "Telegram's Ed25519 signature), not both");
		}
		if (botToken != null && spec.publicKey() != null) {
			throw TelegramLoginConfigurationException.of("Mini App login: tglogin.mini-app.public-key belongs to "
					+ "the bot-id mode; with tglogin.mini-app.bot-token it would be ignored, so remove it");
		}
		try {
			validator = (botToken != null) ? MiniAppInitDataValidator.withBotToken(botToken)
					: MiniAppInitDataValidator.withPublicKey(botId, (spec.publicKey() != null) ? spec.publicKey()
							: MiniAppInitDataValidator.PRODUCTION_PUBLIC_KEY);
		}
		catch (IllegalArgumentException ex) {
			throw TelegramLoginConfigurationException.of("Mini App login: " + ((botToken != null)
					? "tglogin.mini-app.bot-token is not a bot token (<bot id>:<secret>)"
					: "tglogin.mini-app.public-key must be 64 hex digits (a raw Ed25519 key)"));
		}
		validator.setMaxAge(spec.maxAge());
		return new MiniAppLoginConfigurer(spec, settings, validator);
	}

	@Override
	@SuppressWarnings("unchecked")
	public void init(HttpSecurity http) {
		MiniAppAuthenticationProvider provider = new MiniAppAuthenticationProvider(this.validator,
				this.settings.store());
		provider.setUserMapper(this.settings.userMapper());
		http.authenticationProvider(this.settings.observed(postProcess(provider), TelegramLoginFlow.MINI_APP));
		CsrfConfigurer<HttpSecurity> csrf = http.getConfigurer(CsrfConfigurer.class);
		if (csrf != null && this.spec.authorizationHeader()) {
			// the exchange makes a session for the browser: it keeps its CSRF protection whatever headers it carries
			RequestMatcher exchange = this.settings.paths().post("/miniapp");
			csrf.ignoringRequestMatchers(
					new AndRequestMatcher(MiniAppAuthenticationFilter.TMA_REQUEST, new NegatedRequestMatcher(exchange)));
		}
	}

	@Override
	public void configure(HttpSecurity http) {
		AuthenticationManager manager = http.getSharedObject(AuthenticationManager.class);
		MiniAppLoginFilter exchange = new MiniAppLoginFilter(this.settings.path("/miniapp"), manager);
		exchange.setRequiresAuthenticationRequestMatcher(this.settings.paths().post("/miniapp"));
		this.settings.configureCompletion(exchange, http);
		TelegramLoginEndpoints.add(http, postProcess(exchange));
		if (this.spec.authorizationHeader()) {
			MiniAppAuthenticationFilter header = new MiniAppAuthenticationFilter(manager);
			AuthenticationFailureHandler failure = this.settings.failureHandler();
			header.setAuthenticationFailureHandler((failure != null) ? failure : new TelegramLoginFailureHandler());
			header.setAuthenticationDetailsSource(this.settings.detailsSource());
			http.addFilterBefore(postProcess(header), UsernamePasswordAuthenticationFilter.class);
		}
	}

}
