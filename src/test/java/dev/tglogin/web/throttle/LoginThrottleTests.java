package dev.tglogin.web.throttle;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;

import dev.tglogin.store.InMemoryTelegramLoginStore;
import dev.tglogin.test.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class LoginThrottleTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));

	private final InMemoryTelegramLoginStore store = new InMemoryTelegramLoginStore();

	private final LoginThrottle throttle = new LoginThrottle(this.store);

	LoginThrottleTests() {
		this.store.setClock(this.clock);
		this.throttle.setClock(this.clock);
	}

	@Test
	void checkWhenOverTheLimitThenRefusedUntilTheFixedWindowEnds() {
		this.throttle.setOtpRequestsPerPhone(ThrottleLimit.of(2, Duration.ofMinutes(10)));
		this.throttle.setOtpSendInterval(Duration.ZERO);
		this.clock.advance(Duration.ofMinutes(3));
		assertThat(this.throttle.checkOtpRequest("+15550001111")).isNull();
		assertThat(this.throttle.checkOtpRequest("+15550001111")).isNull();
		ThrottleRefusal refusal = this.throttle.checkOtpRequest("+15550001111");
		assertThat(refusal.limit()).isEqualTo(LoginThrottle.OTP_REQUESTS_PER_PHONE);
		assertThat(refusal.retryAfterSeconds()).isEqualTo(420);
		assertThat(this.throttle.checkOtpRequest("+15550002222")).isNull();
		this.clock.advance(Duration.ofMinutes(7));
		assertThat(this.throttle.checkOtpRequest("+15550001111")).isNull();
	}

	@Test
	void checkOtpRequestWhenASecondSendIsWithinTheIntervalThenRefusedWithTheTimeLeftCountedFromTheFirstSend() {
		this.clock.advance(Duration.ofSeconds(50));
		assertThat(this.throttle.checkOtpRequest("+15550001111")).isNull();
		this.clock.advance(Duration.ofSeconds(15));
		// a minute boundary passed since the first send: a fixed window would let this one through
		ThrottleRefusal refusal = this.throttle.checkOtpRequest("+15550001111");
		assertThat(refusal.limit()).isEqualTo(LoginThrottle.OTP_SEND_INTERVAL);
		assertThat(refusal.retryAfterSeconds()).isEqualTo(45);
		assertThat(this.throttle.checkOtpRequest("+15550002222")).isNull();
		this.clock.advance(Duration.ofSeconds(45));
		assertThat(this.throttle.checkOtpRequest("+15550001111")).isNull();
		// the refused send did not use the per-phone budget: three sends went out, a fourth is refused by it
		this.clock.advance(Duration.ofMinutes(1));
		assertThat(this.throttle.checkOtpRequest("+15550001111")).isNull();
		this.clock.advance(Duration.ofMinutes(1));
		assertThat(this.throttle.checkOtpRequest("+15550001111").limit())
			.isEqualTo(LoginThrottle.OTP_REQUESTS_PER_PHONE);
	}

	@Test
	void giveBackOtpRequestLetsTheUserAskAgainAtOnceAfterASendThatDidNotGoOut() {
		assertThat(this.throttle.checkOtpRequest("+15550001111")).isNull();
		this.throttle.giveBackOtpRequest("+15550001111");
		assertThat(this.throttle.checkOtpRequest("+15550001111")).isNull();
		assertThat(this.throttle.checkOtpRequest("+15550001111").limit()).isEqualTo(LoginThrottle.OTP_SEND_INTERVAL);
	}

	@Test
	void setOtpSendIntervalWhenZeroThenNoIntervalAndWhenOutOfRangeThenRefused() {
		this.throttle.setOtpSendInterval(Duration.ZERO);
		assertThat(this.throttle.checkOtpRequest("+15550001111")).isNull();
		assertThat(this.throttle.checkOtpRequest("+15550001111")).isNull();
		assertThatIllegalArgumentException().isThrownBy(() -> this.throttle.setOtpSendInterval(Duration.ofSeconds(-1)));
		assertThatIllegalArgumentException().isThrownBy(() -> this.throttle.setOtpSendInterval(Duration.ofDays(2)));
	}

	@Test
	void checkStartStopsCountingAtTheFirstRefusal() {
		this.throttle.setStartsPerSession(ThrottleLimit.of(1, Duration.ofMinutes(1)));
		this.throttle.setStartsPerAddress(ThrottleLimit.of(2, Duration.ofMinutes(1)));
		MockHttpServletRequest request = new MockHttpServletRequest();
		assertThat(this.throttle.checkStart(request)).isNull();
		assertThat(this.throttle.checkStart(request).limit()).isEqualTo(LoginThrottle.STARTS_PER_SESSION);
		// the refused start was not counted for the address: another session from it may start
		MockHttpServletRequest other = new MockHttpServletRequest();
		assertThat(this.throttle.checkStart(other)).isNull();
		assertThat(this.throttle.checkStart(new MockHttpServletRequest()).limit())
			.isEqualTo(LoginThrottle.STARTS_PER_ADDRESS);
	}

	@Test
	void unlimitedLimitsNeverRefuseAndCountNothing() {
		this.throttle.setOtpVerificationsPerPhone(ThrottleLimit.unlimited());
		this.throttle.setOtpVerificationsPerSession(ThrottleLimit.unlimited());
		this.throttle.setOtpVerificationsPerAddress(ThrottleLimit.unlimited());
		for (int i = 0; i < 100; i++) {
			assertThat(this.throttle.checkOtpVerification(new MockHttpServletRequest(), "+15550001111")).isNull();
		}
		assertThat(this.store.size()).isZero();
	}

	@Test
	void giveBackReturnsAVerificationThatCouldNotBeJudged() {
		this.throttle.setOtpVerificationsPerPhone(ThrottleLimit.of(1, Duration.ofHours(1)));
		MockHttpServletRequest request = new MockHttpServletRequest();
		assertThat(this.throttle.checkOtpVerification(request, "+15550001111")).isNull();
		this.throttle.giveBackOtpVerification("+15550001111");
		assertThat(this.throttle.checkOtpVerification(request, "+15550001111")).isNull();
		assertThat(this.throttle.checkOtpVerification(request, "+15550001111").limit())
			.isEqualTo(LoginThrottle.OTP_VERIFICATIONS_PER_PHONE);
	}

	@Test
	void checkOtpVerificationCountsTheSessionThenTheAddressThenThePhoneAndStopsAtTheFirstRefusal() {
		this.throttle.setOtpVerificationsPerSession(ThrottleLimit.of(2, Duration.ofMinutes(10)));
		this.throttle.setOtpVerificationsPerAddress(ThrottleLimit.of(3, Duration.ofMinutes(10)));
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.getSession(true);
		assertThat(this.throttle.checkOtpVerification(request, "+15550001111")).isNull();
		assertThat(this.throttle.checkOtpVerification(request, "+15550002222")).isNull();
		ThrottleRefusal refusal = this.throttle.checkOtpVerification(request, "+15550003333");
		assertThat(refusal.limit()).isEqualTo(LoginThrottle.OTP_VERIFICATIONS_PER_SESSION);
		assertThat(refusal.retryAfterSeconds()).isEqualTo(600);
		// another session from the same address: the refused submission was not counted for the address
		MockHttpServletRequest other = new MockHttpServletRequest();
		other.getSession(true);
		assertThat(this.throttle.checkOtpVerification(other, "+15550004444")).isNull();
		assertThat(this.throttle.checkOtpVerification(other, "+15550005555").limit())
			.isEqualTo(LoginThrottle.OTP_VERIFICATIONS_PER_ADDRESS);
		// the phone numbers refused by the session or address limits were not counted either
		this.throttle.setOtpVerificationsPerPhone(ThrottleLimit.of(1, Duration.ofHours(1)));
		MockHttpServletRequest elsewhere = new MockHttpServletRequest();
		elsewhere.setRemoteAddr("192.0.2.7");
		assertThat(this.throttle.checkOtpVerification(elsewhere, "+15550005555")).isNull();
	}

	@Test
	void checkStatusWhenOverTheLimitThenRefusedUntilTheWindowEndsWithoutWritingTheStore() {
		this.throttle.setStatusPerSession(ThrottleLimit.of(2, Duration.ofMinutes(1)));
		this.clock.advance(Duration.ofSeconds(20));
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.getSession();
		MockHttpServletRequest other = new MockHttpServletRequest();
		other.getSession();
		assertThat(this.throttle.checkStatus(request)).isNull();
		assertThat(this.throttle.checkStatus(request)).isNull();
		ThrottleRefusal refusal = this.throttle.checkStatus(request);
		assertThat(refusal.limit()).isEqualTo(LoginThrottle.STATUS_PER_SESSION);
		assertThat(refusal.retryAfterSeconds()).isEqualTo(40);
		assertThat(this.throttle.checkStatus(other)).isNull();
		// a poll is mostly answered from memory: its throttling writes nothing to the (maybe shared) store
		assertThat(this.store.size()).isZero();
		this.clock.advance(Duration.ofSeconds(40));
		assertThat(this.throttle.checkStatus(request)).isNull();
	}

	@Test
	void statusWithoutASessionIsNotCountedAndCreatesNone() {
		this.throttle.setStatusPerSession(ThrottleLimit.of(1, Duration.ofMinutes(1)));
		MockHttpServletRequest request = new MockHttpServletRequest();
		assertThat(this.throttle.checkStatus(request)).isNull();
		assertThat(this.throttle.checkStatus(request)).isNull();
		assertThat(request.getSession(false)).isNull();
	}

	@Test
	void limitsAreValidated() {
		assertThatIllegalArgumentException().isThrownBy(() -> ThrottleLimit.of(-1, Duration.ofMinutes(1)));
		assertThatIllegalArgumentException().isThrownBy(() -> ThrottleLimit.of(1, Duration.ofMillis(10)));
		assertThatIllegalArgumentException().isThrownBy(() -> ThrottleLimit.of(1, Duration.ofDays(2)));
		assertThat(new ThrottleRefusal("x", Duration.ofMillis(1)).retryAfterSeconds()).isEqualTo(1);
		assertThat(new ThrottleRefusal("x", Duration.ofMillis(59_001)).retryAfterSeconds()).isEqualTo(60);
		assertThat(this.throttle.toString()).contains("starts-per-session=10 per PT1M",
				"otp-verifications-per-session=30 per PT10M", "otp-verifications-per-address=60 per PT10M",
				"otp-verifications-per-phone=10 per PT1H");
	}

}
