package dev.tglogin.config;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationContext;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.CsrfConfigurer;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.util.Assert;

import dev.tglogin.bondify.BondifyAuthenticationProvider;
import dev.tglogin.bondify.BondifyClient;
import dev.tglogin.bondify.BondifyProofVerifier;
import dev.tglogin.bondify.BondifyWebhookOutcomes;
import dev.tglogin.bondify.BondifyWebhookVerifier;
import dev.tglogin.bondify.HttpBondifyClient;
import dev.tglogin.core.TelegramLoginConfigurationException;
import dev.tglogin.core.TelegramLoginFlow;
import dev.tglogin.core.TelegramUserMapper;
import dev.tglogin.http.UpstreamHttpClient;
import dev.tglogin.web.PendingLoginRepository;
import dev.tglogin.web.bondify.BondifyLoginFilter;
import dev.tglogin.web.bondify.BondifyProofAuthenticationFilter;
import dev.tglogin.web.bondify.BondifyStartFilter;
import dev.tglogin.web.bondify.BondifyWebhookFilter;
import dev.tglogin.web.link.AccountLinkPendingLoginRepository;
import dev.tglogin.web.throttle.LoginThrottle;

/**
 * Adds the Bondify deeplink login to a {@code SecurityFilterChain}. {@link TelegramLoginConfigurer} applies it when
 * the flow is on (see {@link TelegramLoginConfigurer.BondifySpec}), with the settings both flows share.
 *
 * <h2>Security Filters</h2>
 *
 * The following filters are added, in this order, before {@link UsernamePasswordAuthenticationFilter} (so after
 * {@code CsrfFilter}):
 * <ul>
 * <li>{@link BondifyStartFilter}: {@code POST <base>/start}</li>
 * <li>{@link BondifyWebhookFilter}: {@code POST <base>/webhook}, when webhooks are on; exempted from CSRF
 * protection, since its HMAC signature authenticates it</li>
 * <li>{@link BondifyLoginFilter}: {@code POST <base>/status}</li>
 * <li>{@link BondifyProofAuthenticationFilter}: {@code POST <base>/proof}</li>
 * <li>with account links on: a {@link BondifyStartFilter} at {@code POST <base>/link/start} and a
 * {@link BondifyLoginFilter} at {@code POST <base>/link/status} that link the identity to the signed-in user</li>
 * </ul>
 *
 * <h2>Shared Objects Used</h2>
 *
 * <ul>
 * <li>{@link AuthenticationManager}: a {@link BondifyAuthenticationProvider} built here from the verifier, the
 * store and the user mapper is added to it; it is never taken from or published as a bean</li>
 * <li>{@code SessionAuthenticationStrategy}, {@code SecurityContextRepository}, {@code RememberMeServices},
 * {@code RequestCache}: the completion of logins (see {@link TelegramLoginSettings#configureCompletion})</li>
 * <li>{@link ApplicationContext}: a unique {@link BondifyClient}, {@link BondifyProofVerifier} or
 * {@link BondifyWebhookVerifier} bean is used when the DSL sets none</li>
 * </ul>
 */
final class BondifyLoginConfigurer extends AbstractHttpConfigurer<BondifyLoginConfigurer, HttpSecurity> {

	private final AbstractBondifySpec<?> spec;

	private final TelegramLoginSettings settings;

	private final BondifyClient client;

	private final BondifyProofVerifier verifier;

	private final @Nullable BondifyWebhookVerifier webhookVerifier;

	private @Nullable BondifyWebhookFilter webhook;

	private @Nullable BondifyWebhookOutcomes webhookOutcomes;

	private BondifyLoginConfigurer(AbstractBondifySpec<?> spec, TelegramLoginSettings settings, BondifyClient client,
			BondifyProofVerifier verifier, @Nullable BondifyWebhookVerifier webhookVerifier) {
		this.spec = spec;
		this.settings = settings;
		this.client = client;
		this.verifier = verifier;
		this.webhookVerifier = webhookVerifier;
	}

