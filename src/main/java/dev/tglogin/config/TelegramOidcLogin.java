package dev.tglogin.config;

import java.util.Set;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationContext;
import org.springframework.core.ResolvableType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.ExceptionHandlingConfigurer;
import org.springframework.security.oauth2.client.endpoint.OAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.OAuth2AuthorizationCodeGrantRequest;
import org.springframework.security.oauth2.client.endpoint.RestClientAuthorizationCodeTokenResponseClient;
import org.springframework.security.oauth2.client.oidc.authentication.OidcAuthorizationCodeAuthenticationProvider;
import org.springframework.security.oauth2.client.oidc.authentication.OidcIdTokenDecoderFactory;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.jwt.JwtDecoderFactory;
import org.springframework.security.web.authentication.Http403ForbiddenEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.web.accept.HeaderContentNegotiationStrategy;

import dev.tglogin.oidc.TelegramClientRegistrationRepository;
import dev.tglogin.oidc.TelegramIdTokenDecoderFactory;
import dev.tglogin.oidc.TelegramOidc;
import dev.tglogin.oidc.TelegramOidcUserService;

/**
 * Adds Telegram's OpenID Connect login to a chain through Spring Security's {@code oauth2Login()}: the Telegram
 * registration beside the app's own ones ({@link TelegramClientRegistrationRepository}), the
 * {@link TelegramOidcUserService} with the shared user mapper, ID tokens decoded with the configured algorithm only
 * ({@link TelegramIdTokenDecoderFactory}), the success URL, and the base path (the default login page, or the app's
 * own page there) as {@code oauth2Login}'s login page, so a failed login comes back to it with {@code ?error} and
 * Spring's generated page is not added. Not an {@code AbstractHttpConfigurer}: it adds
 * {@code oauth2Login()} while {@link TelegramLoginConfigurer} initializes, which a configurer added then could not.
 * <p>
 * Resolves from the {@link ApplicationContext}: a unique {@link ClientRegistrationRepository} bean (the app's
 * registrations), a unique {@code OAuth2UserService<OidcUserRequest, OidcUser>} and a unique
 * {@code JwtDecoderFactory<ClientRegistration>} (used for the app's other registrations), a unique
 * {@code OAuth2AccessTokenResponseClient<OAuth2AuthorizationCodeGrantRequest>} (for account linking, as
 * {@code oauth2Login()} does).
 */
final class TelegramOidcLogin {

	private TelegramOidcLogin() {
	}

	/**
	 * Adds the login when the flow is on ({@link AbstractOidcSpec#enabled()}, checked first by the caller so that
	 * this class loads only with the OAuth2 dependencies present).
	 * @param http the chain
	 * @param spec the DSL settings
	 * @param settings the shared settings
	 * @return whether the flow is on
	 */
	static boolean apply(HttpSecurity http, AbstractOidcSpec<?> spec, TelegramLoginSettings settings) {
		String clientId = spec.clientId();
		String clientSecret = spec.clientSecret();
		if (!spec.enabled() || clientId == null || clientSecret == null) {
			return false;
		}
		ApplicationContext context = http.getSharedObject(ApplicationContext.class);
		// made on first use: an issuer with ${...} (the emulator's, on the port the server got) is resolved then
		Supplier<ClientRegistration> telegram = () -> TelegramOidc
			.clientRegistration(resolve(context, spec.issuerUri()), clientId, clientSecret)
			.scope(spec.scopes())
			.build();
		ClientRegistrationRepository registrations = new TelegramClientRegistrationRepository(
				TelegramOidc.REGISTRATION_ID, telegram,
				Collaborators.bean(context, ClientRegistrationRepository.class));
		TelegramOidcUserService userService = new TelegramOidcUserService(userService(context),
				TelegramOidc.REGISTRATION_ID);
		userService.setUserMapper(settings.userMapper());
		TelegramIdTokenDecoderFactory decoders = TelegramIdTokenDecoderFactory.of(spec.jwsAlgorithm(),
				TelegramOidc.REGISTRATION_ID, decoderFactory(context));
		if (settings.accountLinks() != null) {
			// applied later by applyLinking(..), after the account-linking guard
			String linkRedirectUrl = spec.linkRedirectUrl();
			String redirectUrl = (linkRedirectUrl != null) ? linkRedirectUrl : settings.successUrl();
			http.setSharedObject(OidcLinkConfigurer.class, new OidcLinkConfigurer(settings, registrations, decoders,
					userService(context), accessTokenResponseClient(context), redirectUrl));
		}
		keepJsonRequestsOutOfTheRedirect(http);
		try {
			http.oauth2Login((oauth2) -> {
				oauth2.clientRegistrationRepository(registrations)
					.userInfoEndpoint((userInfo) -> userInfo.oidcUserService(userService))
					.defaultSuccessUrl(settings.successUrl())
					.withObjectPostProcessor(new ObjectPostProcessor<OidcAuthorizationCodeAuthenticationProvider>() {
						@Override
						public <O extends OidcAuthorizationCodeAuthenticationProvider> O postProcess(O provider) {
							provider.setJwtDecoderFactory(decoders);
							return provider;
						}
					})
					.loginPage(settings.path(""));
			});
		}
		catch (Exception ex) {
			throw new IllegalStateException("Cannot add oauth2Login()", ex);
		}
		return true;
	}

