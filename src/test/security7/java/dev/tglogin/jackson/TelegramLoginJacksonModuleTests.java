package dev.tglogin.jackson;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.jackson.SecurityJacksonModules;

import dev.tglogin.core.TelegramAuthenticationToken;
import dev.tglogin.web.PendingLogin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Stores Telegram logins as a JSON session does with Jackson 3 (Spring Security 7): through a {@code JsonMapper}
 * with Spring Security's modules and {@link TelegramLoginJacksonModule}, its types added to the same allow-list.
 */
class TelegramLoginJacksonModuleTests {

	private final JsonMapper mapper = mapper();

	@Test
	void readValueWhenBondifyLoginThenSameLogin() {
		assertRoundTrip(JacksonTestTokens.bondify());
	}

	@Test
	void readValueWhenXellarLoginWithWalletThenSameLoginAndTokens() {
		assertRoundTrip(JacksonTestTokens.xellarWithWallet());
	}

	@Test
	void readValueWhenXellarLoginWithoutWalletThenSameLoginAndAccessToken() {
		assertRoundTrip(JacksonTestTokens.xellarWithoutWallet());
	}

	@Test
	void readValueWhenMiniAppLoginThenSameLoginAndUserFields() {
		assertRoundTrip(JacksonTestTokens.miniApp());
	}

	@Test
	void readValueWhenPendingLoginsThenSameLoginsStillMasked() {
		for (PendingLogin pending : JacksonTestTokens.pendingLogins()) {
			String json = this.mapper.writeValueAsString(pending);
			JacksonTestTokens.assertRestored(this.mapper.readValue(json, Object.class), pending);
		}
	}

	@Test
	void readValueWhenFactorAuthorityThenSameFactor() {
		List<GrantedAuthority> authorities = List.of(FactorGrantedAuthority.withAuthority("FACTOR_TELEGRAM")
			.issuedAt(Instant.parse("2026-11-30T04:00:00Z"))
			.build());
		assertRoundTrip(JacksonTestTokens.bondify().withAuthorities(authorities));
	}

	@Test
	void readValueWhenTypeOutsideAllowListThenRefused() {
		String json = this.mapper
			.writeValueAsString(JacksonTestTokens.context(JacksonTestTokens.withUnknownPrincipal()));
		assertThat(json).contains(JacksonTestTokens.UnknownPrincipal.class.getName());
		assertThatException().isThrownBy(() -> this.mapper.readValue(json, Object.class))
			.withStackTraceContaining(JacksonTestTokens.UnknownPrincipal.class.getName())
			.withStackTraceContaining("denied resolution");
	}

	@Test
	void readValueWhenTypesNotAllowedThenTelegramLoginRefused() {
		String json = this.mapper.writeValueAsString(JacksonTestTokens.context(JacksonTestTokens.bondify()));
		JsonMapper securityOnly = JsonMapper.builder()
			.addModules(SecurityJacksonModules.getModules(getClass().getClassLoader()))
			.addModule(new TelegramLoginJacksonModule())
			.build();
		assertThatException().isThrownBy(() -> securityOnly.readValue(json, Object.class))
			.withStackTraceContaining(TelegramAuthenticationToken.class.getName())
			.withStackTraceContaining("denied resolution");
	}

	private void assertRoundTrip(TelegramAuthenticationToken token) {
		String json = this.mapper.writeValueAsString(JacksonTestTokens.context(token));
		Object restored = this.mapper.readValue(json, Object.class);
		assertThat(restored).isInstanceOf(SecurityContext.class);
		JacksonTestTokens.assertRestored(((SecurityContext) restored).getAuthentication(), token);
	}

	private static JsonMapper mapper() {
		TelegramLoginJacksonModule telegram = new TelegramLoginJacksonModule();
		BasicPolymorphicTypeValidator.Builder types = BasicPolymorphicTypeValidator.builder();
		telegram.configurePolymorphicTypeValidator(types);
		ClassLoader loader = TelegramLoginJacksonModuleTests.class.getClassLoader();
		return JsonMapper.builder()
			.addModules(SecurityJacksonModules.getModules(loader, types))
			.addModule(telegram)
			.build();
	}

}
