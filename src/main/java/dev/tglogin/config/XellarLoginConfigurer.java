package dev.tglogin.config;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationContext;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.DefaultAuthenticationEventPublisher;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.util.Assert;

import dev.tglogin.core.TelegramLoginFlow;
import dev.tglogin.core.TelegramUserMapper;
import dev.tglogin.http.UpstreamHttpClient;
import dev.tglogin.web.PendingLoginRepository;
import dev.tglogin.web.link.AccountLinkPendingLoginRepository;
import dev.tglogin.web.throttle.LoginThrottle;
import dev.tglogin.web.xellar.XellarLoginFilter;
import dev.tglogin.web.xellar.XellarOtpFilter;
import dev.tglogin.xellar.HttpXellarClient;
import dev.tglogin.xellar.XellarAuthenticationProvider;
import dev.tglogin.xellar.XellarClient;

/**
 * Adds the Xellar Telegram OTP login to a {@code SecurityFilterChain}. {@link TelegramLoginConfigurer} applies it
 * when the flow is on (see {@link TelegramLoginConfigurer.XellarSpec}), with the settings both flows share.
 *
 * <h2>Security Filters</h2>
 *
 * The following filters are added, in this order, before {@link UsernamePasswordAuthenticationFilter} (so after
 * {@code CsrfFilter}):
 * <ul>
 * <li>{@link XellarOtpFilter}: {@code POST <base>/otp}</li>
 * <li>{@link XellarLoginFilter}: {@code POST <base>/otp/verify}</li>
 * <li>with account links on: a {@link XellarOtpFilter} at {@code POST <base>/link/otp} and a
 * {@link XellarLoginFilter} at {@code POST <base>/link/otp/verify} that link the identity to the signed-in user</li>
 * </ul>
 *
 * <h2>Shared Objects Used</h2>
 *
 * <ul>
 * <li>{@link AuthenticationManager}: a {@link XellarAuthenticationProvider} built here from the client, the store
 * and the user mapper is added to it; it is never taken from or published as a bean</li>
 * <li>{@code SessionAuthenticationStrategy}, {@code SecurityContextRepository}, {@code RememberMeServices},
 * {@code RequestCache}: the completion of logins (see {@link TelegramLoginSettings#configureCompletion})</li>
 * <li>{@link ApplicationContext}: a unique {@link XellarClient} bean is used when the DSL sets none</li>
 * </ul>
 */
final class XellarLoginConfigurer extends AbstractHttpConfigurer<XellarLoginConfigurer, HttpSecurity> {

	private final AbstractXellarSpec<?> spec;

	private final TelegramLoginSettings settings;

	private final XellarClient client;

	private XellarLoginConfigurer(AbstractXellarSpec<?> spec, TelegramLoginSettings settings, XellarClient client) {
		this.spec = spec;
		this.settings = settings;
		this.client = client;
	}

	/**
	 * Resolves the flow's client: the DSL value, else a unique bean, else one built from the settings.
	 * @param spec the DSL settings of the flow
	 * @param settings the settings both flows share
	 * @param context the application context, if any
	 * @return the configurer, or {@code null} when the flow is off (no client secret and no client)
	 */
	static @Nullable XellarLoginConfigurer create(AbstractXellarSpec<?> spec, TelegramLoginSettings settings,
			@Nullable ApplicationContext context) {
		Assert.notNull(spec, "spec cannot be null");
		Assert.notNull(settings, "settings cannot be null");
		XellarClient client = Collaborators.resolve(spec.client(), context, XellarClient.class);
		String clientSecret = spec.clientSecret();
		if (client == null && clientSecret == null) {
			return null;
		}
		if (client == null) {
			HttpXellarClient http = new HttpXellarClient(settings.upstream("xellar", null, context), spec.baseUrl(),
					spec.apiVersion(), clientSecret);
			http.setSendOtpPath(spec.sendOtpPath());
			http.setPhoneNumberFormat(spec.phoneNumberFormat());
			client = http;
		}
		return new XellarLoginConfigurer(spec, settings, client);
	}

