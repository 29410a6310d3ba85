package dev.tglogin.oidc;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.util.Assert;

import dev.tglogin.core.TelegramFactor;
import dev.tglogin.core.TelegramLoginFlow;
import dev.tglogin.core.TelegramMappingContext;
import dev.tglogin.core.TelegramUser;
import dev.tglogin.core.TelegramUserMapper;

/**
 * The {@code OidcUserService} of a chain with Telegram's OpenID Connect login: for the Telegram registration it
 * lets Spring's {@link OidcUserService} build the user from the validated ID token, maps Telegram's claims to a
 * {@link TelegramUser} (flow {@link TelegramLoginFlow#OIDC}), runs the {@link TelegramUserMapper} and returns a
 * {@link TelegramOidcUser} with the mapper's authorities plus the Telegram factor ({@link TelegramFactor}); every
 * other registration is left to the delegate as it is.
 * <p>
 * Claims: the user's id is the numeric Telegram id in the {@code id} claim when present, else {@code sub}; the
 * display name is {@code name} (else {@code given_name} and {@code family_name}); the username is
 * {@code preferred_username}; the phone number is {@code phone_number} (with the {@code phone} scope and the user's
 * consent). This class is thread-safe.
 */
public final class TelegramOidcUserService implements OAuth2UserService<OidcUserRequest, OidcUser> {

	private final OAuth2UserService<OidcUserRequest, OidcUser> delegate;

	private final String registrationId;

	private TelegramUserMapper userMapper = TelegramUserMapper.withAuthorities("ROLE_USER");

	/**
	 * Creates the service for the {@value TelegramOidc#REGISTRATION_ID} registration over Spring's
	 * {@link OidcUserService}.
	 */
	public TelegramOidcUserService() {
		this(new OidcUserService(), TelegramOidc.REGISTRATION_ID);
	}

	/**
	 * Creates the service.
	 * @param delegate the service that loads the user of every registration (the app's, or Spring's)
	 * @param registrationId the id of the Telegram registration
	 */
	public TelegramOidcUserService(OAuth2UserService<OidcUserRequest, OidcUser> delegate, String registrationId) {
		Assert.notNull(delegate, "delegate cannot be null");
		Assert.hasText(registrationId, "registrationId cannot be empty");
		this.delegate = delegate;
		this.registrationId = registrationId;
	}

	/**
	 * Sets how verified Telegram users become principals. Defaults to the Telegram user with {@code ROLE_USER}.
	 * @param userMapper the mapper
	 */
	public void setUserMapper(TelegramUserMapper userMapper) {
		Assert.notNull(userMapper, "userMapper cannot be null");
		this.userMapper = userMapper;
	}

	@Override
	public OidcUser loadUser(OidcUserRequest userRequest) throws OAuth2AuthenticationException {
		OidcUser user = this.delegate.loadUser(userRequest);
		if (!this.registrationId.equals(userRequest.getClientRegistration().getRegistrationId())) {
			return user;
		}
		TelegramUser telegramUser = telegramUser(user.getIdToken());
		TelegramUserMapper.MappedUser mapped = this.userMapper.map(telegramUser, TelegramMappingContext.of(null));
		List<GrantedAuthority> authorities = new ArrayList<>(mapped.authorities());
		Instant issuedAt = user.getIdToken().getIssuedAt();
		TelegramFactor.authority((issuedAt != null) ? issuedAt : Instant.now()).ifPresent(authorities::add);
		return new TelegramOidcUser(telegramUser, mapped.principal(), authorities, user.getIdToken(),
				user.getUserInfo());
	}

	/**
	 * Maps the claims of a validated Telegram ID token (as {@link #loadUser} does, without the mapper): for code that
	 * holds the {@code OidcUser} of a Telegram login, such as account linking.
	 * @param idToken the ID token
	 * @return the Telegram user (flow {@link TelegramLoginFlow#OIDC})
	 * @throws OAuth2AuthenticationException when the token names no user
	 */
	public static TelegramUser telegramUser(OidcIdToken idToken) {
		String id = text(idToken.getClaims().get("id"));
		if (id == null) {
			id = text(idToken.getSubject());
		}
		if (id == null) {
			throw new OAuth2AuthenticationException(
					new OAuth2Error("invalid_id_token", "The ID token names no Telegram user", null));
		}
		String name = text(idToken.getFullName());
		if (name == null) {
			String given = text(idToken.getGivenName());
			String family = text(idToken.getFamilyName());
			name = text(((given != null) ? given : "") + " " + ((family != null) ? family : ""));
		}
		return TelegramUser.withId(TelegramLoginFlow.OIDC, id)
			.displayName(name)
			.username(text(idToken.getPreferredUsername()))
			.phone(text(idToken.getPhoneNumber()))
			.build();
	}

	private static @Nullable String text(@Nullable Object value) {
		if (value == null) {
			return null;
		}
		String text = value.toString().trim();
		return text.isEmpty() ? null : text;
	}

}
