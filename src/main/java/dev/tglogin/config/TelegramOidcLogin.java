package dev.tglogin.config;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationContext;
import org.springframework.core.ResolvableType;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.oidc.authentication.OidcAuthorizationCodeAuthenticationProvider;
import org.springframework.security.oauth2.client.oidc.authentication.OidcIdTokenDecoderFactory;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.jwt.JwtDecoderFactory;

import dev.tglogin.oidc.TelegramClientRegistrationRepository;
import dev.tglogin.oidc.TelegramIdTokenDecoderFactory;
import dev.tglogin.oidc.TelegramOidc;
import dev.tglogin.oidc.TelegramOidcUserService;

/**
 * Adds Telegram's OpenID Connect login to a chain through Spring Security's {@code oauth2Login()}: the Telegram
 * registration beside the app's own ones ({@link TelegramClientRegistrationRepository}), the
 * {@link TelegramOidcUserService} with the shared user mapper, ID tokens decoded with the configured algorithm only
 * ({@link TelegramIdTokenDecoderFactory}), the success URL, and the default login page as {@code oauth2Login}'s page
 * (so a failed login comes back to it with {@code ?error}). Not an {@code AbstractHttpConfigurer}: it adds
 * {@code oauth2Login()} while {@link TelegramLoginConfigurer} initializes, which a configurer added then could not.
 * <p>
 * Resolves from the {@link ApplicationContext}: a unique {@link ClientRegistrationRepository} bean (the app's
 * registrations), a unique {@code OAuth2UserService<OidcUserRequest, OidcUser>} and a unique
 * {@code JwtDecoderFactory<ClientRegistration>} (used for the app's other registrations).
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
	 * @param loginPage whether the default login page is on
	 * @return whether the flow is on
	 */
	static boolean apply(HttpSecurity http, AbstractOidcSpec<?> spec, TelegramLoginSettings settings,
			boolean loginPage) {
		String clientId = spec.clientId();
		String clientSecret = spec.clientSecret();
		if (!spec.enabled() || clientId == null || clientSecret == null) {
			return false;
		}
		ApplicationContext context = http.getSharedObject(ApplicationContext.class);
		ClientRegistration telegram = TelegramOidc.clientRegistration(spec.issuerUri(), clientId, clientSecret)
			.scope(spec.scopes())
			.build();
		ClientRegistrationRepository registrations = new TelegramClientRegistrationRepository(telegram,
				TelegramLoginSettings.bean(context, ClientRegistrationRepository.class));
		TelegramOidcUserService userService = new TelegramOidcUserService(userService(context),
				TelegramOidc.REGISTRATION_ID);
		userService.setUserMapper(settings.userMapper());
		TelegramIdTokenDecoderFactory decoders = new TelegramIdTokenDecoderFactory(
				TelegramIdTokenDecoderFactory.algorithm(spec.jwsAlgorithm()), TelegramOidc.REGISTRATION_ID,
				decoderFactory(context));
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
					});
				if (loginPage) {
					oauth2.loginPage(settings.basePath());
				}
			});
		}
		catch (Exception ex) {
			throw new IllegalStateException("Cannot add oauth2Login()", ex);
		}
		return true;
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

	private static @Nullable Object uniqueBean(@Nullable ApplicationContext context, ResolvableType type) {
		return (context != null) ? context.getBeanProvider(type).getIfUnique() : null;
	}

}
