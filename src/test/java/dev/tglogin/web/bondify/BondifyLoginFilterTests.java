package dev.tglogin.web.bondify;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;

import dev.tglogin.bondify.BondifyClient;
import dev.tglogin.bondify.BondifyProofAuthenticationToken;
import dev.tglogin.bondify.BondifyStatus;
import dev.tglogin.bondify.BondifyWebhookAuthenticationToken;
import dev.tglogin.bondify.BondifyWebhookEvent;
import dev.tglogin.bondify.BondifyWebhookOutcomes;
import dev.tglogin.bondify.InvalidProofException;
import dev.tglogin.core.TelegramAuthenticationToken;
import dev.tglogin.core.TelegramLoginFlow;
import dev.tglogin.core.TelegramUser;
import dev.tglogin.core.UpstreamRateLimitedException;
import dev.tglogin.core.UpstreamUnavailableException;
import dev.tglogin.store.InMemoryTelegramLoginStore;
import dev.tglogin.store.StoreKeys;
import dev.tglogin.test.MutableClock;
import dev.tglogin.test.TestStores;
import dev.tglogin.web.FilterCalls;
import dev.tglogin.web.HttpSessionPendingLoginRepository;
import dev.tglogin.web.InvalidRequestException;
import dev.tglogin.web.NoPendingLoginException;
import dev.tglogin.web.PendingBondifyLogin;
import dev.tglogin.web.throttle.LoginThrottle;
import dev.tglogin.web.throttle.ThrottleLimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * Tests for {@link BondifyLoginFilter}: the synchronous paths of {@code /status} (no servlet async; the upstream
 * answers with completed futures).
 */
class BondifyLoginFilterTests {

	private static final String STATUS_URL = "/login/telegram/status";

	private static final String SESSION_TOKEN = "sess_pending_of_this_browser";

	private static final String PROOF = "proof.of.confirmation";

