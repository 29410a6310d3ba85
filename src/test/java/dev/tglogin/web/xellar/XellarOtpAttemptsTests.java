package dev.tglogin.web.xellar;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;

import dev.tglogin.core.UpstreamServerErrorException;
import dev.tglogin.core.UpstreamTimeoutException;
import dev.tglogin.store.InMemoryTelegramLoginStore;
import dev.tglogin.web.PendingXellarLogin;
import dev.tglogin.web.throttle.LoginThrottle;
import dev.tglogin.web.throttle.ThrottleLimit;
import dev.tglogin.xellar.TooManyOtpAttemptsException;
import dev.tglogin.xellar.XellarOtpAuthenticationToken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class XellarOtpAttemptsTests {

	private static final String PHONE = "+15550001111";

	private final InMemoryTelegramLoginStore store = new InMemoryTelegramLoginStore();

	private final XellarOtpAttempts attempts = new XellarOtpAttempts(this.store);

	private final PendingXellarLogin pending = new PendingXellarLogin("xv_token", PHONE,
			Instant.now().plus(Duration.ofMinutes(5)));

	@Test
	void countWhenRepeatedThenNumbersTheAttemptsOfOneCodeUpToTheLimit() {
		this.attempts.setMaxAttempts(2);

		assertThat(this.attempts.count(this.pending)).isEqualTo(1);
		assertThat(this.attempts.left(1)).isEqualTo(1);
		assertThat(this.attempts.isBeyondLimit(2)).isFalse();
		assertThat(this.attempts.count(this.pending)).isEqualTo(2);
		assertThat(this.attempts.count(this.pending)).isEqualTo(3);
		assertThat(this.attempts.isBeyondLimit(3)).isTrue();
		PendingXellarLogin other = new PendingXellarLogin("xv_other", PHONE, this.pending.getExpiresAt());
		assertThat(this.attempts.count(other)).isEqualTo(1);
	}

	@Test
	void giveBackIfNotJudgedWhenXellarTimedOutThenTheAttemptIsGivenBack() {
		this.attempts.count(this.pending);

		assertThat(this.attempts.giveBackIfNotJudged(new UpstreamTimeoutException("xellar", "timeout", null),
				this.pending)).isTrue();
		assertThat(this.attempts.count(this.pending)).isEqualTo(1);
		assertThat(this.attempts.giveBackIfNotJudged(new UpstreamServerErrorException("xellar", 503, "down"),
				this.pending)).isTrue();
	}

	@Test
	void giveBackIfNotJudgedWhenTheFailureMayHaveBeenJudgedThenTheAttemptCounts() {
		this.attempts.count(this.pending);

		assertThat(this.attempts.giveBackIfNotJudged(new AuthenticationServiceException("mapper failed"),
				this.pending)).isFalse();
		assertThat(this.attempts.count(this.pending)).isEqualTo(2);
	}

	@Test
	void giveBackIfNotJudgedWhenThrottledThenThePerPhoneCountIsGivenBackToo() {
		LoginThrottle throttle = new LoginThrottle(this.store);
		throttle.setOtpVerificationsPerPhone(ThrottleLimit.of(1, Duration.ofHours(1)));
		this.attempts.setThrottle(throttle);
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setSession(new MockHttpSession());

		assertThat(this.attempts.throttle(request, this.pending)).isNull();
		this.attempts.giveBackIfNotJudged(new UpstreamTimeoutException("xellar", "timeout", null), this.pending);
		assertThat(this.attempts.throttle(request, this.pending)).isNull();
		assertThat(this.attempts.throttle(request, this.pending).limit())
			.isEqualTo(LoginThrottle.OTP_VERIFICATIONS_PER_PHONE);
	}

	@Test
	void throttleWhenNoThrottleThenNeverRefused() {
		assertThat(this.attempts.throttle(new MockHttpServletRequest(), this.pending)).isNull();
	}

	@Test
	void publishFailureWhenPublisherSetThenTheAttemptIsPublishedWithErasedCode() {
		List<Authentication> published = new ArrayList<>();
		this.attempts.setEventPublisher(new AuthenticationEventPublisher() {

			@Override
			public void publishAuthenticationSuccess(Authentication authentication) {
			}

			@Override
			public void publishAuthenticationFailure(AuthenticationException exception, Authentication authentication) {
				published.add(authentication);
			}

		});

		this.attempts.publishFailure(new TooManyOtpAttemptsException(), this.pending, "123456", "details");

		assertThat(published).singleElement().isInstanceOfSatisfying(XellarOtpAuthenticationToken.class, (token) -> {
			assertThat(token.getCredentials()).isNull();
			assertThat(token.getDetails()).isEqualTo("details");
			assertThat(token.toString()).doesNotContain("123456").doesNotContain("xv_token");
		});
	}

	@Test
	void publishFailureWhenNoPublisherThenNothingHappens() {
		this.attempts.publishFailure(new TooManyOtpAttemptsException(), this.pending, "123456", null);
	}

	@Test
	void setMaxAttemptsWhenOutOfRangeThenRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.attempts.setMaxAttempts(0));
		assertThatIllegalArgumentException().isThrownBy(() -> this.attempts.setMaxAttempts(101));
	}

}
