package dev.tglogin.emulator;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Tests for {@link XellarOtps}: the login interval, the codes, their verification tokens and expiry.
 */
class XellarOtpsTests {

	private static final String PHONE = "+15550100";

	private static final Instant NOW = Instant.parse("2026-07-01T10:00:00Z");

	private final XellarOtps otps = new XellarOtps(Duration.ofMinutes(5), Duration.ofMinutes(1), new SecureRandom(),
			new XellarTokenSigner(new SecureRandom()), 100);

	@Test
	void checkLoginIntervalWhenWithinThenRateLimitedWithTheRestOfTheInterval() {
		assertThatExceptionOfType(EmulatorException.class)
			.isThrownBy(() -> this.otps.checkLoginInterval(NOW, NOW.plusSeconds(15)))
			.satisfies((ex) -> {
				assertThat(ex.status()).isEqualTo(429);
				assertThat(ex.retryAfter()).contains(Duration.ofSeconds(45));
			});
	}

	@Test
	void checkLoginIntervalWhenFirstLoginOrIntervalOverThenAllowed() {
		assertThatNoException().isThrownBy(() -> this.otps.checkLoginInterval(null, NOW));
		assertThatNoException().isThrownBy(() -> this.otps.checkLoginInterval(NOW, NOW.plusSeconds(60)));
	}

	@Test
	void checkLoginIntervalWhenIntervalZeroThenAlwaysAllowed() {
		XellarOtps unlimited = new XellarOtps(Duration.ofMinutes(5), Duration.ZERO, new SecureRandom(),
				new XellarTokenSigner(new SecureRandom()), 100);

		assertThatNoException().isThrownBy(() -> unlimited.checkLoginInterval(NOW, NOW));
	}

	@Test
	void sendWhenSentThenASixDigitCodeThatMatchesItsToken() {
		XellarOtps.Sent sent = this.otps.send(PHONE, "xu_1", null, NOW);

		assertThat(sent.otp()).matches("[0-9]{6}");
		assertThat(this.otps.phone(sent.verificationToken())).isEqualTo(PHONE);
		assertThat(this.otps.matches(sent.verificationToken(), sent.otp())).isTrue();
		assertThat(this.otps.matches(sent.verificationToken(), "x" + sent.otp())).isFalse();
		assertThat(this.otps.otp(sent.verificationToken())).contains(sent.otp());
		assertThat(sent.toString()).doesNotContain(sent.verificationToken()).doesNotContain(sent.otp());
	}

	@Test
	void sendWhenAnEarlierTokenThenItIsReplaced() {
		XellarOtps.Sent first = this.otps.send(PHONE, "xu_1", null, NOW);
		XellarOtps.Sent second = this.otps.send(PHONE, "xu_1", first.verificationToken(), NOW);

		assertThat(this.otps.phone(first.verificationToken())).isNull();
		assertThat(this.otps.phone(second.verificationToken())).isEqualTo(PHONE);
	}

	@Test
	void consumeWhenConsumedThenTheTokenIsGone() {
		XellarOtps.Sent sent = this.otps.send(PHONE, "xu_1", null, NOW);

		this.otps.consume(sent.verificationToken());

		assertThat(this.otps.phone(sent.verificationToken())).isNull();
		assertThat(this.otps.matches(sent.verificationToken(), sent.otp())).isFalse();
		assertThat(this.otps.otp(sent.verificationToken())).isEmpty();
	}

	@Test
	void purgeWhenTheOtpLifetimeIsOverThenNothingPending() {
		this.otps.send(PHONE, "xu_1", null, NOW);

		this.otps.purge(NOW.plus(Duration.ofMinutes(5)));

		assertThat(this.otps.pending(null)).isEmpty();
	}

	@Test
	void pendingWhenTwoPhonesThenNewestFirstMaskedAndFilteredByPhone() {
		XellarOtps.Sent first = this.otps.send(PHONE, "xu_1", null, NOW);
		this.otps.send("+4412345678", "xu_2", null, NOW);

		assertThat(this.otps.pending(null)).extracting(XellarEmulator.PendingOtp::maskedPhoneNumber)
			.containsExactly("+44***78", "+15***00");
		assertThat(this.otps.pending(PHONE)).singleElement().satisfies((otp) -> {
			assertThat(otp.otp()).isEqualTo(first.otp());
			assertThat(otp.expiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(5)));
		});
	}

}
