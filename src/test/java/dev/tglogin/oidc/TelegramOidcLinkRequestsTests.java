package dev.tglogin.oidc;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.authentication.RememberMeAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class TelegramOidcLinkRequestsTests {

	private final TelegramOidcLinkRequests requests = new TelegramOidcLinkRequests();

	private final MockHttpSession session = new MockHttpSession();

	@AfterEach
	void clear() {
		SecurityContextHolder.clearContext();
	}

	@Test
	void loadWhenSameUserAndStateThenFoundAndRemovedOnce() {
		signIn(password("alice"));
		this.requests.saveAuthorizationRequest(authorizationRequest("state-1"), request(null), response());

		assertThat(this.requests.loadAuthorizationRequest(request("state-1"))).isNotNull();
		assertThat(this.requests.loadAuthorizationRequest(request("other-state"))).isNull();
		assertThat(this.requests.removeAuthorizationRequest(request("state-1"), response())).isNotNull();
		assertThat(this.requests.loadAuthorizationRequest(request("state-1"))).isNull();
	}

	@Test
	void loadWhenAnotherUserSignedInSinceThenNotFound() {
		signIn(password("alice"));
		this.requests.saveAuthorizationRequest(authorizationRequest("state-1"), request(null), response());

		signIn(password("carol"));

		assertThat(this.requests.loadAuthorizationRequest(request("state-1"))).isNull();
		assertThat(this.requests.removeAuthorizationRequest(request("state-1"), response())).isNull();
	}

	@Test
	void loadWhenNotSignedInNowThenNotFound() {
		signIn(password("alice"));
		this.requests.saveAuthorizationRequest(authorizationRequest("state-1"), request(null), response());

		signIn(new RememberMeAuthenticationToken("key", "alice", AuthorityUtils.createAuthorityList("ROLE_USER")));
		assertThat(this.requests.loadAuthorizationRequest(request("state-1"))).isNull();
		SecurityContextHolder.clearContext();
		assertThat(this.requests.loadAuthorizationRequest(request("state-1"))).isNull();
		assertThat(this.requests.linkingUser()).isNull();
	}

	@Test
	void saveWhenNoLocalUserThenIllegalState() {
		assertThatIllegalStateException().isThrownBy(() -> this.requests
			.saveAuthorizationRequest(authorizationRequest("state-1"), request(null), response()));
	}

	private static Authentication password(String username) {
		return UsernamePasswordAuthenticationToken.authenticated(username, null, List.of());
	}

	private static void signIn(Authentication user) {
		SecurityContextHolder.getContext().setAuthentication(user);
	}

	private MockHttpServletRequest request(String state) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/login/oauth2/code/telegram");
		request.setSession(this.session);
		if (state != null) {
			request.setParameter("state", state);
		}
		return request;
	}

	private static MockHttpServletResponse response() {
		return new MockHttpServletResponse();
	}

	private static OAuth2AuthorizationRequest authorizationRequest(String state) {
		return OAuth2AuthorizationRequest.authorizationCode()
			.authorizationUri("https://oauth.telegram.org/auth")
			.clientId("42")
			.redirectUri("http://localhost/login/oauth2/code/telegram")
			.state(state)
			.build();
	}

}