	private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));

	private final BondifyClient client = mock(BondifyClient.class);

	private final HttpSessionPendingLoginRepository pendingLogins = new HttpSessionPendingLoginRepository();

	private final MockHttpSession session = new MockHttpSession();

	private final List<Authentication> asked = new ArrayList<>();

	private final AuthenticationManager accepting = (authentication) -> {
		this.asked.add(authentication);
		TelegramUser user = TelegramUser.withId(TelegramLoginFlow.BONDIFY, "42").displayName("Ada").build();
		return TelegramAuthenticationToken.authenticated(user, user, AuthorityUtils.createAuthorityList("ROLE_USER"));
	};

	@BeforeEach
	@AfterEach
	void clearContext() {
		SecurityContextHolder.clearContext();
	}

	@Test
	void doFilterWhenNoPendingLoginThenConflictAndBondifyNotAsked() throws Exception {
		MockHttpServletResponse response = post(filter(this.accepting), statusRequest());
		assertThat(response.getStatus()).isEqualTo(409);
		assertThat(json(response)).containsEntry("error", "no_pending_login");
		verifyNoInteractions(this.client);
		assertThat(this.asked).isEmpty();
	}

	@Test
	void doFilterWhenPendingThenPendingAnsweredAndThePendingLoginKept() throws Exception {
		answers(new BondifyStatus(BondifyStatus.State.PENDING, null));
		MockHttpServletRequest request = statusRequest();
		pending(request);
		MockHttpServletResponse response = post(filter(this.accepting), request);
		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(json(response)).isEqualTo(Map.of("status", "pending"));
		assertThat(this.pendingLogins.load(request, PendingBondifyLogin.class)).isNotNull();
		assertThat(this.asked).isEmpty();
		verify(this.client).statusAsync(SESSION_TOKEN);
	}

	@Test
	void doFilterWhenConfirmedThenTheProofAuthenticatedForThisSessionAndThePendingLoginConsumed() throws Exception {
		answers(new BondifyStatus(BondifyStatus.State.CONFIRMED, PROOF));
		MockHttpServletRequest request = statusRequest();
		pending(request);
		MockHttpServletResponse response = post(filter(this.accepting), request);
		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(json(response)).containsEntry("status", "confirmed")
			.containsEntry("redirectUrl", "/")
			.containsEntry("user", Map.of("id", "42", "name", "Ada"));
		assertThat(this.asked).singleElement().isInstanceOfSatisfying(BondifyProofAuthenticationToken.class,
				(token) -> {
					assertThat(token.getCredentials()).isEqualTo(PROOF);
					assertThat(token.getExpectedSessionToken()).isEqualTo(SESSION_TOKEN);
				});
		assertThat(this.pendingLogins.load(request, PendingBondifyLogin.class)).isNull();
		assertThat(SecurityContextHolder.getContext().getAuthentication())
			.isInstanceOf(TelegramAuthenticationToken.class);
	}

	@Test
	void doFilterWhenConfirmedButTheLoginCannotCompleteNowThenServiceUnavailableAndTheProofKeptForTheNextPoll()
			throws Exception {
		answers(new BondifyStatus(BondifyStatus.State.CONFIRMED, PROOF));
		List<Integer> calls = new ArrayList<>();
		BondifyLoginFilter filter = filter((authentication) -> {
			calls.add(calls.size());
			if (calls.size() == 1) {
				throw new AuthenticationServiceException("user database down");
			}
			return this.accepting.authenticate(authentication);
		});
		MockHttpServletRequest first = statusRequest();
		pending(first);
		MockHttpServletResponse response = post(filter, first);
		assertThat(response.getStatus()).isEqualTo(503);
		assertThat(json(response)).containsEntry("error", "login_unavailable");
		assertThat(this.pendingLogins.load(first, PendingBondifyLogin.class).getConfirmedProof()).isEqualTo(PROOF);
		// Bondify now answers "used": the kept proof completes the login without asking it again
		answers(new BondifyStatus(BondifyStatus.State.USED, null));
		response = post(filter, statusRequest());
		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(json(response)).containsEntry("status", "confirmed");
		assertThat(((BondifyProofAuthenticationToken) this.asked.get(0)).getCredentials()).isEqualTo(PROOF);
		verify(this.client, times(1)).statusAsync(SESSION_TOKEN);
		assertThat(this.pendingLogins.load(first, PendingBondifyLogin.class)).isNull();
	}

	@Test
	void doFilterWhenConfirmedButTheProofRefusedThenUnauthorizedAndThePendingLoginDropped() throws Exception {
		answers(new BondifyStatus(BondifyStatus.State.CONFIRMED, PROOF));
		MockHttpServletRequest request = statusRequest();
		pending(request);
		MockHttpServletResponse response = post(filter((authentication) -> {
			throw new InvalidProofException("expired", "Proof expired");
		}), request);
		assertThat(response.getStatus()).isEqualTo(401);
		assertThat(json(response)).containsEntry("error", "invalid_proof");
		assertThat(this.pendingLogins.load(request, PendingBondifyLogin.class)).isNull();
		assertThat(SecurityContextHolder.getContext().getAuthentication()).isNull();
	}

	@ParameterizedTest
	@EnumSource(value = BondifyStatus.State.class, names = { "CANCELLED", "EXPIRED", "USED" })
	void doFilterWhenEndedThenItsStateAnsweredAndThePendingLoginDropped(BondifyStatus.State state) throws Exception {
		answers(new BondifyStatus(state, null));
		MockHttpServletRequest request = statusRequest();
		pending(request);
		MockHttpServletResponse response = post(filter(this.accepting), request);
		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(json(response)).isEqualTo(Map.of("status", state.name().toLowerCase()));
		assertThat(this.pendingLogins.load(request, PendingBondifyLogin.class)).isNull();
		assertThat(this.asked).isEmpty();
	}

	@Test
	void doFilterWhenUsedAfterAConfirmationMarkedInTheSharedStoreThenPendingAndThePendingLoginKept()
			throws Exception {
		InMemoryTelegramLoginStore confirmations = TestStores.inMemory(this.clock);
		confirmations.putOutcome(StoreKeys.key(BondifyWebhookOutcomes.CONFIRMED_NAMESPACE, SESSION_TOKEN), "confirmed",
				this.clock.instant().plusSeconds(600));
		answers(new BondifyStatus(BondifyStatus.State.USED, null));
		BondifyLoginFilter filter = filter(this.accepting);
		filter.setConfirmationStore(confirmations);
		MockHttpServletRequest request = statusRequest();
		pending(request);
		MockHttpServletResponse response = post(filter, request);
		assertThat(json(response)).isEqualTo(Map.of("status", "pending"));
		assertThat(this.pendingLogins.load(request, PendingBondifyLogin.class)).isNotNull();
	}

	@Test
	void doFilterWhenConfirmedThenTheConfirmationMarkedInTheSharedStore() throws Exception {
		InMemoryTelegramLoginStore confirmations = TestStores.inMemory(this.clock);
		answers(new BondifyStatus(BondifyStatus.State.CONFIRMED, PROOF));
		BondifyLoginFilter filter = filter(this.accepting);
		filter.setConfirmationStore(confirmations);
		MockHttpServletRequest request = statusRequest();
		pending(request);
		post(filter, request);
		assertThat(confirmations.findOutcome(StoreKeys.key(BondifyWebhookOutcomes.CONFIRMED_NAMESPACE, SESSION_TOKEN)))
			.isEqualTo("confirmed");
	}

	@Test
	void doFilterWhenThePendingLoginLapsedThenExpiredWithoutAskingBondify() throws Exception {
		MockHttpServletRequest request = statusRequest();
		pending(request);
		this.clock.advance(Duration.ofMinutes(10));
		MockHttpServletResponse response = post(filter(this.accepting), request);
		assertThat(json(response)).isEqualTo(Map.of("status", "expired"));
		assertThat(this.pendingLogins.load(request, PendingBondifyLogin.class)).isNull();
		verifyNoInteractions(this.client);
	}

	@Test
	void doFilterWhenUpstreamUnavailableThenServiceUnavailableAndThePendingLoginKeptForARetry() throws Exception {
		given(this.client.statusAsync(SESSION_TOKEN)).willReturn(
				CompletableFuture.failedFuture(new UpstreamUnavailableException("bondify", "connection refused")));
		BondifyLoginFilter filter = filter(this.accepting);
		filter.setUpstreamPollInterval(Duration.ZERO);
		MockHttpServletRequest request = statusRequest();
		pending(request);
		MockHttpServletResponse response = post(filter, request);
		assertThat(response.getStatus()).isEqualTo(503);
		assertThat(json(response)).containsEntry("error", "upstream_unavailable");
		assertThat(this.pendingLogins.load(request, PendingBondifyLogin.class)).isNotNull();
		answers(new BondifyStatus(BondifyStatus.State.CONFIRMED, PROOF));
		assertThat(json(post(filter, statusRequest()))).containsEntry("status", "confirmed");
	}

	@Test
	void doFilterWhenUpstreamRateLimitedThenTooManyRequestsWithItsRetryAfter() throws Exception {
		given(this.client.statusAsync(SESSION_TOKEN)).willReturn(
				CompletableFuture.failedFuture(new UpstreamRateLimitedException("bondify", Duration.ofSeconds(7))));
		MockHttpServletRequest request = statusRequest();
		pending(request);
		MockHttpServletResponse response = post(filter(this.accepting), request);
		assertThat(response.getStatus()).isEqualTo(429);
		assertThat(response.getHeader("Retry-After")).isEqualTo("7");
		assertThat(json(response)).containsEntry("error", "rate_limited");
		assertThat(this.pendingLogins.load(request, PendingBondifyLogin.class)).isNotNull();
	}

	@Test
	void doFilterWhenPolledAgainWithinTheIntervalThenTheLastAnswerIsSharedWithoutAnotherCall() throws Exception {
		answers(new BondifyStatus(BondifyStatus.State.PENDING, null));
		BondifyLoginFilter filter = filter(this.accepting);
		MockHttpServletRequest request = statusRequest();
		pending(request);
		post(filter, request);
		assertThat(json(post(filter, statusRequest()))).isEqualTo(Map.of("status", "pending"));
		verify(this.client, times(1)).statusAsync(SESSION_TOKEN);
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"waitSeconds\":-1}", "{\"waitSeconds\":1.5}", "{\"waitSeconds\":\"soon\"}",
			"{\"waitSeconds\":true}", "{\"waitSeconds\":\"-3\"}" })
	void doFilterWhenWaitSecondsNotAWholeNumberThenBadRequestAndBondifyNotAsked(String body) throws Exception {
		MockHttpServletRequest request = statusRequest();
		request.setContent(body.getBytes(StandardCharsets.UTF_8));
		pending(request);
		MockHttpServletResponse response = post(filter(this.accepting), request);
		assertThat(response.getStatus()).isEqualTo(400);
		assertThat(json(response)).containsEntry("error", "invalid_request");
		assertThat(this.pendingLogins.load(request, PendingBondifyLogin.class)).isNotNull();
		verifyNoInteractions(this.client);
	}

	@Test
	void doFilterWhenWaitSecondsQueryParameterInvalidThenBadRequest() throws Exception {
		MockHttpServletRequest request = statusRequest();
		// a query parameter comes with its query string (the filter reads parameters only then, never a form body)
		request.setQueryString(BondifyLoginFilter.WAIT_SECONDS + "=1e3");
		request.addParameter(BondifyLoginFilter.WAIT_SECONDS, "1e3");
		pending(request);
		MockHttpServletResponse response = post(filter(this.accepting), request);
		assertThat(response.getStatus()).isEqualTo(400);
		assertThat(json(response)).containsEntry("error", "invalid_request");
		verifyNoInteractions(this.client);
	}

	@Test
	void doFilterWhenLongPollStillPendingWithoutServletAsyncThenHeldForTheWaitThenPending() throws Exception {
		answers(new BondifyStatus(BondifyStatus.State.PENDING, null));
		MockHttpServletRequest request = statusRequest();
		request.setAsyncSupported(false);
		request.setContent("{\"waitSeconds\":1}".getBytes(StandardCharsets.UTF_8));
		pending(request);
		long started = System.nanoTime();
		MockHttpServletResponse response = post(filter(this.accepting), request);
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
		assertThat(json(response)).isEqualTo(Map.of("status", "pending"));
		assertThat(request.isAsyncStarted()).isFalse();
	}

	@Test
	void doFilterWhenLongPollAndConfirmedThenAnsweredAtOnce() throws Exception {
		answers(new BondifyStatus(BondifyStatus.State.CONFIRMED, PROOF));
		MockHttpServletRequest request = statusRequest();
		request.setAsyncSupported(false);
		request.setContent("{\"waitSeconds\":25}".getBytes(StandardCharsets.UTF_8));
		pending(request);
		long started = System.nanoTime();
		MockHttpServletResponse response = post(filter(this.accepting), request);
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
		assertThat(json(response)).containsEntry("status", "confirmed");
		assertThat(this.pendingLogins.load(request, PendingBondifyLogin.class)).isNull();
	}

	@Test
	void doFilterWhenLongPollingTurnedOffThenWaitSecondsIgnoredAndAnsweredAtOnce() throws Exception {
		answers(new BondifyStatus(BondifyStatus.State.PENDING, null));
		BondifyLoginFilter filter = filter(this.accepting);
		filter.setMaxWaitSeconds(0);
		MockHttpServletRequest request = statusRequest();
		request.setContent("{\"waitSeconds\":20}".getBytes(StandardCharsets.UTF_8));
		pending(request);
		long started = System.nanoTime();
		MockHttpServletResponse response = post(filter, request);
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
		assertThat(json(response)).isEqualTo(Map.of("status", "pending"));
	}

	@Test
	void doFilterWhenAConfirmationWebhookWasRecordedThenCompletedFromItWithoutAskingBondify() throws Exception {
		BondifyWebhookOutcomes outcomes = new BondifyWebhookOutcomes(TestStores.inMemory(this.clock));
		BondifyWebhookEvent event = new BondifyWebhookEvent(true, SESSION_TOKEN, "42", "Ada", null, null);
		outcomes.record(event, this.clock.instant().plusSeconds(600));
		BondifyLoginFilter filter = filter(this.accepting);
		filter.setWebhookOutcomes(outcomes);
		MockHttpServletRequest request = statusRequest();
		pending(request);
		MockHttpServletResponse response = post(filter, request);
		assertThat(json(response)).containsEntry("status", "confirmed");
		assertThat(this.asked).singleElement().isInstanceOfSatisfying(BondifyWebhookAuthenticationToken.class,
				(token) -> {
					assertThat(token.getEvent()).isEqualTo(event);
					assertThat(token.getExpectedSessionToken()).isEqualTo(SESSION_TOKEN);
				});
		assertThat(this.pendingLogins.load(request, PendingBondifyLogin.class)).isNull();
		verifyNoInteractions(this.client);
	}

	@Test
	void doFilterWhenACancellationWebhookWasRecordedThenCancelledWithoutAskingBondify() throws Exception {
		BondifyWebhookOutcomes outcomes = new BondifyWebhookOutcomes(TestStores.inMemory(this.clock));
		outcomes.record(new BondifyWebhookEvent(false, SESSION_TOKEN, null, null, null, null),
				this.clock.instant().plusSeconds(600));
		BondifyLoginFilter filter = filter(this.accepting);
		filter.setWebhookOutcomes(outcomes);
		MockHttpServletRequest request = statusRequest();
		pending(request);
		assertThat(json(post(filter, request))).isEqualTo(Map.of("status", "cancelled"));
		assertThat(this.pendingLogins.load(request, PendingBondifyLogin.class)).isNull();
		assertThat(this.asked).isEmpty();
		verifyNoInteractions(this.client);
	}

	@Test
	void doFilterWhenOverTheStatusLimitThenTooManyRequestsAndBondifyNotAsked() throws Exception {
		answers(new BondifyStatus(BondifyStatus.State.PENDING, null));
		LoginThrottle throttle = new LoginThrottle(TestStores.inMemory(this.clock));
		throttle.setStatusPerSession(ThrottleLimit.of(1, Duration.ofMinutes(1)));
		BondifyLoginFilter filter = filter(this.accepting);
		filter.setThrottle(throttle);
		filter.setUpstreamPollInterval(Duration.ZERO);
		MockHttpServletRequest first = statusRequest();
		pending(first);
		assertThat(post(filter, first).getStatus()).isEqualTo(200);
		MockHttpServletResponse response = post(filter, statusRequest());
		assertThat(response.getStatus()).isEqualTo(429);
		assertThat(json(response)).containsEntry("error", "rate_limited");
		assertThat(response.getHeader("Retry-After")).isNotNull();
		verify(this.client, times(1)).statusAsync(SESSION_TOKEN);
	}

	@Test
	void doFilterWhenAnotherPathOrMethodThenTheChainGoesOn() throws Exception {
		BondifyLoginFilter filter = filter(this.accepting);
		MockHttpServletRequest proof = statusRequest();
		pending(proof);
		proof.setRequestURI("/login/telegram/proof");
		MockFilterChain chain = new MockFilterChain();
		filter.doFilter(proof, new MockHttpServletResponse(), chain);
		assertThat(chain.getRequest()).isSameAs(proof);
		MockHttpServletRequest get = statusRequest();
		get.setMethod("GET");
		chain = new MockFilterChain();
		filter.doFilter(get, new MockHttpServletResponse(), chain);
		assertThat(chain.getRequest()).isSameAs(get);
		verifyNoInteractions(this.client);
	}

	@Test
	void doFilterWhenPolledAgainWithinTheIntervalThenPendingFromMemoryWithoutAsyncOrUpstreamCall() throws Exception {
		answers(new BondifyStatus(BondifyStatus.State.PENDING, null));
		BondifyLoginFilter filter = filter(this.accepting);
		filter.setUpstreamPollInterval(Duration.ofMinutes(1));
		MockHttpServletRequest first = statusRequest();
		pending(first);
		post(filter, first);
		MockHttpServletRequest second = statusRequest();
		second.setAsyncSupported(true);
		MockHttpServletResponse response = post(filter, second);
		assertThat(json(response)).isEqualTo(Map.of("status", "pending"));
		assertThat(second.isAsyncStarted()).as("answered synchronously").isFalse();
		verify(this.client, times(1)).statusAsync(SESSION_TOKEN);
	}

	@Test
	void doFilterWhenTheFirstPollMustWaitThenSuspendedAndPendingWrittenWithoutADispatch() throws Exception {
		CompletableFuture<BondifyStatus> call = new CompletableFuture<>();
		given(this.client.statusAsync(SESSION_TOKEN)).willReturn(call);
		MockHttpServletRequest request = statusRequest();
		request.setAsyncSupported(true);
		pending(request);
		MockHttpServletResponse response = new MockHttpServletResponse();
		filter(this.accepting).doFilter(request, response, new MockFilterChain());
		assertThat(request.isAsyncStarted()).isTrue();
		call.complete(new BondifyStatus(BondifyStatus.State.PENDING, null));
		assertThat(json(response)).isEqualTo(Map.of("status", "pending"));
		assertThat(((org.springframework.mock.web.MockAsyncContext) request.getAsyncContext()).getDispatchedPath())
			.as("no second pass through the chain").isNull();
	}

	@Test
	void doFilterWhenAConcurrentPollCompletedTheLoginMeanwhileThenAnsweredThroughTheSuccessHandler()
			throws Exception {
		answers(new BondifyStatus(BondifyStatus.State.CONFIRMED, PROOF));
		BondifyLoginFilter filter = filter(this.accepting);
		List<Authentication> answered = new ArrayList<>();
		filter.setAuthenticationSuccessHandler((rq, rs, authentication) -> answered.add(authentication));
		MockHttpServletRequest first = statusRequest();
		pending(first);
		// the concurrent poll loaded the pending login before the first one consumed it
		PendingBondifyLogin loaded = this.pendingLogins.load(first, PendingBondifyLogin.class);
		post(filter, first);
		MockHttpServletRequest concurrent = statusRequest();
		this.pendingLogins.save(loaded, concurrent, new MockHttpServletResponse());
		post(filter, concurrent);
		assertThat(this.asked).as("completed once").hasSize(1);
		assertThat(answered).hasSize(2).allSatisfy((authentication) -> assertThat(authentication.getName()).isEqualTo("42"));
	}

	@Test
	void doFilterWhenAnyFailureThenTheAppsFailureHandlerSeesItsTypedException() throws Exception {
		BondifyLoginFilter filter = filter(this.accepting);
		List<Exception> seen = new ArrayList<>();
		filter.setAuthenticationFailureHandler((rq, rs, ex) -> seen.add(ex));
		post(filter, statusRequest());
		MockHttpServletRequest badWait = statusRequest();
		pending(badWait);
		badWait.setQueryString(BondifyLoginFilter.WAIT_SECONDS + "=soon");
		badWait.addParameter(BondifyLoginFilter.WAIT_SECONDS, "soon");
		post(filter, badWait);
		given(this.client.statusAsync(SESSION_TOKEN)).willReturn(CompletableFuture
			.failedFuture(new dev.tglogin.core.UpstreamUnavailableException("bondify", "down")));
		MockHttpServletRequest down = statusRequest();
		pending(down);
		post(filter, down);
		assertThat(seen).hasSize(3);
		assertThat(seen.get(0)).isInstanceOf(NoPendingLoginException.class);
		assertThat(seen.get(1)).isInstanceOf(InvalidRequestException.class);
		assertThat(seen.get(2)).isInstanceOf(dev.tglogin.core.UpstreamUnavailableException.class);
		assertThat(this.pendingLogins.load(down, PendingBondifyLogin.class)).as("kept for a retry").isNotNull();
	}

	private BondifyLoginFilter filter(AuthenticationManager manager) {
		BondifyLoginFilter filter = new BondifyLoginFilter(STATUS_URL, this.client, this.pendingLogins, manager);
		filter.setClock(this.clock);
		return filter;
	}

	private void answers(BondifyStatus status) {
		given(this.client.statusAsync(SESSION_TOKEN)).willReturn(CompletableFuture.completedFuture(status));
	}

	private void pending(MockHttpServletRequest request) {
		this.pendingLogins.save(new PendingBondifyLogin(SESSION_TOKEN, this.clock.instant().plusSeconds(600)),
				request, new MockHttpServletResponse());
	}

	private MockHttpServletRequest statusRequest() {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", STATUS_URL);
		request.setSession(this.session);
		request.setAsyncSupported(false);
		return request;
	}

	private static MockHttpServletResponse post(BondifyLoginFilter filter, MockHttpServletRequest request)
			throws Exception {
		return FilterCalls.answer(filter, request);
	}

	private static Map<String, Object> json(MockHttpServletResponse response) throws Exception {
		return FilterCalls.json(response);
	}

}