	@Override
	public void init(HttpSecurity http) {
		XellarAuthenticationProvider provider = new XellarAuthenticationProvider(this.client, this.settings.store());
		provider.setUserMapper(this.settings.userMapper());
		http.authenticationProvider(this.settings.observed(postProcess(provider), TelegramLoginFlow.XELLAR));
	}

	@Override
	public void configure(HttpSecurity http) {
		XellarOtpFilter otp = otpFilter("/otp", this.settings.pendingLogins());
		XellarLoginFilter login = verifyFilter("/otp/verify", this.settings.pendingLogins(),
				http.getSharedObject(AuthenticationManager.class));
		this.settings.configureCompletion(login, http);
		login.setAuthenticationEventPublisher(authenticationEventPublisher(http));
		TelegramLoginEndpoints.add(http, postProcess(otp));
		TelegramLoginEndpoints.add(http, postProcess(login));
		if (this.settings.accountLinks() != null) {
			configureLinking(http);
		}
	}

	/**
	 * Adds {@code <base>/link/otp} and {@code <base>/link/otp/verify}: the same flow, run by a signed-in local user to
	 * connect their Telegram identity (see {@link TelegramLoginSettings#configureLinkCompletion}), with a provider of
	 * their own whose mapper takes every verified user as is (the app's mapper would refuse an identity that is not
	 * linked yet).
	 */
	private void configureLinking(HttpSecurity http) {
		XellarAuthenticationProvider provider = new XellarAuthenticationProvider(this.client, this.settings.store());
		provider.setUserMapper(TelegramUserMapper.withAuthorities());
		PendingLoginRepository pendingLinks = new AccountLinkPendingLoginRepository();
		XellarOtpFilter otp = otpFilter("/link/otp", pendingLinks);
		XellarLoginFilter verify = verifyFilter("/link/otp/verify", pendingLinks, new ProviderManager(provider));
		this.settings.configureLinkCompletion(verify, http);
		http.addFilterBefore(otp, UsernamePasswordAuthenticationFilter.class);
		http.addFilterBefore(verify, UsernamePasswordAuthenticationFilter.class);
	}

	private XellarOtpFilter otpFilter(String endpoint, PendingLoginRepository pendingLogins) {
		XellarOtpFilter otp = new XellarOtpFilter(this.settings.path(endpoint), this.client, pendingLogins);
		otp.setRequestMatcher(this.settings.paths().post(endpoint));
		otp.setMessages(this.settings.messages());
		LoginThrottle throttle = this.settings.throttle();
		if (throttle != null) {
			otp.setThrottle(throttle);
		}
		return otp;
	}

	private XellarLoginFilter verifyFilter(String endpoint, PendingLoginRepository pendingLogins,
			AuthenticationManager authenticationManager) {
		XellarLoginFilter verify = new XellarLoginFilter(this.settings.path(endpoint), pendingLogins,
				this.settings.store(), authenticationManager);
		verify.setRequiresAuthenticationRequestMatcher(this.settings.paths().post(endpoint));
		verify.setMaxAttempts(this.spec.maxOtpAttempts());
		verify.setConcurrentSubmissionTimeout(this.settings.concurrentTurn());
		verify.setMessages(this.settings.messages());
		LoginThrottle throttle = this.settings.throttle();
		if (throttle != null) {
			verify.setThrottle(throttle);
		}
		return verify;
	}

	/**
	 * The app's {@link AuthenticationEventPublisher} bean, else Spring's default one publishing to the application
	 * context (as {@code HttpSecurity} resolves it for its authentication manager).
	 */
	private AuthenticationEventPublisher authenticationEventPublisher(HttpSecurity http) {
		ApplicationContext context = http.getSharedObject(ApplicationContext.class);
		AuthenticationEventPublisher publisher = Collaborators.bean(context,
				AuthenticationEventPublisher.class);
		return (publisher != null) ? publisher : postProcess(new DefaultAuthenticationEventPublisher());
	}

}
