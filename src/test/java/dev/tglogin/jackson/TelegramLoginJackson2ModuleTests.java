package dev.tglogin.jackson;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.api.Test;

import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.jackson2.SecurityJackson2Modules;

import dev.tglogin.core.TelegramAuthenticationToken;
import dev.tglogin.web.PendingLogin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Stores Telegram logins as a JSON session does with Jackson 2: through an {@code ObjectMapper} with Spring Security's
 * modules and {@link TelegramLoginJackson2Module}, the security context read back as an {@code Object} (Spring
 * Session's attribute type). Runs on Spring Security 6.5 and 7.
 */
@SuppressWarnings("removal") // Spring Security 7 deprecates its Jackson 2 support; 6.5 has only that
class TelegramLoginJackson2ModuleTests {

	private final ObjectMapper mapper = mapper();

	@Test
	void readValueWhenBondifyLoginThenSameLogin() throws Exception {
		assertRoundTrip(JacksonTestTokens.bondify());
	}

	@Test
	void readValueWhenXellarLoginWithWalletThenSameLoginAndTokens() throws Exception {
		assertRoundTrip(JacksonTestTokens.xellarWithWallet());
	}

	@Test
	void readValueWhenXellarLoginWithoutWalletThenSameLoginAndAccessToken() throws Exception {
		assertRoundTrip(JacksonTestTokens.xellarWithoutWallet());
	}

	@Test
	void readValueWhenMiniAppLoginThenSameLoginAndUserFields() throws Exception {
		assertRoundTrip(JacksonTestTokens.miniApp());
	}

	@Test
	void readValueWhenPendingLoginsThenSameLoginsStillMasked() throws Exception {
		for (PendingLogin pending : JacksonTestTokens.pendingLogins()) {
			String json = this.mapper.writeValueAsString(pending);
			JacksonTestTokens.assertRestored(this.mapper.readValue(json, Object.class), pending);
		}
	}

	@Test
	void writeValueWhenLoginThenDerivedValuesAreNotStored() throws Exception {
		String json = this.mapper.writeValueAsString(JacksonTestTokens.context(JacksonTestTokens.xellarWithWallet()));
		assertThat(json).contains("\"walletCreated\":true")
			.doesNotContain("permissionGranted", "acceptPermissionPage", "\"name\"");
	}

	@Test
	void readValueWhenTypeOutsideAllowListThenRefused() throws Exception {
		String json = this.mapper
			.writeValueAsString(JacksonTestTokens.context(JacksonTestTokens.withUnknownPrincipal()));
		assertThat(json).contains(JacksonTestTokens.UnknownPrincipal.class.getName());
		assertThatException().isThrownBy(() -> this.mapper.readValue(json, Object.class))
			.withStackTraceContaining("not in the allowlist");
	}

	@Test
	void readValueWhenModuleMissingThenTelegramLoginRefused() throws Exception {
		String json = this.mapper.writeValueAsString(JacksonTestTokens.context(JacksonTestTokens.bondify()));
		ObjectMapper securityOnly = new ObjectMapper();
		securityOnly.registerModules(SecurityJackson2Modules.getModules(getClass().getClassLoader()));
		assertThatException().isThrownBy(() -> securityOnly.readValue(json, Object.class))
			.withStackTraceContaining("not in the allowlist");
	}

	private void assertRoundTrip(TelegramAuthenticationToken token) throws Exception {
		String json = this.mapper.writeValueAsString(JacksonTestTokens.context(token));
		Object restored = this.mapper.readValue(json, Object.class);
		assertThat(restored).isInstanceOf(SecurityContext.class);
		JacksonTestTokens.assertRestored(((SecurityContext) restored).getAuthentication(), token);
	}

	/** Spring Security's modules, Jackson's java.time and ours, as an app configures Spring Session's mapper. */
	static ObjectMapper mapper() {
		ObjectMapper mapper = new ObjectMapper();
		ClassLoader loader = TelegramLoginJackson2ModuleTests.class.getClassLoader();
		mapper.registerModules(SecurityJackson2Modules.getModules(loader));
		mapper.registerModule(new JavaTimeModule());
		mapper.registerModule(new TelegramLoginJackson2Module());
		return mapper;
	}

}
