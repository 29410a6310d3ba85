package dev.tglogin.web.xellar;

import java.time.Duration;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import dev.tglogin.web.CompletedLogin;
import dev.tglogin.web.PendingLoginLock;
import dev.tglogin.web.PendingXellarLogin;

/**
 * Lets the OTP submissions of one pending Xellar login run one at a time for {@link XellarLoginFilter}: a submission
 * takes the pending login's turn ({@link PendingLoginLock}) and keeps it in a request attribute; the one that
 * completes or ends the login records how ({@link CompletedLogin}), and those that waited meanwhile answer from that
 * record.
 * <p>
 * This class is thread-safe.
 */
final class XellarSubmissionTurns {

	private static final String TURN_ATTRIBUTE = XellarLoginFilter.class.getName() + ".TURN";

	private final PendingLoginLock lock = new PendingLoginLock();

	void setTimeout(Duration timeout) {
		this.lock.setTimeout(timeout);
	}

	/**
	 * Takes the pending login's turn for this request, waiting for the submission that holds it.
	 * @return the turn, to {@link #release}; {@code null} when it did not come in time
	 */
	PendingLoginLock.@Nullable Turn take(HttpServletRequest request, PendingXellarLogin pending) {
		PendingLoginLock.Turn turn = this.lock.tryLock(pending.getVerificationToken());
		if (turn != null) {
			request.setAttribute(TURN_ATTRIBUTE, new Turn(pending.getVerificationToken(), turn));
		}
		return turn;
	}

	void release(HttpServletRequest request, PendingLoginLock.Turn turn) {
		request.removeAttribute(TURN_ATTRIBUTE);
		turn.close();
	}

	/**
	 * Whether the pending login this request took its turn for is gone: the browser holds another one now (a
	 * concurrent submission completed or ended it while this one waited, and a new code was asked for).
	 * @param pending the pending login the browser holds now
	 */
	boolean isGone(HttpServletRequest request, PendingXellarLogin pending) {
		Turn turn = turn(request);
		return turn != null && !turn.isOf(pending);
	}

	/** How a submission that held the turn before this request completed or ended the login, or {@code null}. */
	@Nullable CompletedLogin completed(HttpServletRequest request) {
		Turn turn = turn(request);
		return (turn != null) ? turn.turn().completed() : null;
	}

	/** Records, for the submissions waiting for this one's turn, how it completed or ended the pending login. */
	void record(HttpServletRequest request, CompletedLogin completed) {
		Turn turn = turn(request);
		if (turn != null) {
			turn.turn().complete(completed);
		}
	}

	private static @Nullable Turn turn(HttpServletRequest request) {
		return (request.getAttribute(TURN_ATTRIBUTE) instanceof Turn turn) ? turn : null;
	}

	/** The turn a submission runs in, and the verification token of the pending login it was taken for. */
	private record Turn(String token, PendingLoginLock.Turn turn) {

		boolean isOf(PendingXellarLogin pending) {
			return this.token.equals(pending.getVerificationToken());
		}

	}

}
