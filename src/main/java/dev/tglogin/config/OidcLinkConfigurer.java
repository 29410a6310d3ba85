package dev.tglogin.config;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationContext;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.endpoint.OAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.OAuth2AuthorizationCodeGrantRequest;
import org.springframework.security.oauth2.client.oidc.authentication.OidcAuthorizationCodeAuthenticationProvider;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.OAuth2LoginAuthenticationFilter;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.jwt.JwtDecoderFactory;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.context.NullSecurityContextRepository;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.util.UriComponentsBuilder;

import dev.tglogin.link.TelegramAccountLinks;
import dev.tglogin.oidc.TelegramOidc;
import dev.tglogin.oidc.TelegramOidcLinkRequests;
import dev.tglogin.oidc.TelegramOidcLinkStartFilter;
import dev.tglogin.oidc.TelegramOidcUserService;
import dev.tglogin.web.link.TelegramAccountLinkSuccessHandler;

/**
 * Account linking through Telegram's OpenID Connect login; applied by {@link TelegramLoginConfigurer} after
 * {@link AccountLinkConfigurer} (whose guard must run first) when both are on.
 *
 * <h2>Security Filters</h2>
 *
 * <ul>
 * <li>{@link TelegramOidcLinkStartFilter}: {@code POST <base>/link/oidc}, before
 * {@link UsernamePasswordAuthenticationFilter} (after the linking guard and {@code CsrfFilter})</li>
 * <li>a second Spring Security {@link OAuth2LoginAuthenticationFilter} on {@code oauth2Login()}'s callback
 * {@code /login/oauth2/code/telegram}, before {@code oauth2Login()}'s own: it takes only the callbacks of the
 * authorization requests {@link TelegramOidcLinkRequests} kept for the local user signed in now, validates the ID
 * token as a login does (same decoder: issuer, audience, nonce, expiry, algorithm; PKCE), and links the identity
 * ({@link TelegramAccountLinkSuccessHandler}, flow {@code oidc}) without touching the user's security context, then
 * redirects to the link redirect URL with {@code ?linked=oidc}, {@code ?link_error=account_already_linked} or
 * {@code ?link_error=link_failed}</li>
 * </ul>
 */
final class OidcLinkConfigurer extends AbstractHttpConfigurer<OidcLinkConfigurer, HttpSecurity> {

	static final String CALLBACK_PATH = "/login/oauth2/code/" + TelegramOidc.REGISTRATION_ID;

	private final TelegramLoginSettings settings;

	private final ClientRegistrationRepository registrations;

	private final JwtDecoderFactory<ClientRegistration> decoders;

	private final OAuth2UserService<OidcUserRequest, OidcUser> userService;

	private final OAuth2AccessTokenResponseClient<OAuth2AuthorizationCodeGrantRequest> accessTokenResponseClient;

	private final String redirectUrl;

	/**
	 * @param userService the app's user service (not the mapping one: the identity is not linked yet)
	 * @param redirectUrl where the browser goes back after linking
	 */
	OidcLinkConfigurer(TelegramLoginSettings settings, ClientRegistrationRepository registrations,
			JwtDecoderFactory<ClientRegistration> decoders, OAuth2UserService<OidcUserRequest, OidcUser> userService,
			OAuth2AccessTokenResponseClient<OAuth2AuthorizationCodeGrantRequest> accessTokenResponseClient,
			String redirectUrl) {
		this.settings = settings;
		this.registrations = registrations;
		this.decoders = decoders;
		this.userService = userService;
		this.accessTokenResponseClient = accessTokenResponseClient;
		this.redirectUrl = redirectUrl;
	}

	@Override
	public void configure(HttpSecurity http) {
		TelegramAccountLinks links = this.settings.accountLinks();
		if (links == null) {
			return;
		}
		TelegramOidcLinkRequests linkRequests = new TelegramOidcLinkRequests();
		TelegramOidcLinkStartFilter start = new TelegramOidcLinkStartFilter(this.settings.path("/link/oidc"),
				this.registrations, TelegramOidc.REGISTRATION_ID, linkRequests);
		http.addFilterBefore(start, UsernamePasswordAuthenticationFilter.class);
		http.addFilterBefore(callbackFilter(http, links, linkRequests), OAuth2LoginAuthenticationFilter.class);
	}

	private OAuth2LoginAuthenticationFilter callbackFilter(HttpSecurity http, TelegramAccountLinks links,
			TelegramOidcLinkRequests linkRequests) {
		OidcAuthorizationCodeAuthenticationProvider provider = new OidcAuthorizationCodeAuthenticationProvider(
				this.accessTokenResponseClient, this.userService);
		provider.setJwtDecoderFactory(this.decoders);
		OAuth2LoginAuthenticationFilter callback = new OAuth2LoginAuthenticationFilter(this.registrations,
				new NoAuthorizedClients(), CALLBACK_PATH);
		RequestMatcher path = PathPatternRequestMatcher.withDefaults().matcher(CALLBACK_PATH);
		callback.setRequiresAuthenticationRequestMatcher(
				(request) -> path.matches(request) && linkRequests.loadAuthorizationRequest(request) != null);
		callback.setAuthorizationRequestRepository(linkRequests);
		callback.setAuthenticationManager(new ProviderManager(provider));
		TelegramAccountLinkSuccessHandler success = new TelegramAccountLinkSuccessHandler(links);
		success.setTelegramUserResolver((authentication) -> TelegramOidcUserService
			.telegramUser(((OidcUser) authentication.getPrincipal()).getIdToken()));
		success.setLinkingUserResolver((request) -> linkRequests.linkingUser());
		success.setRedirectUrl(this.redirectUrl);
		success.setMessages(this.settings.messages());
		ApplicationContext context = http.getSharedObject(ApplicationContext.class);
		if (context != null) {
			success.setApplicationEventPublisher(context);
		}
		callback.setAuthenticationSuccessHandler(success);
		callback.setAuthenticationFailureHandler(new SimpleUrlAuthenticationFailureHandler(
				UriComponentsBuilder.fromUriString(this.redirectUrl).queryParam("link_error", "link_failed").toUriString()));
		callback.setSecurityContextRepository(new NullSecurityContextRepository());
		callback.setSecurityContextHolderStrategy(new DetachedSecurityContextHolderStrategy());
		return callback;
	}

	/** Linking keeps no authorized client: the access token is not used after the ID token is verified. */
	private static final class NoAuthorizedClients implements OAuth2AuthorizedClientRepository {

		@Override
		public <T extends OAuth2AuthorizedClient> @Nullable T loadAuthorizedClient(String clientRegistrationId,
				Authentication principal, HttpServletRequest request) {
			return null;
		}

		@Override
		public void saveAuthorizedClient(OAuth2AuthorizedClient authorizedClient, Authentication principal,
				HttpServletRequest request, HttpServletResponse response) {
		}

		@Override
		public void removeAuthorizedClient(String clientRegistrationId, Authentication principal,
				HttpServletRequest request, HttpServletResponse response) {
		}

	}

}
