package dev.tglogin.web.bondify;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

import dev.tglogin.bondify.BondifyClient;
import dev.tglogin.bondify.BondifyLoginState;
import dev.tglogin.bondify.BondifyStatusPoller;
import dev.tglogin.web.HttpSessionPendingLoginRepository;
import dev.tglogin.web.LoginRateLimitedException;
import dev.tglogin.web.NoPendingLoginException;
import dev.tglogin.web.PendingBondifyLogin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link BondifyStatusTurns}: a status request's way to its decisive state and its turn.
 */
class BondifyStatusTurnsTests {

	private static final String TOKEN = "sess_turns_test";

	private final HttpSessionPendingLoginRepository pendingLogins = new HttpSessionPendingLoginRepository();

	private final MockHttpSession session = new MockHttpSession();

	private final BondifyStatusPolls polls = new BondifyStatusPolls(
			new BondifyStatusPoller(mock(BondifyClient.class), Duration.ofMinutes(1)), this.pendingLogins);

	private final BondifyStatusTurns turns = new BondifyStatusTurns(this.polls);

	private final List<AuthenticationException> failures = new ArrayList<>();

	private final AuthenticationFailureHandler failureHandler = (request, response, ex) -> this.failures.add(ex);

	@Test
	void constructorWhenPollsNullThenIllegalArgument() {
		assertThatIllegalArgumentException().isThrownBy(() -> new BondifyStatusTurns(null));
	}

	@Test
	void handleWhenNoPendingLoginThenFailureHandlerAnswersAndNothingAuthenticates() throws Exception {
		List<String> steps = new ArrayList<>();
		this.turns.handle(request(), new MockHttpServletResponse(), this::undecided, this.failureHandler,
				() -> steps.add("authenticated"));
		assertThat(this.failures).singleElement().isInstanceOf(NoPendingLoginException.class);
		assertThat(steps).isEmpty();
	}

	@Test
	void handleWhenDecisiveThenAuthenticatesInTheTurnWithTheDecision() throws Exception {
		MockHttpServletRequest request = request();
		pending(request, Instant.now().minusSeconds(1));
		List<BondifyStatusTurns.Decision> seen = new ArrayList<>();
		this.turns.handle(request, new MockHttpServletResponse(), this::undecided, this.failureHandler,
				() -> seen.add(this.turns.decision(request)));
		assertThat(seen).singleElement().satisfies((decision) -> {
			assertThat(decision.turn()).isNotNull();
			assertThat(decision.decision().state()).isEqualTo(BondifyLoginState.EXPIRED);
			assertThat(decision.decision().pending().getSessionToken()).isEqualTo(TOKEN);
		});
		assertThat(this.failures).isEmpty();
		assertThatIllegalStateException().as("the decision is gone after the turn")
			.isThrownBy(() -> this.turns.decision(request));
	}

	@Test
	void handleWhenTheTurnIsHeldByAnotherPollThenRateLimited() throws Exception {
		this.turns.setTimeout(Duration.ofMillis(1));
		MockHttpServletRequest first = request();
		pending(first, Instant.now().minusSeconds(1));
		MockHttpServletRequest second = request();
		List<String> steps = new ArrayList<>();
		this.turns.handle(first, new MockHttpServletResponse(), this::undecided, this.failureHandler,
				() -> CompletableFuture
					.runAsync(() -> {
						try {
							this.turns.handle(second, new MockHttpServletResponse(), this::undecided,
									this.failureHandler, () -> steps.add("second"));
						}
						catch (Exception ex) {
							throw new IllegalStateException(ex);
						}
					})
					.join());
		assertThat(steps).isEmpty();
		assertThat(this.failures).singleElement()
			.isInstanceOfSatisfying(LoginRateLimitedException.class,
					(ex) -> assertThat(ex.getRetryAfterSeconds()).isEqualTo(1));
	}

	@Test
	void decisionWhenOutsideATurnThenIllegalState() {
		assertThatIllegalStateException().isThrownBy(() -> this.turns.decision(request()));
	}

	private void undecided(BondifyLoginState state, jakarta.servlet.http.HttpServletRequest request,
			jakarta.servlet.http.HttpServletResponse response) {
		throw new AssertionError("not expected: " + state);
	}

	private void pending(MockHttpServletRequest request, Instant expiresAt) {
		this.pendingLogins.save(new PendingBondifyLogin(TOKEN, expiresAt), request, new MockHttpServletResponse());
	}

	private MockHttpServletRequest request() {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/login/telegram/status");
		request.setSession(this.session);
		request.setAsyncSupported(false);
		request.setContentType("application/json");
		request.setContent("{}".getBytes(StandardCharsets.UTF_8));
		return request;
	}

}
