package dev.tglogin.bondify;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import dev.tglogin.store.InMemoryTelegramLoginStore;
import dev.tglogin.test.MutableClock;
import dev.tglogin.test.Proofs;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two {@link BondifyStatusPoller}s, as two instances of the app, over one shared store: the lease lets one of them
 * check a login per interval, and the decisive answer one of them gets is read by the other from the store. On a
 * clock the test moves (background ticks are dropped: only the polls the test makes call Bondify).
 */
class BondifyStatusPollerClusterTests {

	private static final byte[] SECRET = "cluster-tests-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8);

	private final MutableClock clock = new MutableClock(Instant.now());

	private final InMemoryTelegramLoginStore store = new InMemoryTelegramLoginStore();

	private final ManualBondifyClient clientA = new ManualBondifyClient();

	private final ManualBondifyClient clientB = new ManualBondifyClient();

	private final BondifyStatusPoller instanceA = instance(this.clientA);

	private final BondifyStatusPoller instanceB = instance(this.clientB);

	private BondifyStatusPoller instance(BondifyClient client) {
		this.store.setClock(this.clock);
		BondifyStatusPoller poller = new BondifyStatusPoller(client, Duration.ofSeconds(2));
		poller.setNanoTime(() -> this.clock.millis() * 1_000_000L);
		poller.setExecutor((tick) -> {
		});
		BondifyWebhookOutcomes shared = new BondifyWebhookOutcomes(this.store);
		shared.setClock(this.clock);
		poller.setConfirmations(shared);
		return poller;
	}

	@Test
	void pollWhenOneLoginIsPolledOnBothInstancesThenOneUpstreamCallPerInterval() throws Exception {
		for (int interval = 0; interval < 6; interval++) {
			// the browser's polls land on either instance, in either order
			BondifyStatusPoller first = (interval % 2 == 0) ? this.instanceA : this.instanceB;
			BondifyStatusPoller second = (first == this.instanceA) ? this.instanceB : this.instanceA;
			assertThat(first.poll("sess_1").getNow(null)).isIn(null, BondifyLoginState.PENDING);
			assertThat(second.poll("sess_1").getNow(null)).isIn(null, BondifyLoginState.PENDING);
			answerAllPending();
			assertThat(this.clientA.calls.size() + this.clientB.calls.size()).isEqualTo(interval + 1);
			this.clock.advance(Duration.ofMillis(2001));
		}
		assertThat(this.clientA.calls).as("each instance made some of the checks").isNotEmpty();
		assertThat(this.clientB.calls).isNotEmpty();
	}

	@Test
	void confirmedOnOneInstanceThenTheOtherAnswersWithItsProofFromTheStore() throws Exception {
		CompletableFuture<BondifyLoginState> checked = this.instanceA.poll("sess_1");
		assertThat(this.instanceB.poll("sess_1").getNow(null)).isEqualTo(BondifyLoginState.PENDING);
		assertThat(this.clientB.calls).as("instance A holds the lease").isEmpty();
		String proof = proof("sess_1", Duration.ofMinutes(5));

		this.clientA.calls.get(0).complete(new BondifyStatus(BondifyStatus.State.CONFIRMED, proof));

		assertThat(checked.get()).isEqualTo(new BondifyLoginState.Confirmed(proof));
		assertThat(this.instanceB.current("sess_1")).as("the browser's next poll lands on instance B")
			.isEqualTo(new BondifyLoginState.Confirmed(proof));
		assertThat(this.clientB.calls).isEmpty();
	}

	@Test
	void cancelledOnOneInstanceThenTheOtherAnswersCancelledFromTheStore() throws Exception {
		this.instanceA.poll("sess_1");
		this.instanceB.poll("sess_1");

		this.clientA.calls.get(0).complete(new BondifyStatus(BondifyStatus.State.CANCELLED, null));

		assertThat(this.instanceB.current("sess_1")).isEqualTo(BondifyLoginState.CANCELLED);
		assertThat(this.clientB.calls).isEmpty();
	}

	@Test
	void sharedProofWhenItsExpHasPassedThenNoLongerInTheStore() {
		this.instanceA.poll("sess_1");
		String proof = proof("sess_1", Duration.ofSeconds(30));
		this.clientA.calls.get(0).complete(new BondifyStatus(BondifyStatus.State.CONFIRMED, proof));
		BondifyWebhookOutcomes reader = new BondifyWebhookOutcomes(this.store);

		this.clock.advance(Duration.ofSeconds(29));
		assertThat(reader.findState("sess_1")).isEqualTo(new BondifyLoginState.Confirmed(proof));
		this.clock.advance(Duration.ofSeconds(2));
		assertThat(reader.findState("sess_1")).as("kept no longer than the proof's exp").isNull();
	}

	@Test
	void pendingOrFailedAnswersAreNotShared() {
		this.instanceA.poll("sess_1");
		this.clientA.calls.get(0).complete(BondifyStatus.PENDING);
		this.clock.advance(Duration.ofMillis(2001));
		this.instanceA.poll("sess_1");
		this.clientA.calls.get(1).completeExceptionally(new IllegalStateException("down"));

		assertThat(new BondifyWebhookOutcomes(this.store).findState("sess_1")).isNull();
	}

	private void answerAllPending() {
		this.clientA.calls.forEach((call) -> call.complete(BondifyStatus.PENDING));
		this.clientB.calls.forEach((call) -> call.complete(BondifyStatus.PENDING));
	}

	private String proof(String sessionToken, Duration lifetime) {
		return Proofs.hs256(SECRET, "proj_cluster", sessionToken,
				(claims) -> claims.expirationTime(Date.from(this.clock.instant().plus(lifetime))));
	}

}
