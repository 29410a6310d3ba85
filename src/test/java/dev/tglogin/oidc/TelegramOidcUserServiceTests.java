package dev.tglogin.oidc;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.DisabledException;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

import dev.tglogin.core.TelegramLoginFlow;
import dev.tglogin.core.TelegramUser;
import dev.tglogin.core.TelegramUserMapper;
import dev.tglogin.test.Factors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class TelegramOidcUserServiceTests {

	private final ClientRegistration telegram = TelegramOidc.clientRegistration("42", "secret").build();

	private final TelegramOidcUserService service = new TelegramOidcUserService();

	@Test
	void loadUserWhenTelegramIdTokenThenTelegramUserFromClaims() {
		OidcUser user = this.service.loadUser(request(this.telegram, claims(Map.of("id", 123456789L, "name",
				"Ada Lovelace", "preferred_username", "ada", "phone_number", "+4915112345678"))));
		assertThat(user).isInstanceOf(TelegramOidcUser.class);
		TelegramUser telegramUser = ((TelegramOidcUser) user).getTelegramUser();
		assertThat(telegramUser.getFlow()).isEqualTo(TelegramLoginFlow.OIDC);
		assertThat(telegramUser.getId()).isEqualTo("123456789");
		assertThat(telegramUser.getDisplayName()).isEqualTo("Ada Lovelace");
		assertThat(telegramUser.getUsername()).isEqualTo("ada");
		assertThat(telegramUser.getPhone()).isEqualTo("+4915112345678");
		assertThat(user.getName()).isEqualTo("subject-1");
		assertThat(((TelegramOidcUser) user).getApplicationPrincipal()).isEqualTo(telegramUser);
		assertThat(AuthorityUtils.authorityListToSet(user.getAuthorities()))
			.isEqualTo(Factors.withTelegramFactor("ROLE_USER"));
		assertThat(user.toString()).doesNotContain("+4915112345678");
	}

	@Test
	void loadUserWhenNoIdClaimThenSubjectAndGivenFamilyName() {
		OidcUser user = this.service
			.loadUser(request(this.telegram, claims(Map.of("given_name", "Ada", "family_name", "Lovelace"))));
		TelegramUser telegramUser = ((TelegramOidcUser) user).getTelegramUser();
		assertThat(telegramUser.getId()).isEqualTo("subject-1");
		assertThat(telegramUser.getDisplayName()).isEqualTo("Ada Lovelace");
		assertThat(telegramUser.getUsername()).isNull();
	}

	@Test
	void loadUserWhenMapperThenItsPrincipalAndAuthorities() {
		this.service.setUserMapper((user) -> new TelegramUserMapper.MappedUser("app-user-" + user.getId(),
				AuthorityUtils.createAuthorityList("ROLE_ADMIN")));
		TelegramOidcUser user = (TelegramOidcUser) this.service
			.loadUser(request(this.telegram, claims(Map.of("id", 7))));
		assertThat(user.getApplicationPrincipal()).isEqualTo("app-user-7");
		assertThat(AuthorityUtils.authorityListToSet(user.getAuthorities()))
			.isEqualTo(Factors.withTelegramFactor("ROLE_ADMIN"));
	}

	@Test
	void loadUserWhenMapperChoosesALocalUserThenTheNameIsItsUsername() {
		this.service.setUserMapper((user) -> new TelegramUserMapper.MappedUser(
				User.withUsername("alice").password("{noop}x").roles("ADMIN").build(),
				AuthorityUtils.createAuthorityList("ROLE_ADMIN")));
		TelegramOidcUser user = (TelegramOidcUser) this.service
			.loadUser(request(this.telegram, claims(Map.of("id", 7))));
		assertThat(user.getName()).isEqualTo("alice");
		assertThat(user.getTelegramUser().getId()).isEqualTo("7");
		assertThat(user.getSubject()).isEqualTo("subject-1");
	}

	@Test
	void loadUserWhenMapperChoosesANamedPrincipalThenItsName() {
		this.service.setUserMapper((user) -> new TelegramUserMapper.MappedUser(
				(java.security.Principal) () -> "app-user", AuthorityUtils.createAuthorityList("ROLE_USER")));
		assertThat(this.service.loadUser(request(this.telegram, claims(Map.of("id", 7)))).getName())
			.isEqualTo("app-user");
	}

	@Test
	void loadUserWhenMapperRefusesThenItsException() {
		this.service.setUserMapper((user) -> {
			throw new DisabledException("disabled");
		});
		assertThatExceptionOfType(DisabledException.class)
			.isThrownBy(() -> this.service.loadUser(request(this.telegram, claims(Map.of()))));
	}

	@Test
	void loadUserWhenOtherRegistrationThenDelegatesResultUnchanged() {
		ClientRegistration other = ClientRegistration.withClientRegistration(this.telegram)
			.registrationId("google")
			.build();
		OidcUser user = this.service.loadUser(request(other, claims(Map.of("id", 7))));
		assertThat(user).isNotInstanceOf(TelegramOidcUser.class);
		assertThat(user.getName()).isEqualTo("subject-1");
	}

	@Test
	void telegramUserWhenBlankIdAndSubjectThenInvalidIdToken() {
		OidcIdToken token = new OidcIdToken("token", Instant.now(), Instant.now().plusSeconds(60),
				Map.of("sub", " ", "id", ""));
		assertThatExceptionOfType(OAuth2AuthenticationException.class)
			.isThrownBy(() -> TelegramOidcUserService.telegramUser(token))
			.satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo("invalid_id_token"));
	}

	private static Map<String, Object> claims(Map<String, Object> more) {
		Map<String, Object> claims = new HashMap<>(more);
		claims.put("sub", "subject-1");
		claims.put("iss", "https://oauth.telegram.org");
		claims.put("aud", java.util.List.of("42"));
		return claims;
	}

	private static OidcUserRequest request(ClientRegistration registration, Map<String, Object> claims) {
		Instant now = Instant.now();
		OidcIdToken idToken = new OidcIdToken("id-token", now, now.plusSeconds(60), claims);
		OAuth2AccessToken accessToken = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "access", now,
				now.plusSeconds(60));
		return new OidcUserRequest(registration, accessToken, idToken);
	}

}
