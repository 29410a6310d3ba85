package dev.tglogin.bondify;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import dev.tglogin.core.UpstreamException;
import dev.tglogin.core.UpstreamTimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link BondifyStatusCalls}.
 */
class BondifyStatusCallsTests {

	private final BondifyClient client = mock(BondifyClient.class);

	private final BondifyStatusCalls calls = new BondifyStatusCalls(this.client);

	@Test
	void startWhenAnsweredThenTheState() {
		given(this.client.statusAsync("sess_1"))
			.willReturn(CompletableFuture.completedFuture(new BondifyStatus(BondifyStatus.State.CONFIRMED, "jwt")));
		assertThat(this.calls.start("sess_1").join()).isEqualTo(new BondifyLoginState.Confirmed("jwt"));
	}

	@Test
	void startWhenTheCallFailsOrThrowsThenFailedWithAnUpstreamException() {
		UpstreamTimeoutException slow = new UpstreamTimeoutException("bondify", "slow", null);
		given(this.client.statusAsync("sess_1")).willReturn(CompletableFuture.failedFuture(slow));
		given(this.client.statusAsync("sess_2")).willReturn(CompletableFuture.failedFuture(new IOException("reset")));
		given(this.client.statusAsync("sess_3")).willThrow(new IllegalStateException("bug"));
		assertThat(this.calls.start("sess_1").join()).isEqualTo(new BondifyLoginState.Failed(slow));
		assertThat(this.calls.start("sess_2").join()).isInstanceOfSatisfying(BondifyLoginState.Failed.class,
				(failed) -> assertThat(failed.failure()).isExactlyInstanceOf(UpstreamException.class)
					.hasMessageContaining("IOException"));
		assertThat(this.calls.start("sess_3").join()).isInstanceOf(BondifyLoginState.Failed.class);
	}

	@Test
	void startWhenAsManyAsAllowedAreInFlightThenNoneUntilOneIsAnswered() {
		CompletableFuture<BondifyStatus> slow = new CompletableFuture<>();
		given(this.client.statusAsync("sess_1")).willReturn(slow);
		given(this.client.statusAsync("sess_2")).willReturn(CompletableFuture.completedFuture(BondifyStatus.PENDING));
		this.calls.setMaxCalls(1);
		assertThat(this.calls.start("sess_1")).isNotNull();
		assertThat(this.calls.start("sess_2")).isNull();
		slow.complete(BondifyStatus.PENDING);
		assertThat(this.calls.start("sess_2")).isNotNull();
	}

}
