package dev.tglogin.oidc;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.web.util.UriComponentsBuilder;

import dev.tglogin.web.link.AccountLinkingUserFilter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class TelegramOidcLinkStartFilterTests {

	private final TelegramOidcLinkRequests requests = new TelegramOidcLinkRequests();

	private final TelegramOidcLinkStartFilter filter = new TelegramOidcLinkStartFilter("/login/telegram/link/oidc",
			new InMemoryClientRegistrationRepository(TelegramOidc.clientRegistration("42", "secret").build()),
			"telegram", this.requests);

	@AfterEach
	void clear() {
		SecurityContextHolder.clearContext();
	}

	@Test
	void doFilterWhenJsonThenAuthorizeUrlWithPkceNonceAndTheLoginCallbackKeptForTheUser() throws Exception {
		MockHttpServletRequest request = linking(post());
		request.addHeader("Accept", "application/json");
		MockHttpServletResponse response = new MockHttpServletResponse();

		this.filter.doFilter(request, response, new MockFilterChain());

		assertThat(response.getStatus()).isEqualTo(200);
		String url = com.nimbusds.jose.util.JSONObjectUtils.parse(response.getContentAsString())
			.get("redirectUrl")
			.toString();
		var query = UriComponentsBuilder.fromUriString(url).build(true).getQueryParams();
		assertThat(url).startsWith("https://oauth.telegram.org/auth?");
		assertThat(query.getFirst("code_challenge_method")).isEqualTo("S256");
		assertThat(query.getFirst("nonce")).isNotBlank();
		assertThat(query.getFirst("redirect_uri")).isEqualTo("http://localhost/login/oauth2/code/telegram");
		MockHttpServletRequest callback = new MockHttpServletRequest("GET", "/login/oauth2/code/telegram");
		callback.setSession(request.getSession());
		callback.setParameter("state", URLDecoder.decode(query.getFirst("state"), StandardCharsets.UTF_8));
		assertThat(this.requests.loadAuthorizationRequest(callback)).isNotNull();
	}

	@Test
	void doFilterWhenHtmlFormThenRedirectedToTelegram() throws Exception {
		MockHttpServletRequest request = linking(post());
		request.addHeader("Accept", "text/html,application/xhtml+xml,*/*;q=0.8");
		MockHttpServletResponse response = new MockHttpServletResponse();

		this.filter.doFilter(request, response, new MockFilterChain());

		assertThat(response.getStatus()).isEqualTo(302);
		assertThat(response.getRedirectedUrl()).startsWith("https://oauth.telegram.org/auth?");
	}

	@Test
	void doFilterWhenOtherRequestThenPassedOn() throws Exception {
		MockFilterChain chain = new MockFilterChain();
		this.filter.doFilter(new MockHttpServletRequest("GET", "/login/telegram/link/oidc"),
				new MockHttpServletResponse(), chain);
		assertThat(chain.getRequest()).isNotNull();
	}

	@Test
	void doFilterWhenGuardDidNotRunThenIllegalState() {
		assertThatIllegalStateException().isThrownBy(
				() -> this.filter.doFilter(post(), new MockHttpServletResponse(), new MockFilterChain()));
	}

	private static MockHttpServletRequest post() {
		return new MockHttpServletRequest("POST", "/login/telegram/link/oidc");
	}

	/** The request as it leaves the account-linking guard, alice signed in with a password. */
	private static MockHttpServletRequest linking(MockHttpServletRequest request) throws Exception {
		SecurityContextHolder.getContext()
			.setAuthentication(UsernamePasswordAuthenticationToken.authenticated("alice", null, List.of()));
		MockFilterChain chain = new MockFilterChain();
		new AccountLinkingUserFilter("/login/telegram").doFilter(request, new MockHttpServletResponse(), chain);
		assertThat(chain.getRequest()).isSameAs(request);
		return request;
	}

}
