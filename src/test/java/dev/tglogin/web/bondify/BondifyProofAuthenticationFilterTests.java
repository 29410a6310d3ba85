package dev.tglogin.web.bondify;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;

import dev.tglogin.bondify.BondifyProofAuthenticationToken;
import dev.tglogin.bondify.InvalidProofException;
import dev.tglogin.core.TelegramAuthenticationToken;
import dev.tglogin.core.TelegramLoginFlow;
import dev.tglogin.core.TelegramUser;
import dev.tglogin.web.HttpSessionPendingLoginRepository;
import dev.tglogin.web.PendingBondifyLogin;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link BondifyProofAuthenticationFilter}.
 */
class BondifyProofAuthenticationFilterTests {

	private static final String SESSION_TOKEN = "sess_pending_of_this_browser";

	private final HttpSessionPendingLoginRepository pendingLogins = new HttpSessionPendingLoginRepository();

	private final AtomicReference<BondifyProofAuthenticationToken> asked = new AtomicReference<>();

	private final AuthenticationManager accepting = (authentication) -> {
		this.asked.set((BondifyProofAuthenticationToken) authentication);
		TelegramUser user = TelegramUser.withId(TelegramLoginFlow.BONDIFY, "42").displayName("Ada").build();
		return TelegramAuthenticationToken.authenticated(user, user, AuthorityUtils.createAuthorityList("ROLE_USER"));
	};

	@AfterEach
	void clearContext() {
		SecurityContextHolder.clearContext();
	}

	@Test
	void doFilterWhenNoPendingLoginThenConflictAndTheManagerIsNotAsked() throws Exception {
		BondifyProofAuthenticationFilter filter = filter(this.accepting);
		MockHttpServletResponse response = post(filter, proofRequest());
		assertThat(response.getStatus()).isEqualTo(409);
		assertThat(response.getContentAsString()).contains("\"no_pending_login\"");
		assertThat(this.asked.get()).isNull();
	}

	@Test
	void doFilterWhenPendingLoginThenItsSessionTokenIsExpectedAndTheLoginIsConsumed() throws Exception {
		BondifyProofAuthenticationFilter filter = filter(this.accepting);
		MockHttpServletRequest request = proofRequest();
		this.pendingLogins.save(new PendingBondifyLogin(SESSION_TOKEN, Instant.now().plusSeconds(600)), request,
				new MockHttpServletResponse());
		MockHttpServletResponse response = post(filter, request);
		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(response.getContentAsString()).contains("\"confirmed\"");
		assertThat(this.asked.get().getExpectedSessionToken()).isEqualTo(SESSION_TOKEN);
		assertThat(this.pendingLogins.load(request, PendingBondifyLogin.class)).isNull();
	}

	@Test
	void doFilterWhenProofRefusedThenUnauthorizedAndThePendingLoginStays() throws Exception {
		BondifyProofAuthenticationFilter filter = filter((authentication) -> {
			throw new InvalidProofException("wrong_session", "Proof was issued for another login session");
		});
		MockHttpServletRequest request = proofRequest();
		this.pendingLogins.save(new PendingBondifyLogin(SESSION_TOKEN, Instant.now().plusSeconds(600)), request,
				new MockHttpServletResponse());
		MockHttpServletResponse response = post(filter, request);
		assertThat(response.getStatus()).isEqualTo(401);
		assertThat(response.getContentAsString()).contains("\"invalid_proof\"");
		assertThat(this.pendingLogins.load(request, PendingBondifyLogin.class)).isNotNull();
	}

	@Test
	void doFilterWhenOptedInAndNoPendingLoginThenAnySessionIsAccepted() throws Exception {
		BondifyProofAuthenticationFilter filter = filter(this.accepting);
		filter.setProofWithoutPendingLogin(true);
		MockHttpServletResponse response = post(filter, proofRequest());
		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(this.asked.get().getExpectedSessionToken()).isNull();
	}

	@Test
	void doFilterWhenBodyIsNotAProofThenBadRequest() throws Exception {
		BondifyProofAuthenticationFilter filter = filter(this.accepting);
		MockHttpServletRequest request = proofRequest();
		request.setContent("{\"proof\":42}".getBytes(StandardCharsets.UTF_8));
		MockHttpServletResponse response = post(filter, request);
		assertThat(response.getStatus()).isEqualTo(400);
		assertThat(response.getContentAsString()).contains("\"invalid_request\"");
		assertThat(this.asked.get()).isNull();
	}

	@Test
	void doFilterWhenAnotherPathOrMethodThenTheChainGoesOn() throws Exception {
		BondifyProofAuthenticationFilter filter = filter(this.accepting);
		MockHttpServletRequest get = proofRequest();
		get.setMethod("GET");
		MockFilterChain chain = new MockFilterChain();
		filter.doFilter(get, new MockHttpServletResponse(), chain);
		assertThat(chain.getRequest()).isSameAs(get);
		MockHttpServletRequest other = proofRequest();
		other.setRequestURI("/login/telegram/status");
		chain = new MockFilterChain();
		filter.doFilter(other, new MockHttpServletResponse(), chain);
		assertThat(chain.getRequest()).isSameAs(other);
		assertThat(this.asked.get()).isNull();
	}

	private BondifyProofAuthenticationFilter filter(AuthenticationManager manager) {
		return new BondifyProofAuthenticationFilter(BondifyProofAuthenticationFilter.DEFAULT_PROOF_URL,
				this.pendingLogins, manager);
	}

	private static MockHttpServletRequest proofRequest() {
		MockHttpServletRequest request = new MockHttpServletRequest("POST",
				BondifyProofAuthenticationFilter.DEFAULT_PROOF_URL);
		request.setContentType("application/json");
		request.setContent("{\"proof\":\"a.b.c\"}".getBytes(StandardCharsets.UTF_8));
		return request;
	}

	private static MockHttpServletResponse post(BondifyProofAuthenticationFilter filter,
			MockHttpServletRequest request) throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		filter.doFilter(request, response, new MockFilterChain());
		return response;
	}

}