	/**
	 * Adds account linking through the OpenID Connect login ({@link OidcLinkConfigurer}), when {@link #apply} made it:
	 * called after the account-linking guard is added, so that its endpoint comes after it.
	 * @param http the chain
	 */
	static void applyLinking(HttpSecurity http) {
		OidcLinkConfigurer linking = http.getSharedObject(OidcLinkConfigurer.class);
		if (linking == null) {
			return;
		}
		try {
			http.with(linking, Customizer.withDefaults());
		}
		catch (Exception ex) {
			throw new IllegalStateException("Cannot add " + OidcLinkConfigurer.class.getSimpleName(), ex);
		}
	}

	/**
	 * {@code oauth2Login()} sends every unauthenticated request that is not {@code XMLHttpRequest} to its login page;
	 * requests asking for JSON (the library's endpoints, APIs) keep getting 403 instead of a redirect, as without it.
	 * Registered before {@code oauth2Login()}'s own entry point, so it is tried first.
	 */
	@SuppressWarnings("unchecked")
	private static void keepJsonRequestsOutOfTheRedirect(HttpSecurity http) {
		ExceptionHandlingConfigurer<HttpSecurity> exceptions = http.getConfigurer(ExceptionHandlingConfigurer.class);
		if (exceptions == null) {
			return;
		}
		MediaTypeRequestMatcher json = new MediaTypeRequestMatcher(new HeaderContentNegotiationStrategy(),
				MediaType.APPLICATION_JSON);
		json.setIgnoredMediaTypes(Set.of(MediaType.ALL));
		exceptions.defaultAuthenticationEntryPointFor(new Http403ForbiddenEntryPoint(), json);
	}

	private static String resolve(@Nullable ApplicationContext context, String issuerUri) {
		return (context != null && issuerUri.contains("${"))
				? context.getEnvironment().resolveRequiredPlaceholders(issuerUri) : issuerUri;
	}

	@SuppressWarnings("unchecked")
	private static OAuth2UserService<OidcUserRequest, OidcUser> userService(@Nullable ApplicationContext context) {
		Object bean = uniqueBean(context, ResolvableType.forClassWithGenerics(OAuth2UserService.class,
				OidcUserRequest.class, OidcUser.class));
		return (bean != null) ? (OAuth2UserService<OidcUserRequest, OidcUser>) bean : new OidcUserService();
	}

	@SuppressWarnings("unchecked")
	private static JwtDecoderFactory<ClientRegistration> decoderFactory(@Nullable ApplicationContext context) {
		Object bean = uniqueBean(context,
				ResolvableType.forClassWithGenerics(JwtDecoderFactory.class, ClientRegistration.class));
		return (bean != null) ? (JwtDecoderFactory<ClientRegistration>) bean : new OidcIdTokenDecoderFactory();
	}

	@SuppressWarnings("unchecked")
	private static OAuth2AccessTokenResponseClient<OAuth2AuthorizationCodeGrantRequest> accessTokenResponseClient(
			@Nullable ApplicationContext context) {
		Object bean = uniqueBean(context, ResolvableType.forClassWithGenerics(OAuth2AccessTokenResponseClient.class,
				OAuth2AuthorizationCodeGrantRequest.class));
		// what oauth2Login() uses
		return (bean != null) ? (OAuth2AccessTokenResponseClient<OAuth2AuthorizationCodeGrantRequest>) bean
				: new RestClientAuthorizationCodeTokenResponseClient();
	}

	private static @Nullable Object uniqueBean(@Nullable ApplicationContext context, ResolvableType type) {
		return (context != null) ? context.getBeanProvider(type).getIfUnique() : null;
	}

}
