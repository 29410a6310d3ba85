package dev.tglogin.web.bondify;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;

import dev.tglogin.bondify.BondifyClient;
import dev.tglogin.bondify.BondifyLoginState;
import dev.tglogin.bondify.BondifyStatus;
import dev.tglogin.bondify.BondifyStatusPoller;
import dev.tglogin.bondify.BondifyWebhookOutcomes;
import dev.tglogin.store.InMemoryTelegramLoginStore;
import dev.tglogin.test.MutableClock;
import dev.tglogin.test.TestStores;
import dev.tglogin.web.FilterCalls;
import dev.tglogin.web.HttpSessionPendingLoginRepository;
import dev.tglogin.web.InvalidRequestException;
import dev.tglogin.web.JsonResponses;
import dev.tglogin.web.NoPendingLoginException;
import dev.tglogin.web.PendingBondifyLogin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * Tests for {@link BondifyStatusPolls}, the part of {@code /status} before authentication.
 */
class BondifyStatusPollsTests {

	private static final String TOKEN = "sess_polls_test";

	private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));

	private final BondifyClient client = mock(BondifyClient.class);

	private final HttpSessionPendingLoginRepository pendingLogins = new HttpSessionPendingLoginRepository();

	private final MockHttpSession session = new MockHttpSession();

	private final BondifyStatusPoller poller = new BondifyStatusPoller(this.client, Duration.ofMinutes(1));

	private final BondifyStatusPolls polls = new BondifyStatusPolls(this.poller, this.pendingLogins);

	private final List<BondifyStatusPolls.StatusDecision> dispatched = new ArrayList<>();

	private final List<BondifyLoginState> undecided = new ArrayList<>();

	BondifyStatusPollsTests() {
		this.polls.setClock(this.clock);
	}

	@Test
	void pollWhenNoPendingLoginThenConflict() throws Exception {
		assertThatExceptionOfType(NoPendingLoginException.class).isThrownBy(
				() -> this.polls.poll(request(""), new MockHttpServletResponse(), this::undecided, this.dispatched::add));
		verifyNoInteractions(this.client);
	}

	@Test
	void pollWhenWaitSecondsIsNotAWholeNumberThenInvalidRequest() {
		MockHttpServletRequest request = request("{\"waitSeconds\":1.5}");
		pending(request, this.clock.instant().plusSeconds(600));
		assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(
				() -> this.polls.poll(request, new MockHttpServletResponse(), this::undecided, this.dispatched::add))
			.satisfies((ex) -> assertThat(ex.getError().code()).isEqualTo("invalid_request"));
	}

	@Test
	void pollWhenTheUpstreamCheckFailedThenTheFailedStateAnsweredAsUndecided() throws Exception {
		given(this.client.statusAsync(TOKEN)).willReturn(CompletableFuture
			.failedFuture(new dev.tglogin.core.UpstreamTimeoutException("bondify", "slow", null)));
		MockHttpServletRequest request = request("");
		pending(request, this.clock.instant().plusSeconds(600));
		assertThat(this.polls.poll(request, new MockHttpServletResponse(), this::undecided, this.dispatched::add))
			.isNull();
		assertThat(this.undecided).singleElement().isInstanceOf(BondifyLoginState.Failed.class);
	}

	@Test
	void pollWhenPendingThenAnsweredHereAndWhenDecisiveThenHandedOn() throws Exception {
		given(this.client.statusAsync(TOKEN))
			.willReturn(CompletableFuture.completedFuture(BondifyStatus.PENDING),
					CompletableFuture.completedFuture(new BondifyStatus(BondifyStatus.State.CANCELLED, null)));
		MockHttpServletRequest request = request("");
		pending(request, this.clock.instant().plusSeconds(600));
		MockHttpServletResponse response = new MockHttpServletResponse();
		assertThat(this.polls.poll(request, response, this::undecided, this.dispatched::add)).isNull();
		assertThat(FilterCalls.json(response)).isEqualTo(Map.of("status", "pending"));
		this.poller.setMinInterval(Duration.ZERO);
		BondifyStatusPolls.StatusDecision decision = this.polls.poll(request(""), new MockHttpServletResponse(),
				this::undecided, this.dispatched::add);
		assertThat(decision).isNotNull();
		assertThat(decision.state()).isEqualTo(BondifyLoginState.CANCELLED);
		assertThat(decision.pending().getSessionToken()).isEqualTo(TOKEN);
	}

	@Test
	void pollWhenThePendingLoginExpiredThenExpiredWithoutAskingBondify() throws Exception {
		MockHttpServletRequest request = request("");
		pending(request, this.clock.instant().minusSeconds(1));
		BondifyStatusPolls.StatusDecision decision = this.polls.poll(request, new MockHttpServletResponse(),
				this::undecided, this.dispatched::add);
		assertThat(decision.state()).isEqualTo(BondifyLoginState.EXPIRED);
		verifyNoInteractions(this.client);
	}

	@Test
	void pollWhenUsedAfterAConfirmationMarkedElsewhereThenPending() throws Exception {
		InMemoryTelegramLoginStore store = TestStores.inMemory(this.clock);
		new BondifyWebhookOutcomes(store).markConfirmed(TOKEN, this.clock.instant().plusSeconds(600));
		this.polls.setConfirmations(new BondifyWebhookOutcomes(store));
		given(this.client.statusAsync(TOKEN))
			.willReturn(CompletableFuture.completedFuture(new BondifyStatus(BondifyStatus.State.USED, null)));
		MockHttpServletRequest request = request("");
		pending(request, this.clock.instant().plusSeconds(600));
		MockHttpServletResponse response = new MockHttpServletResponse();
		assertThat(this.polls.poll(request, response, this::undecided, this.dispatched::add)).isNull();
		assertThat(FilterCalls.json(response)).isEqualTo(Map.of("status", "pending"));
	}

	private void undecided(BondifyLoginState state, jakarta.servlet.http.HttpServletRequest request,
			jakarta.servlet.http.HttpServletResponse response) throws java.io.IOException {
		this.undecided.add(state);
		JsonResponses.write(response, 200, Map.of("status", state.statusName()));
	}

	private void pending(MockHttpServletRequest request, Instant expiresAt) {
		this.pendingLogins.save(new PendingBondifyLogin(TOKEN, expiresAt), request, new MockHttpServletResponse());
	}

	private MockHttpServletRequest request(String body) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/login/telegram/status");
		request.setSession(this.session);
		request.setAsyncSupported(false);
		request.setContentType("application/json");
		request.setContent(body.getBytes(StandardCharsets.UTF_8));
		return request;
	}

}
