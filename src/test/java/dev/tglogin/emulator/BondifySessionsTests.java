package dev.tglogin.emulator;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link BondifySessions}: the life cycle of the emulated sessions, eviction and purge.
 */
class BondifySessionsTests {

	private static final Instant START = Instant.parse("2026-07-01T10:00:00Z");

	private static final Duration LIFETIME = Duration.ofMinutes(10);

	private final BondifyProofSigner proofs = new BondifyProofSigner(
			"0123456789abcdef0123456789abcdef".getBytes(), "proj_test", Duration.ofMinutes(5));

	private final BondifySessions sessions = new BondifySessions(LIFETIME, 2, new SecureRandom());

	@Test
	void createWhenFullThenTheOldestIsEvicted() {
		String first = this.sessions.create(START, "http://e/telegram").sessionToken();
		String second = this.sessions.create(START.plusSeconds(1), "http://e/telegram").sessionToken();
		String third = this.sessions.create(START.plusSeconds(2), "http://e/telegram").sessionToken();

		assertThat(this.sessions.views(START.plusSeconds(3))).extracting(SessionView::sessionToken)
			.containsExactly(third, second);
		assertThat(this.sessions.view(first, START.plusSeconds(3))).isEmpty();
	}

	@Test
	void statusWhenConfirmedThenTheProofOnceThenUsedAndEveryCallCounted() {
		String token = this.sessions.create(START, "http://e/telegram").sessionToken();
		assertThat(this.sessions.status(token, START, this.proofs)).isEqualTo(new BondifyAnswer.Pending());
		this.sessions.confirm(token, EmulatedTelegramUser.defaultUser(), START.plusSeconds(1));

		BondifyAnswer.Status first = this.sessions.status(token, START.plusSeconds(2), this.proofs);

		assertThat(first).isInstanceOfSatisfying(BondifyAnswer.Confirmed.class, (confirmed) -> {
			assertThat(confirmed.user()).isEqualTo(EmulatedTelegramUser.defaultUser());
			assertThat(confirmed.confirmedAt()).isEqualTo(START.plusSeconds(1));
		});
		assertThat(this.sessions.status(token, START.plus(LIFETIME), this.proofs)).isEqualTo(new BondifyAnswer.Used());
		assertThat(this.sessions.statusCalls(token)).isEqualTo(3);
	}

	@Test
	void statusWhenCancelledOrPastExpiryThenCancelledOrExpired() {
		String cancelled = this.sessions.create(START, "http://e/telegram").sessionToken();
		String expired = this.sessions.create(START, "http://e/telegram").sessionToken();
		this.sessions.cancel(cancelled, START.plusSeconds(5));

		assertThat(this.sessions.status(cancelled, START.plusSeconds(6), this.proofs))
			.isEqualTo(new BondifyAnswer.Cancelled(START.plusSeconds(5)));
		assertThat(this.sessions.status(expired, START.plus(LIFETIME), this.proofs))
			.isEqualTo(new BondifyAnswer.Expired());
		assertThatExceptionOfType(EmulatorException.class)
			.isThrownBy(() -> this.sessions.confirm(expired, EmulatedTelegramUser.defaultUser(), START.plus(LIFETIME)))
			.satisfies((ex) -> assertThat(ex.status()).isEqualTo(409));
	}

	@Test
	void statusWhenCreatedMoreThanTwiceTheLifetimeAgoThenPurgedAndUnknown() {
		String token = this.sessions.create(START, "http://e/telegram").sessionToken();

		assertThatExceptionOfType(EmulatorException.class)
			.isThrownBy(() -> this.sessions.status(token, START.plus(LIFETIME.multipliedBy(2)), this.proofs))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo("SESSION_EXPIRED"));
		assertThat(this.sessions.statusCalls(token)).isZero();
	}

}
