package dev.tglogin.web.xellar;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.Authentication;

import dev.tglogin.web.CompletedLogin;
import dev.tglogin.web.HttpSessionPendingLoginRepository;
import dev.tglogin.web.PendingLoginLock;
import dev.tglogin.web.PendingXellarLogin;
import dev.tglogin.xellar.TooManyOtpAttemptsException;
import dev.tglogin.xellar.WrongOtpException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link XellarVerifyAnswers}, how a code submission ends.
 */
class XellarVerifyAnswersTests {

	private final HttpSessionPendingLoginRepository pendingLogins = new HttpSessionPendingLoginRepository();

	private final XellarSubmissionTurns turns = new XellarSubmissionTurns();

	private final XellarVerifyAnswers answers = new XellarVerifyAnswers(this.pendingLogins, this.turns);

	private final MockHttpServletRequest request = new MockHttpServletRequest("POST", "/login/telegram/otp/verify");

	private final MockHttpServletResponse response = new MockHttpServletResponse();

	private final PendingXellarLogin pending = new PendingXellarLogin("xv_token", "+15550001111",
			Instant.now().plusSeconds(300));

	XellarVerifyAnswersTests() {
		this.pendingLogins.save(this.pending, this.request, this.response);
	}

	@Test
	void constructorWhenCollaboratorMissingThenIllegalArgument() {
		assertThatIllegalArgumentException().isThrownBy(() -> new XellarVerifyAnswers(null, this.turns));
		assertThatIllegalArgumentException().isThrownBy(() -> new XellarVerifyAnswers(this.pendingLogins, null));
		assertThatIllegalArgumentException().isThrownBy(() -> this.answers.setMessages(null));
	}

	@Test
	void isStillPendingWhenANewerLoginReplacedItThenFalse() {
		assertThat(this.answers.isStillPending(this.pending, this.request)).isTrue();
		this.pendingLogins.save(new PendingXellarLogin("xv_newer", "+15550001111", Instant.now().plusSeconds(300)),
				this.request, this.response);
		assertThat(this.answers.isStillPending(this.pending, this.request)).isFalse();
	}

	@Test
	void endedMeanwhileWhenCalledThenConflictNoPendingLogin() throws Exception {
		this.answers.endedMeanwhile(this.pending, this.request, this.response);
		assertThat(this.response.getStatus()).isEqualTo(409);
		assertThat(this.response.getContentAsString()).contains("\"error\":\"no_pending_login\"");
	}

	@Test
	void endWhenTooManyAttemptsThenPendingLoginDroppedRecordedAndAnswered() throws Exception {
		PendingLoginLock.Turn turn = this.turns.take(this.request, this.pending);
		TooManyOtpAttemptsException ex = new TooManyOtpAttemptsException();
		this.answers.end(this.pending, ex, "too_many_attempts", this.request, this.response);
		assertThat(this.pendingLogins.load(this.request, PendingXellarLogin.class)).isNull();
		assertThat(turn.completed()).isEqualTo(new CompletedLogin.Refused(ex));
		assertThat(this.response.getStatus()).isEqualTo(429);
		assertThat(this.response.getContentAsString()).contains("\"error\":\"too_many_attempts\"")
			.doesNotContain("15550001111");
	}

	@Test
	void wrongOtpWhenAttemptsLeftThenUnauthorizedWithAttemptsLeftAndPendingLoginKept() throws Exception {
		this.answers.wrongOtp(this.pending, new WrongOtpException(), 3, this.request, this.response);
		assertThat(this.response.getStatus()).isEqualTo(401);
		assertThat(this.response.getContentAsString()).contains("\"error\":\"invalid_otp\"")
			.contains("\"attemptsLeft\":3");
		assertThat(this.pendingLogins.load(this.request, PendingXellarLogin.class)).isNotNull();
	}

	@Test
	void succeededWhenAuthenticatedThenPendingLoginDroppedAndRecordedWithoutAnswering() {
		PendingLoginLock.Turn turn = this.turns.take(this.request, this.pending);
		Authentication user = new TestingAuthenticationToken("42", null, "ROLE_USER");
		this.answers.succeeded(this.pending, user, this.request, this.response);
		assertThat(this.pendingLogins.load(this.request, PendingXellarLogin.class)).isNull();
		assertThat(turn.completed()).isEqualTo(new CompletedLogin.Authenticated(user));
		assertThat(this.response.isCommitted()).isFalse();
	}

	@Test
	void refusedWhenXellarRefusedThenPendingLoginDroppedAndRecordedWithoutAnswering() throws Exception {
		PendingLoginLock.Turn turn = this.turns.take(this.request, this.pending);
		WrongOtpException ex = new WrongOtpException();
		this.answers.refused(this.pending, ex, this.request, this.response);
		assertThat(this.pendingLogins.load(this.request, PendingXellarLogin.class)).isNull();
		assertThat(turn.completed()).isEqualTo(new CompletedLogin.Refused(ex));
		assertThat(this.response.getContentAsString()).isEmpty();
	}

}
