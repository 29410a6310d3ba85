package dev.tglogin.web.link;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;

import dev.tglogin.web.FilterCalls;
import dev.tglogin.web.HttpSessionPendingLoginRepository;
import dev.tglogin.web.PendingBondifyLogin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link AccountLinkPendingLoginRepository}.
 */
class AccountLinkPendingLoginRepositoryTests {

	private final AccountLinkPendingLoginRepository repository = new AccountLinkPendingLoginRepository();

	private final MockHttpSession session = new MockHttpSession();

	@Test
	void loadWhenSavedForTheSameUserThenFoundAndNotByTheLoginRepository() throws Exception {
		PendingBondifyLogin pending = new PendingBondifyLogin("sess_1", Instant.parse("2026-11-30T10:00:00Z"));
		this.repository.save(pending, as("alice"), new MockHttpServletResponse());

		assertThat(this.repository.load(as("alice"), PendingBondifyLogin.class)).isSameAs(pending);
		assertThat(new HttpSessionPendingLoginRepository().load(as("alice"), PendingBondifyLogin.class)).isNull();
		this.repository.remove(PendingBondifyLogin.class, as("alice"), new MockHttpServletResponse());
		assertThat(this.repository.load(as("alice"), PendingBondifyLogin.class)).isNull();
	}

	@Test
	void loadWhenAnotherUserSignedInSinceThenNothing() throws Exception {
		this.repository.save(new PendingBondifyLogin("sess_1", Instant.parse("2026-11-30T10:00:00Z")), as("alice"),
				new MockHttpServletResponse());

		assertThat(this.repository.load(as("carol"), PendingBondifyLogin.class)).isNull();
	}

	@Test
	void saveWhenNoLinkingUserThenIllegalState() {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/login/telegram/link/start");
		assertThatIllegalStateException().isThrownBy(() -> this.repository
			.save(new PendingBondifyLogin("sess_1", Instant.now()), request, new MockHttpServletResponse()));
		assertThat(this.repository.load(request, PendingBondifyLogin.class)).isNull();
	}

	private MockHttpServletRequest as(String username) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/login/telegram/link/status");
		request.setSession(this.session);
		return FilterCalls.linkingAs(request,
				UsernamePasswordAuthenticationToken.authenticated(username, null, List.of()));
	}

}