	/**
	 * Resolves the flow's collaborators, each the DSL value, else a unique bean, else the default built from the
	 * settings.
	 * @param spec the DSL settings of the flow
	 * @param settings the settings both flows share
	 * @param context the application context, if any
	 * @return the configurer, or {@code null} when the flow is off (nothing set and no client or verifier bean)
	 * @throws IllegalStateException when the flow is half-configured, naming the missing property
	 */
	static @Nullable BondifyLoginConfigurer create(AbstractBondifySpec<?> spec, TelegramLoginSettings settings,
			@Nullable ApplicationContext context) {
		Assert.notNull(spec, "spec cannot be null");
		Assert.notNull(settings, "settings cannot be null");
		String projectId = spec.projectId();
		byte[] secret = spec.secret();
		BondifyClient client = Collaborators.resolve(spec.client(), context, BondifyClient.class);
		BondifyProofVerifier verifier = Collaborators.resolve(spec.verifier(), context,
				BondifyProofVerifier.class);
		if (projectId == null && secret == null && client == null && verifier == null) {
			return null;
		}
		if (verifier == null && (projectId == null || secret == null)) {
			throw TelegramLoginConfigurationException.of("Bondify login is half-configured: "
					+ ((projectId == null) ? "tglogin.bondify.project-id" : "tglogin.bondify.secret") + " is missing");
		}
		if (client == null && projectId == null) {
			throw TelegramLoginConfigurationException.of(
					"Bondify login is half-configured: tglogin.bondify.project-id is missing");
		}
		if (verifier == null) {
			verifier = new BondifyProofVerifier(projectId, secret);
			verifier.setAdditionalSecrets(spec.additionalSecrets());
		}
		if (client == null) {
			client = new HttpBondifyClient(settings.upstream("bondify", spec.statusExecutor(), context), spec.baseUrl(),
					projectId);
		}
		BondifyWebhookVerifier webhookVerifier = spec.webhook() ? webhookVerifier(spec, context) : null;
		return new BondifyLoginConfigurer(spec, settings, client, verifier, webhookVerifier);
	}

	private static BondifyWebhookVerifier webhookVerifier(AbstractBondifySpec<?> spec,
			@Nullable ApplicationContext context) {
		BondifyWebhookVerifier verifier = Collaborators.resolve(spec.webhookVerifier(), context,
				BondifyWebhookVerifier.class);
		if (verifier != null) {
			return verifier;
		}
		byte[] secret = spec.secret();
		if (secret == null) {
			throw TelegramLoginConfigurationException.of("Bondify webhooks need tglogin.bondify.secret (or a "
					+ "BondifyWebhookVerifier bean) to check X-Bondify-Signature");
		}
		BondifyWebhookVerifier built = new BondifyWebhookVerifier(secret);
		built.setAdditionalSecrets(spec.additionalSecrets());
		return built;
	}

	@Override
	@SuppressWarnings("unchecked")
	public void init(HttpSecurity http) {
		BondifyAuthenticationProvider provider = new BondifyAuthenticationProvider(this.verifier,
				this.settings.store());
		provider.setUserMapper(this.settings.userMapper());
		http.authenticationProvider(this.settings.observed(postProcess(provider), TelegramLoginFlow.BONDIFY));
		if (this.webhookVerifier != null) {
			this.webhookOutcomes = new BondifyWebhookOutcomes(this.settings.store());
			this.webhook = new BondifyWebhookFilter(this.settings.path("/webhook"), this.webhookVerifier,
					this.webhookOutcomes);
			this.webhook.setRequestMatcher(this.settings.paths().post("/webhook"));
			this.webhook.setMetrics(this.settings.metrics());
			CsrfConfigurer<HttpSecurity> csrf = http.getConfigurer(CsrfConfigurer.class);
			if (csrf != null) {
				// the HMAC signature authenticates Bondify's calls; they carry no browser CSRF token
				csrf.ignoringRequestMatchers(this.webhook.getRequestMatcher());
			}
		}
	}

