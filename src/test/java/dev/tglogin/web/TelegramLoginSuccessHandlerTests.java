package dev.tglogin.web;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;

import dev.tglogin.core.TelegramAuthenticationToken;
import dev.tglogin.core.TelegramLoginFlow;
import dev.tglogin.core.TelegramUser;
import dev.tglogin.xellar.XellarWalletCredentials;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TelegramLoginSuccessHandler}.
 */
class TelegramLoginSuccessHandlerTests {

	private final TelegramUser user = TelegramUser.withId(TelegramLoginFlow.BONDIFY, "42")
		.displayName("Ada")
		.username("ada")
		.phone("+447700900123")
		.build();

	@Test
	void onAuthenticationSuccessWhenNoSavedRequestThenTheSuccessUrlUnderTheContextPathAndThePublicUser()
			throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/app/login/telegram/status");
		request.setContextPath("/app");
		MockHttpServletResponse response = new MockHttpServletResponse();
		new TelegramLoginSuccessHandler("/home").onAuthenticationSuccess(request, response, authenticated(null));
		assertThat(response.getStatus()).isEqualTo(200);
		Map<String, Object> json = json(response);
		assertThat(json).containsEntry("status", "confirmed")
			.containsEntry("redirectUrl", "/app/home")
			.containsEntry("user", Map.of("id", "42", "name", "Ada", "username", "ada"))
			.doesNotContainKey("walletCreated");
		assertThat(response.getContentAsString()).doesNotContain("+447700900123");
	}

	@Test
	void onAuthenticationSuccessWhenARequestWasSavedThenItsUrlOnceAndItIsRemoved() throws Exception {
		MockHttpServletRequest saved = new MockHttpServletRequest("GET", "/account");
		saved.setServerName("app.example");
		HttpSessionRequestCache cache = new HttpSessionRequestCache();
		cache.saveRequest(saved, new MockHttpServletResponse());
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/login/telegram/status");
		request.setSession(saved.getSession());
		MockHttpServletResponse response = new MockHttpServletResponse();
		TelegramLoginSuccessHandler handler = new TelegramLoginSuccessHandler("/");
		handler.onAuthenticationSuccess(request, response, authenticated(null));
		// "?continue" is Spring Security's marker that lets the request cache match the request after login
		assertThat(json(response).get("redirectUrl")).isEqualTo("http://app.example/account?continue");
		assertThat(cache.getRequest(request, new MockHttpServletResponse())).isNull();
	}

	@Test
	void onAuthenticationSuccessWhenAbsoluteSuccessUrlThenAsIs() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setContextPath("/app");
		MockHttpServletResponse response = new MockHttpServletResponse();
		new TelegramLoginSuccessHandler("https://app.example/welcome").onAuthenticationSuccess(request, response,
				authenticated(null));
		assertThat(json(response)).containsEntry("redirectUrl", "https://app.example/welcome");
	}

	@Test
	void onAuthenticationSuccessWhenXellarWalletThenWalletCreatedButNoToken() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		new TelegramLoginSuccessHandler("/").onAuthenticationSuccess(new MockHttpServletRequest(), response,
				authenticated(XellarWalletCredentials.wallet("xw_wallet_token", "xr_refresh", List.of())));
		assertThat(json(response)).containsEntry("walletCreated", true);
		assertThat(response.getContentAsString()).doesNotContain("xw_wallet_token", "xr_refresh");
	}

	@Test
	void onAuthenticationSuccessWhenNotATelegramLoginThenNoUser() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		new TelegramLoginSuccessHandler("/").onAuthenticationSuccess(new MockHttpServletRequest(), response,
				new TestingAuthenticationToken("user", "password", "ROLE_USER"));
		assertThat(json(response)).containsOnlyKeys("status", "redirectUrl");
	}

	private TelegramAuthenticationToken authenticated(XellarWalletCredentials credentials) {
		return (credentials != null)
				? TelegramAuthenticationToken.authenticated(this.user, this.user, credentials,
						AuthorityUtils.createAuthorityList("ROLE_USER"))
				: TelegramAuthenticationToken.authenticated(this.user, this.user,
						AuthorityUtils.createAuthorityList("ROLE_USER"));
	}

	private static Map<String, Object> json(MockHttpServletResponse response) throws Exception {
		return FilterCalls.json(response);
	}

}
