package dev.tglogin.web.throttle;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.tglogin.store.InMemoryTelegramLoginStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link OtpThrottle}, the OTP limits of {@link LoginThrottle}.
 */
class OtpThrottleTests {

	private static final String PHONE = "+6281234567890";

	private final InMemoryTelegramLoginStore store = new InMemoryTelegramLoginStore();

	private final OtpThrottle otp = new OtpThrottle(new ThrottleCounters(this.store),
			new SendInterval(this.store, LoginThrottle.OTP_SEND_INTERVAL));

	private final Instant now = Instant.now();

	@Test
	void checkRequestWhenWithinTheSendIntervalThenRefused() {
		assertThat(this.otp.checkRequest(PHONE, this.now)).isNull();
		ThrottleRefusal refusal = this.otp.checkRequest(PHONE, this.now.plusSeconds(10));
		assertThat(refusal).isNotNull();
		assertThat(refusal.limit()).isEqualTo(LoginThrottle.OTP_SEND_INTERVAL);
	}

	@Test
	void giveBackRequestWhenTheSendNeverWentOutThenTheNextSendAllowedAtOnce() {
		assertThat(this.otp.checkRequest(PHONE, this.now)).isNull();
		this.otp.giveBackRequest(PHONE);
		assertThat(this.otp.checkRequest(PHONE, this.now.plusSeconds(10))).isNull();
	}

	@Test
	void checkRequestWhenOverTheRequestsPerPhoneThenRefusedWithThatLimit() {
		this.otp.setSendInterval(Duration.ZERO);
		this.otp.setRequestsPerPhone(ThrottleLimit.of(1, Duration.ofMinutes(10)));
		assertThat(this.otp.checkRequest(PHONE, this.now)).isNull();
		assertThat(this.otp.checkRequest(PHONE, this.now)).extracting(ThrottleRefusal::limit)
			.isEqualTo(LoginThrottle.OTP_REQUESTS_PER_PHONE);
	}

	@Test
	void checkVerificationWhenTheSessionIsOverItsLimitThenRefusedAndTheAddressNotResolved() {
		this.otp.setVerificationsPerSession(ThrottleLimit.of(1, Duration.ofMinutes(10)));
		AtomicInteger resolved = new AtomicInteger();
		assertThat(this.otp.checkVerification("session", () -> "203.0.113." + resolved.incrementAndGet(), PHONE,
				this.now)).isNull();
		assertThat(this.otp.checkVerification("session", () -> "203.0.113." + resolved.incrementAndGet(), PHONE,
				this.now)).extracting(ThrottleRefusal::limit).isEqualTo(LoginThrottle.OTP_VERIFICATIONS_PER_SESSION);
		assertThat(resolved).hasValue(1);
	}

	@Test
	void checkVerificationWhenThePhoneIsOverItsLimitThenRefused() {
		this.otp.setVerificationsPerPhone(ThrottleLimit.of(1, Duration.ofHours(1)));
		assertThat(this.otp.checkVerification(null, () -> "203.0.113.1", PHONE, this.now)).isNull();
		assertThat(this.otp.checkVerification(null, () -> "203.0.113.2", PHONE, this.now))
			.extracting(ThrottleRefusal::limit)
			.isEqualTo(LoginThrottle.OTP_VERIFICATIONS_PER_PHONE);
	}

	@Test
	void giveBackVerificationWhenXellarDidNotJudgeThenThePhoneCountFreed() {
		this.otp.setVerificationsPerPhone(ThrottleLimit.of(1, Duration.ofHours(1)));
		assertThat(this.otp.checkVerification(null, () -> "203.0.113.1", PHONE, this.now)).isNull();
		this.otp.giveBackVerification(PHONE, this.now);
		assertThat(this.otp.checkVerification(null, () -> "203.0.113.2", PHONE, this.now)).isNull();
	}

	@Test
	void setSendIntervalWhenNegativeOrOverADayThenIllegalArgument() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.otp.setSendInterval(Duration.ofSeconds(-1)));
		assertThatIllegalArgumentException().isThrownBy(() -> this.otp.setSendInterval(Duration.ofDays(2)));
		assertThatIllegalArgumentException().isThrownBy(() -> this.otp.setRequestsPerPhone(null));
	}

	@Test
	void toStringWhenDefaultsThenEveryOtpLimitNamed() {
		assertThat(this.otp.toString()).contains(LoginThrottle.OTP_SEND_INTERVAL + "=PT1M",
				LoginThrottle.OTP_REQUESTS_PER_PHONE, LoginThrottle.OTP_VERIFICATIONS_PER_SESSION,
				LoginThrottle.OTP_VERIFICATIONS_PER_ADDRESS, LoginThrottle.OTP_VERIFICATIONS_PER_PHONE)
			.doesNotContain(PHONE);
	}

}
