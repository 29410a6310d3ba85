package dev.tglogin.config;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.oauth2.client.web.OAuth2LoginAuthenticationFilter;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.web.util.UriComponents;
import org.springframework.web.util.UriComponentsBuilder;

import dev.tglogin.core.TelegramLoginConfigurationException;
import dev.tglogin.test.ClientRegistrations;
import dev.tglogin.web.ui.TelegramLoginPageFilter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link TelegramOidcLogin} through the {@code telegramLogin()} DSL, in real {@code SecurityFilterChain}s.
 */
class TelegramOidcLoginTests {

	@Test
	void configureWhenClientIdThenOauth2LoginFilters() {
		try (TestChain chain = TestChain.build((telegram) -> telegram
			.oidc((oidc) -> oidc.clientId("1234567890").clientSecret("bot-client-secret")))) {
			assertThat(chain.filterTypes()).contains(TelegramLoginPageFilter.class,
					OAuth2AuthorizationRequestRedirectFilter.class, OAuth2LoginAuthenticationFilter.class);
		}
	}

	@Test
	void configureWhenNoClientIdThenNoOauth2Login() {
		try (TestChain chain = TestChain.build((telegram) -> telegram
			.xellar((xellar) -> xellar.clientSecret("xellar-client-secret")))) {
			assertThat(chain.filterTypes()).doesNotContain(OAuth2LoginAuthenticationFilter.class);
		}
	}

	@Test
	void authorizationWhenTelegramThenRedirectWithPkceNonceAndScopes() throws Exception {
		try (TestChain chain = TestChain.build((telegram) -> telegram.oidc((oidc) -> oidc.clientId("1234567890")
			.clientSecret("bot-client-secret")
			.scopes("openid", "profile", "phone")))) {
			MockHttpServletResponse response = get(chain, "/oauth2/authorization/telegram");
			assertThat(response.getStatus()).isEqualTo(302);
			UriComponents redirect = UriComponentsBuilder.fromUriString(response.getRedirectedUrl()).build();
			assertThat(redirect.getHost()).isEqualTo("oauth.telegram.org");
			assertThat(redirect.getPath()).isEqualTo("/auth");
			assertThat(redirect.getQueryParams().getFirst("client_id")).isEqualTo("1234567890");
			assertThat(redirect.getQueryParams().getFirst("code_challenge_method")).isEqualTo("S256");
			assertThat(redirect.getQueryParams().getFirst("code_challenge")).isNotBlank();
			assertThat(redirect.getQueryParams().getFirst("nonce")).isNotBlank();
			assertThat(redirect.getQueryParams().getFirst("scope")).isEqualTo("openid%20profile%20phone");
			assertThat(redirect.toUriString()).doesNotContain("bot-client-secret");
		}
	}

	@Test
	void authorizationWhenAppHasRegistrationsThenTheyStayBesideTelegrams() throws Exception {
		try (TestChain chain = TestChain.build(
				(telegram) -> telegram.oidc((oidc) -> oidc.clientId("1234567890").clientSecret("bot-client-secret")),
				(beans) -> beans.registerBean(ClientRegistrationRepository.class,
						() -> new InMemoryClientRegistrationRepository(ClientRegistrations.app("github"))))) {
			assertThat(get(chain, "/oauth2/authorization/github").getRedirectedUrl())
				.startsWith("https://example.org/authorize");
			assertThat(get(chain, "/oauth2/authorization/telegram").getRedirectedUrl())
				.startsWith("https://oauth.telegram.org/auth");
		}
	}

	@Test
	void configureWhenNoClientSecretThenConfigurationException() {
		assertThatExceptionOfType(BeanCreationException.class)
			.isThrownBy(() -> TestChain.build((telegram) -> telegram.oidc((oidc) -> oidc.clientId("1234567890"))))
			.havingRootCause()
			.isInstanceOf(TelegramLoginConfigurationException.class)
			.withMessageContaining("tglogin.telegram.client-secret");
	}

	@Test
	void configureWhenHmacAlgorithmThenRefused() {
		assertThatExceptionOfType(BeanCreationException.class)
			.isThrownBy(() -> TestChain.build((telegram) -> telegram.oidc((oidc) -> oidc.clientId("1234567890")
				.clientSecret("bot-client-secret")
				.jwsAlgorithm("HS256"))))
			.havingRootCause()
			.withMessageContaining("Unsupported ID-token algorithm HS256");
	}

	private static MockHttpServletResponse get(TestChain chain, String path) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
		request.setServerName("app.example");
		MockHttpServletResponse response = new MockHttpServletResponse();
		chain.context().getBean("springSecurityFilterChain", FilterChainProxy.class)
			.doFilter(request, response, new MockFilterChain());
		return response;
	}


}
