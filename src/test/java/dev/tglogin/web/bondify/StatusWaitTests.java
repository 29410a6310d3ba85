package dev.tglogin.web.bondify;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockAsyncContext;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import dev.tglogin.bondify.BondifyLoginState;
import dev.tglogin.web.FilterCalls;
import dev.tglogin.web.JsonResponses;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link StatusWait}.
 */
class StatusWaitTests {

	/** The async context's {@code start} tasks, queued as a busy container queues them (run by the test). */
	private final List<Runnable> queued = new ArrayList<>();

	/** When set, {@code complete()} is refused as a container refuses it once the request expired. */
	private boolean expired;

	private final MockHttpServletRequest request = new MockHttpServletRequest("POST", "/login/telegram/status") {

		@Override
		public jakarta.servlet.AsyncContext startAsync(jakarta.servlet.ServletRequest rq,
				jakarta.servlet.ServletResponse rs) {
			MockAsyncContext context = new MockAsyncContext(rq, rs) {

				@Override
				public void start(Runnable runnable) {
					StatusWaitTests.this.queued.add(runnable);
				}

				@Override
				public void complete() {
					if (StatusWaitTests.this.expired) {
						StatusWaitTests.this.expired = false;
						throw new IllegalStateException("s=WOKEN rs=EXPIRE");
					}
					super.complete();
				}

			};
			setAsyncStarted(true);
			setAsyncContext(context);
			return context;
		}

	};

	private final MockHttpServletResponse response = new MockHttpServletResponse();

	private final CompletableFuture<BondifyLoginState> state = new CompletableFuture<>();

	private final List<BondifyLoginState> dispatched = new ArrayList<>();

	private final AtomicInteger ended = new AtomicInteger();

	StatusWaitTests() {
		this.request.setAsyncSupported(true);
	}

	@Test
	void suspendWhenThePendingStateComesThenWrittenWithoutADispatch() throws Exception {
		suspend();
		assertThat(this.request.isAsyncStarted()).isTrue();
		this.state.complete(BondifyLoginState.PENDING);
		runQueued();
		assertThat(FilterCalls.json(this.response)).isEqualTo(Map.of("status", "pending"));
		assertThat(asyncContext().getDispatchedPath()).isNull();
		assertThat(this.dispatched).isEmpty();
		assertThat(this.ended).hasValue(1);
	}

	@Test
	void suspendWhenADecisiveStateComesThenDispatchedForTheAuthenticationPath() {
		suspend();
		this.state.complete(BondifyLoginState.CANCELLED);
		assertThat(this.dispatched).containsExactly(BondifyLoginState.CANCELLED);
		assertThat(asyncContext().getDispatchedPath()).isNotNull();
		assertThat(this.response.getContentAsByteArray()).isEmpty();
	}

	@Test
	void suspendWhenTheWaitTimesOutThenGatewayTimeoutAndALateStateIgnored() throws Exception {
		suspend();
		timeout();
		assertThat(this.response.getStatus()).as("answered as a failed check").isEqualTo(504);
		this.state.complete(BondifyLoginState.CANCELLED);
		assertThat(this.dispatched).isEmpty();
	}

	@Test
	void suspendWhenTheTimeoutComesWhileTheAnswerWaitsInTheQueueThenTheTimeoutAnswersAndCompletes() throws Exception {
		suspend();
		this.state.complete(BondifyLoginState.PENDING);
		timeout();
		assertThat(this.response.getStatus()).as("answered by the timeout, not left to the container's 500")
			.isEqualTo(504);
		assertThat(this.request.isAsyncStarted()).as("completed by the timeout").isFalse();
		String body = this.response.getContentAsString();
		runQueued();
		assertThat(this.response.getContentAsString()).as("the late answer not written").isEqualTo(body);
		assertThat(this.response.getStatus()).isEqualTo(504);
	}

	@Test
	void suspendWhenTheRequestExpiresAsItsAnswerIsWrittenThenTheTimeoutCompletesItWithThatAnswer() throws Exception {
		suspend();
		this.state.complete(BondifyLoginState.PENDING);
		this.expired = true;
		runQueued();
		assertThat(this.request.isAsyncStarted()).as("complete refused: expiring").isTrue();
		timeout();
		assertThat(this.response.getStatus()).isEqualTo(200);
		assertThat(FilterCalls.json(this.response)).isEqualTo(Map.of("status", "pending"));
		assertThat(this.request.isAsyncStarted()).as("completed by the timeout").isFalse();
	}

	@Test
	void suspendWhenTheRequestEndedInErrorBeforeTheStateThenNothingIsWrittenOrStarted() throws Exception {
		suspend();
		for (AsyncListener listener : asyncContext().getListeners()) {
			listener.onError(new AsyncEvent(asyncContext(), this.request, this.response, new java.io.IOException()));
		}
		this.state.complete(BondifyLoginState.PENDING);
		assertThat(this.queued).isEmpty();
		this.state.complete(BondifyLoginState.CANCELLED);
		assertThat(this.dispatched).isEmpty();
		assertThat(this.response.getContentAsByteArray()).isEmpty();
	}

	private void timeout() throws Exception {
		for (AsyncListener listener : asyncContext().getListeners()) {
			listener.onTimeout(new AsyncEvent(asyncContext(), this.request, this.response));
		}
	}

	private void runQueued() {
		List<Runnable> tasks = new ArrayList<>(this.queued);
		this.queued.clear();
		tasks.forEach(Runnable::run);
	}

	private void suspend() {
		StatusWait.suspend(this.request, this.response, this.state, Duration.ofSeconds(30),
				(s, rq, rs) -> JsonResponses.write(rs, (s instanceof BondifyLoginState.Failed) ? 504 : 200,
						Map.of("status", s.statusName())), this.dispatched::add,
				this.ended::incrementAndGet, "abc123");
	}

	private MockAsyncContext asyncContext() {
		return (MockAsyncContext) this.request.getAsyncContext();
	}

}
