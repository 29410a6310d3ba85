package dev.tglogin.web.xellar;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;

import dev.tglogin.web.CompletedLogin;
import dev.tglogin.web.PendingLoginLock;
import dev.tglogin.web.PendingXellarLogin;

import static org.assertj.core.api.Assertions.assertThat;

class XellarSubmissionTurnsTests {

	private final XellarSubmissionTurns turns = new XellarSubmissionTurns();

	private final PendingXellarLogin pending = new PendingXellarLogin("xv_token", "+15550001111",
			Instant.now().plusSeconds(300));

	@Test
	void takeWhenFreeThenTheRequestHoldsTheTurnUntilReleased() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		PendingLoginLock.Turn turn = this.turns.take(request, this.pending);

		assertThat(turn).isNotNull();
		assertThat(this.turns.isGone(request, this.pending)).isFalse();
		assertThat(this.turns.completed(request)).isNull();
		this.turns.release(request, turn);
		assertThat(request.getAttributeNames().hasMoreElements()).isFalse();
		assertThat(this.turns.take(new MockHttpServletRequest(), this.pending)).isNotNull();
	}

	@Test
	void recordWhenOneSubmissionEndsTheLoginThenTheNextOneOfTheSameLoginSeesHowAndThatItIsGone() {
		MockHttpServletRequest first = new MockHttpServletRequest();
		PendingLoginLock.Turn firstTurn = this.turns.take(first, this.pending);
		this.turns.record(first, new CompletedLogin.Ended("too_many_attempts"));
		this.turns.release(first, firstTurn);

		MockHttpServletRequest second = new MockHttpServletRequest();
		this.turns.take(second, this.pending);

		assertThat(this.turns.completed(second)).isEqualTo(new CompletedLogin.Ended("too_many_attempts"));
		PendingXellarLogin newer = new PendingXellarLogin("xv_newer", "+15550001111", Instant.now().plusSeconds(300));
		assertThat(this.turns.isGone(second, newer)).isTrue();
		assertThat(this.turns.isGone(second, this.pending)).isFalse();
	}

	@Test
	void recordWhenTheRequestHasNoTurnThenNothingIsRecorded() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		this.turns.record(request, new CompletedLogin.Ended("expired"));

		assertThat(this.turns.completed(request)).isNull();
		assertThat(this.turns.isGone(request, this.pending)).isFalse();
	}

}
