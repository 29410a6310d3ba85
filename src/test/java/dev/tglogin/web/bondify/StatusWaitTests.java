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

	private final MockHttpServletRequest request = new MockHttpServletRequest("POST", "/login/telegram/status");

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
		for (AsyncListener listener : asyncContext().getListeners()) {
			listener.onTimeout(new AsyncEvent(asyncContext(), this.request, this.response));
		}
		assertThat(this.response.getStatus()).as("answered as a failed check").isEqualTo(504);
		this.state.complete(BondifyLoginState.CANCELLED);
		assertThat(this.dispatched).isEmpty();
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
