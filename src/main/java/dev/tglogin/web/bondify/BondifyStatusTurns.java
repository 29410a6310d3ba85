package dev.tglogin.web.bondify;

import java.io.IOException;
import java.time.Duration;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.util.Assert;

import dev.tglogin.web.LoginRateLimitedException;
import dev.tglogin.web.PendingLoginLock;
import dev.tglogin.web.bondify.BondifyStatusPolls.StatusDecision;

/**
 * Takes a status request of {@link BondifyLoginFilter} to its decisive state and runs its authentication in the
 * pending login's turn ({@link PendingLoginLock}): the state comes from {@link BondifyStatusPolls} (or, after an
 * asynchronous wait, with the dispatch), the turn is taken or the poll is refused with 429 and
 * {@code Retry-After: 1}, and the decision is kept in a request attribute for
 * {@link BondifyLoginFilter#attemptAuthentication} while the turn lasts.
 * <p>
 * This class is thread-safe.
 */
final class BondifyStatusTurns {

	private static final String DECISION_ATTRIBUTE = BondifyLoginFilter.class.getName() + ".DECISION";

	private final PendingLoginLock lock = new PendingLoginLock();

	private final BondifyStatusPolls polls;

	BondifyStatusTurns(BondifyStatusPolls polls) {
		Assert.notNull(polls, "polls cannot be null");
		this.polls = polls;
	}

	/** Sets how long a poll waits for a concurrent poll of the same pending login. Defaults to 10 seconds. */
	void setTimeout(Duration timeout) {
		this.lock.setTimeout(timeout);
	}

	/**
	 * Answers a status request that is not decisive, or runs {@code authenticate} in the login's turn with its
	 * decision available from {@link #decision}.
	 * @param undecided answers a state that leaves the login pending
	 * @param failures answers a request refused before any state (no pending login, the throttle, a bad request) or
	 * a turn not taken in time
	 * @param authenticate the authentication step
	 */
	void handle(HttpServletRequest request, HttpServletResponse response, StatusWait.Answer undecided,
			AuthenticationFailureHandler failures, Step authenticate) throws IOException, ServletException {
		StatusDecision decision;
		try {
			decision = (request.getAttribute(DECISION_ATTRIBUTE) instanceof Decision dispatched) ? dispatched.decision()
					: this.polls.poll(request, response, undecided,
							(d) -> request.setAttribute(DECISION_ATTRIBUTE, new Decision(d, null)));
		}
		catch (AuthenticationException ex) {
			// no pending login, the throttle, a bad request: the failure handler answers, nothing is logged in
			failures.onAuthenticationFailure(request, response, ex);
			return;
		}
		if (decision == null) {
			// answered (pending, a failed upstream check) or suspended until its state comes
			return;
		}
		PendingLoginLock.Turn turn = this.lock.tryLock(decision.pending().getSessionToken());
		if (turn == null) {
			failures.onAuthenticationFailure(request, response, new LoginRateLimitedException(1));
			return;
		}
		try (turn) {
			request.setAttribute(DECISION_ATTRIBUTE, new Decision(decision, turn));
			authenticate.run();
		}
		finally {
			request.removeAttribute(DECISION_ATTRIBUTE);
		}
	}

	/**
	 * The decision of a request whose authentication runs in its turn.
	 * @throws IllegalStateException outside {@link #handle}'s authentication step
	 */
	Decision decision(HttpServletRequest request) {
		Decision decision = (Decision) request.getAttribute(DECISION_ATTRIBUTE);
		Assert.state(decision != null && decision.turn() != null, "a status request authenticates in its turn");
		return decision;
	}

	/** A decisive state and the pending login's turn its authentication runs in (none yet before a dispatch). */
	record Decision(StatusDecision decision, PendingLoginLock.@Nullable Turn turn) {
	}

	/** The authentication step run in the turn. */
	@FunctionalInterface
	interface Step {

		void run() throws IOException, ServletException;

	}

}