	@Override
	public void configure(HttpSecurity http) {
		AuthenticationManager authenticationManager = http.getSharedObject(AuthenticationManager.class);
		BondifyStartFilter start = startFilter("/start", this.settings.pendingLogins());
		BondifyLoginFilter login = statusFilter("/status", this.settings.pendingLogins(), authenticationManager);
		BondifyProofAuthenticationFilter proof = new BondifyProofAuthenticationFilter(this.settings.path("/proof"),
				this.settings.pendingLogins(), authenticationManager);
		proof.setRequiresAuthenticationRequestMatcher(this.settings.paths().post("/proof"));
		proof.setProofWithoutPendingLogin(this.spec.proofWithoutPendingLogin());
		LoginThrottle throttle = this.settings.throttle();
		if (throttle != null) {
			proof.setThrottle(throttle);
		}
		this.settings.configureCompletion(login, http);
		this.settings.configureCompletion(proof, http);
		proof.setMessages(this.settings.messages());
		TelegramLoginEndpoints.add(http, postProcess(start));
		if (this.webhook != null && this.webhookOutcomes != null) {
			login.setWebhookOutcomes(this.webhookOutcomes);
			login.setWebhookFallbackCheckInterval(this.spec.webhookFallbackCheckInterval());
			this.webhook.setMessages(this.settings.messages());
			TelegramLoginEndpoints.add(http, postProcess(this.webhook));
		}
		TelegramLoginEndpoints.add(http, postProcess(login));
		TelegramLoginEndpoints.add(http, postProcess(proof));
		if (this.settings.accountLinks() != null) {
			configureLinking(http);
		}
	}

	/**
	 * Adds {@code <base>/link/start} and {@code <base>/link/status}: the same flow, run by a signed-in local user to
	 * connect their Telegram identity (see {@link TelegramLoginSettings#configureLinkCompletion}). The proof is
	 * verified and used once as for a login, by a provider of their own whose mapper takes every verified user as
	 * is (the app's mapper would refuse an identity that is not linked yet).
	 */
	private void configureLinking(HttpSecurity http) {
		BondifyAuthenticationProvider provider = new BondifyAuthenticationProvider(this.verifier,
				this.settings.store());
		provider.setUserMapper(TelegramUserMapper.withAuthorities());
		PendingLoginRepository pendingLinks = new AccountLinkPendingLoginRepository();
		BondifyStartFilter start = startFilter("/link/start", pendingLinks);
		BondifyLoginFilter status = statusFilter("/link/status", pendingLinks, new ProviderManager(provider));
		this.settings.configureLinkCompletion(status, http);
		http.addFilterBefore(start, UsernamePasswordAuthenticationFilter.class);
		http.addFilterBefore(status, UsernamePasswordAuthenticationFilter.class);
	}

	private BondifyStartFilter startFilter(String endpoint, PendingLoginRepository pendingLogins) {
		BondifyStartFilter start = new BondifyStartFilter(this.settings.path(endpoint), this.client, pendingLogins);
		start.setRequestMatcher(this.settings.paths().post(endpoint));
		start.setPollIntervalMs(this.spec.pollInterval().toMillis());
		start.setMaxWaitSeconds(this.spec.longPollMaxWaitSeconds());
		start.setMessages(this.settings.messages());
		LoginThrottle throttle = this.settings.throttle();
		if (throttle != null) {
			start.setThrottle(throttle);
		}
		return start;
	}

	private BondifyLoginFilter statusFilter(String endpoint, PendingLoginRepository pendingLogins,
			AuthenticationManager authenticationManager) {
		BondifyLoginFilter status = new BondifyLoginFilter(this.settings.path(endpoint), this.client, pendingLogins,
				authenticationManager);
		status.setRequiresAuthenticationRequestMatcher(this.settings.paths().post(endpoint));
		status.setConcurrentPollTimeout(this.settings.concurrentTurn());
		status.setUpstreamPollInterval(this.spec.upstreamPollInterval());
		status.setMaxWaitSeconds(this.spec.longPollMaxWaitSeconds());
		status.setMaxConcurrentStatusCalls(this.spec.maxConcurrentStatusCalls());
		status.setMetrics(this.settings.metrics());
		status.setMaxHeldPolls(this.spec.maxHeldPolls(), this.spec.maxHeldPollsPerSession(),
				this.spec.maxHeldPollsPerAddress());
		status.setConfirmationStore(this.settings.store());
		if (this.spec.statusExecutor() != null) {
			status.setStatusExecutor(this.spec.statusExecutor());
		}
		LoginThrottle throttle = this.settings.throttle();
		if (throttle != null) {
			status.setThrottle(throttle);
			status.setClientAddressResolver(throttle.getClientAddressResolver());
		}
		return status;
	}

}
