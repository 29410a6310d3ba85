package dev.tglogin.emulator;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class EmulatorFaultsTests {

	private final EmulatorFaults faults = new EmulatorFaults();

	@Test
	void nextWhenNothingQueuedThenEmpty() {
		assertThat(this.faults.next(EmulatorFaults.VERIFY)).isEmpty();
	}

	@Test
	void nextWhenQueuedSeveralTimesThenConsumedExactlyThatManyTimes() {
		this.faults.enqueue(EmulatorFaults.VERIFY, Fault.status(503), 2);

		assertThat(this.faults.next(EmulatorFaults.VERIFY)).contains(Fault.status(503));
		assertThat(this.faults.next(EmulatorFaults.VERIFY)).contains(Fault.status(503));
		assertThat(this.faults.next(EmulatorFaults.VERIFY)).isEmpty();
	}

	@Test
	void nextWhenQueuedForAnotherEndpointThenNotApplied() {
		this.faults.enqueue(EmulatorFaults.GENERATE, Fault.drop(), 1);

		assertThat(this.faults.next(EmulatorFaults.VERIFY)).isEmpty();
		assertThat(this.faults.next(EmulatorFaults.GENERATE)).contains(Fault.drop());
	}

	@Test
	void nextWhenQueuedForAnyEndpointThenAppliesToEach() {
		this.faults.enqueue(EmulatorFaults.ANY, Fault.malformedJson(), 2);

		assertThat(this.faults.next(EmulatorFaults.GENERATE)).contains(Fault.malformedJson());
		assertThat(this.faults.next(EmulatorFaults.VERIFY)).contains(Fault.malformedJson());
		assertThat(this.faults.next(EmulatorFaults.VERIFY)).isEmpty();
	}

	@Test
	void nextWhenSeveralQueuedThenInQueueOrder() {
		this.faults.enqueue(EmulatorFaults.VERIFY, Fault.latency(Duration.ofMillis(10)), 1);
		this.faults.enqueue(EmulatorFaults.ANY, Fault.wrongTypes(), 1);
		this.faults.enqueue(EmulatorFaults.VERIFY, Fault.hugeBody(1000), 1);

		assertThat(this.faults.next(EmulatorFaults.VERIFY)).contains(Fault.latency(Duration.ofMillis(10)));
		assertThat(this.faults.next(EmulatorFaults.VERIFY)).contains(Fault.wrongTypes());
		assertThat(this.faults.next(EmulatorFaults.VERIFY)).contains(Fault.hugeBody(1000));
	}

	@Test
	void enqueueWhenXellarEndpointThenAppliedToThatEndpointOnly() {
		this.faults.enqueue(EmulatorFaults.LOGIN, Fault.status(503), 1);
		this.faults.enqueue(EmulatorFaults.VERIFY_OTP, Fault.malformedJson(), 1);
		this.faults.enqueue(EmulatorFaults.CREATE, Fault.wrongTypes(), 1);
		this.faults.enqueue(EmulatorFaults.REFRESH, Fault.drop(), 1);

		assertThat(this.faults.next(EmulatorFaults.VERIFY)).isEmpty();
		assertThat(this.faults.next(EmulatorFaults.REFRESH)).contains(Fault.drop());
		assertThat(this.faults.next(EmulatorFaults.CREATE)).contains(Fault.wrongTypes());
		assertThat(this.faults.next(EmulatorFaults.VERIFY_OTP)).contains(Fault.malformedJson());
		assertThat(this.faults.next(EmulatorFaults.LOGIN)).contains(Fault.status(503));
	}

	@Test
	void clearWhenQueuedThenNothingLeft() {
		this.faults.enqueue(EmulatorFaults.VERIFY, Fault.status(500), 5);

		this.faults.clear();

		assertThat(this.faults.next(EmulatorFaults.VERIFY)).isEmpty();
	}

	@Test
	void enqueueWhenUnknownEndpointOrBadTimesThenRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.faults.enqueue("verfy", Fault.drop(), 1));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.faults.enqueue(EmulatorFaults.VERIFY, Fault.drop(), 0));
		assertThatIllegalArgumentException().isThrownBy(() -> this.faults.enqueue(EmulatorFaults.VERIFY, null, 1));
	}

	@Test
	void faultFactoriesWhenOutOfRangeThenRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> Fault.status(200));
		assertThatIllegalArgumentException().isThrownBy(() -> Fault.latency(Duration.ofMillis(-1)));
		assertThatIllegalArgumentException().isThrownBy(() -> Fault.hugeBody(10));
		assertThatIllegalArgumentException().isThrownBy(() -> Fault.rateLimited(Duration.ofSeconds(-1)));
	}

	@Test
	void rateLimitedWhenFractionalRetryAfterThenRoundedUpToWholeSeconds() {
		assertThat(((Fault.RateLimited) Fault.rateLimited(Duration.ofMillis(1500))).retryAfterSeconds()).isEqualTo(2);
		assertThat(((Fault.RateLimited) Fault.rateLimited(Duration.ofSeconds(3))).retryAfterSeconds()).isEqualTo(3);
	}

}
