package dev.tglogin.web.bondify;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AbstractAuthenticationProcessingFilter;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.Assert;

import dev.tglogin.bondify.BondifyClient;
import dev.tglogin.bondify.BondifyLoginState;
import dev.tglogin.bondify.BondifyProtocol;
import dev.tglogin.bondify.BondifyStatusPoller;
import dev.tglogin.bondify.BondifyWebhookOutcomes;
import dev.tglogin.observation.TelegramLoginMetrics;
import dev.tglogin.store.StoreKeys;
import dev.tglogin.store.TelegramLoginStore;
import dev.tglogin.web.CompletedLogin;
import dev.tglogin.web.EndpointMatcher;
import dev.tglogin.web.PendingBondifyLogin;
import dev.tglogin.web.PendingLoginLock;
import dev.tglogin.web.PendingLoginRepository;
import dev.tglogin.web.TelegramAuthenticationDetailsSource;
import dev.tglogin.web.TelegramAuthenticationProcessingFilter;
import dev.tglogin.web.TelegramLoginFailureHandler;
import dev.tglogin.web.TelegramLoginSuccessHandler;
import dev.tglogin.web.throttle.ClientAddressResolver;
import dev.tglogin.web.throttle.LoginThrottle;

/**
 * Completes Bondify logins by status polling: {@code POST /login/telegram/status} ({@code POST /login/telegram/proof}
 * is {@link BondifyProofAuthenticationFilter}).
 * <p>
 * {@code /status} acts only on this browser's {@link PendingBondifyLogin}, loaded once per request, and on its
 * {@link BondifyLoginState} kept by a {@link BondifyStatusPoller}. A poll is answered from that state as it is:
 * {@code pending} at once, from memory, while Bondify is checked in the background (at most once per upstream poll
 * interval, for logins polled recently, however many tabs poll). Only a poll that finds no state yet, and a
 * long-poll (a {@code waitSeconds} body field or query parameter, at most {@value #MAX_WAIT_SECONDS}, held until the
 * state changes, a webhook arrives or the wait ends), waits: without a request thread, with servlet async processing
 * (blocking only where the container or a filter in front does not support it).
 * <p>
 * Only a decisive state takes the authentication path: the first {@code confirmed} is kept in the pending login (so
 * a later {@code used} cannot undo it) and authenticated; {@code cancelled}, {@code expired} and {@code used} end the
 * login. Polls of one pending login take that path one at a time ({@link PendingLoginLock}); a poll that waited while
 * another one completed or ended the login answers from that one's record, through the success handler, so
 * concurrent polls complete a login exactly once. Completion is {@link AbstractAuthenticationProcessingFilter}'s:
 * the shared {@code SessionAuthenticationStrategy}, the {@code SecurityContextRepository}, remember-me,
 * {@code InteractiveAuthenticationSuccessEvent} and the success/failure handlers (JSON by default). Upstream failures
 * answer the JSON error contract and keep the pending login for a retry. Every login that succeeds or fails is logged
 * once, at INFO, with a reason code and a hashed reference ({@link StoreKeys#logRef}), never a token.
 */
public final class BondifyLoginFilter extends TelegramAuthenticationProcessingFilter {

	/** The longest {@code waitSeconds} a status request may ask for. */
	public static final int MAX_WAIT_SECONDS = 25;

	/** The default of {@link #setMaxConcurrentStatusCalls}. */
	public static final int DEFAULT_MAX_CONCURRENT_STATUS_CALLS = BondifyStatusPoller.DEFAULT_MAX_CONCURRENT_CALLS;

	/** The default of the total cap of {@link #setMaxHeldPolls held long-polls}. */
	public static final int DEFAULT_MAX_HELD_POLLS = 10_000;

	/** The default of the per-session cap of {@link #setMaxHeldPolls held long-polls}. */
	public static final int DEFAULT_MAX_HELD_POLLS_PER_SESSION = 3;

	/** The default of the per-address cap of {@link #setMaxHeldPolls held long-polls}. */
	public static final int DEFAULT_MAX_HELD_POLLS_PER_ADDRESS = 100;

	/** The status request's field (or query parameter) asking to wait for a change. */
	public static final String WAIT_SECONDS = "waitSeconds";

	private final BondifyStatusPoller poller;

	private final BondifyStatusPolls polls;

	private final BondifyStatusCompletion completion;

	private final BondifyStatusTurns turns;

	/**
	 * Creates the filter.
	 * @param statusPath e.g. {@code /login/telegram/status}
	 * @param client the Bondify client
	 * @param pendingLogins where pending logins live
	 * @param authenticationManager the manager holding a {@code BondifyAuthenticationProvider}
	 */
	public BondifyLoginFilter(String statusPath, BondifyClient client, PendingLoginRepository pendingLogins,
			AuthenticationManager authenticationManager) {
		this(EndpointMatcher.of(HttpMethod.POST, statusPath), client, pendingLogins, authenticationManager);
	}

	private BondifyLoginFilter(RequestMatcher statusMatcher, BondifyClient client,
			PendingLoginRepository pendingLogins, AuthenticationManager authenticationManager) {
		super(statusMatcher, authenticationManager);
		Assert.notNull(client, "client cannot be null");
		Assert.notNull(pendingLogins, "pendingLogins cannot be null");
		this.poller = new BondifyStatusPoller(client, BondifyProtocol.POLL_INTERVAL);
		this.polls = new BondifyStatusPolls(this.poller, pendingLogins);
		this.completion = new BondifyStatusCompletion(pendingLogins);
		this.turns = new BondifyStatusTurns(this.polls);
		setAuthenticationSuccessHandler(new TelegramLoginSuccessHandler("/"));
		setAuthenticationFailureHandler(new TelegramLoginFailureHandler());
		setAuthenticationDetailsSource(new TelegramAuthenticationDetailsSource());
	}

	/**
	 * Turns on completion from Bondify webhooks (webhook-first): a status call first looks for a verified event
	 * recorded by {@link BondifyWebhookFilter} and completes from it, an event recorded on this instance answers the
	 * login's waiting requests at once, and Bondify is not polled while the login is pending but for a slow fallback
	 * check ({@link #setWebhookFallbackCheckInterval}). Off by default.
	 * @param webhookOutcomes the outcomes the webhook filter records into
	 */
	public void setWebhookOutcomes(BondifyWebhookOutcomes webhookOutcomes) {
		this.poller.setWebhookOutcomes(webhookOutcomes);
	}

	/**
	 * Sets the least time between two Bondify status calls of one pending login while webhooks are on
	 * ({@link #setWebhookOutcomes}): a slow fallback check in case a webhook is lost; no other call is made while
	 * the login is pending. Defaults to 15 seconds; the upstream poll interval when that is longer.
	 * @param interval the interval, positive
	 */
	public void setWebhookFallbackCheckInterval(Duration interval) {
		this.poller.setWebhookFallbackCheckInterval(interval);
	}

	/**
	 * Sets the least time between two Bondify status calls of one pending login, however many tabs or requests
	 * poll it; within it a poll gets the last answer, and a login polled recently is checked in the background once
	 * per interval. Defaults to Bondify's poll interval (2 seconds); zero lets every poll that finds no call in
	 * flight make one (and checks nothing in the background).
	 * @param interval the interval
	 */
	public void setUpstreamPollInterval(Duration interval) {
		this.poller.setMinInterval(interval);
	}

	/**
	 * Sets how many Bondify status calls may be in flight at once, over all pending logins. When that many are, a
	 * poll gets its login's last answer whatever its age (429 with {@code Retry-After: 1} when there is none yet) and
	 * a long-poll tries again shortly: an overload sheds work instead of piling up connections and memory. Defaults
	 * to {@value #DEFAULT_MAX_CONCURRENT_STATUS_CALLS} (at 200 ms per call, 5,000 calls per second).
	 * @param maxCalls at least 1
	 */
	public void setMaxConcurrentStatusCalls(int maxCalls) {
		this.poller.setMaxConcurrentCalls(maxCalls);
	}

	/**
	 * Sets the executor the background checks and long-poll ticks run on (they may read the store). Defaults to a
	 * small pool of daemon threads of the filter's own.
	 * @param executor the executor
	 */
	public void setStatusExecutor(Executor executor) {
		this.poller.setExecutor(executor);
	}

	/**
	 * Sets what counts the status calls shed at the limit of {@link #setMaxConcurrentStatusCalls calls in flight}.
	 * Defaults to {@link TelegramLoginMetrics#NOOP}.
	 * @param metrics the metrics
	 */
	public void setMetrics(TelegramLoginMetrics metrics) {
		this.poller.setMetrics(metrics);
	}

	/**
	 * Sets the longest wait a status request may ask for with {@code waitSeconds} (long-poll). Defaults to
	 * {@value #MAX_WAIT_SECONDS}; 0 turns long-polling off (requests are answered at once).
	 * @param maxWaitSeconds between 0 and {@value #MAX_WAIT_SECONDS}
	 */
	public void setMaxWaitSeconds(int maxWaitSeconds) {
		this.polls.setMaxWaitSeconds(maxWaitSeconds);
	}

	/** Sets the clock. Defaults to the system UTC clock. */
	public void setClock(Clock clock) {
		this.polls.setClock(clock);
	}

	/**
	 * Sets the store shared by the instances of the app (with a shared session store). Before each upstream check
	 * an instance takes the login's lease there ({@link TelegramLoginStore#tryLease}), so that a login polled on
	 * several instances is checked once per interval between them; the instance that gets a decisive answer shares
	 * it there ({@code confirmed} with its proof, kept no longer than the proof's {@code exp}, {@code cancelled},
	 * {@code expired}), so that the browser's next poll on another instance is answered; and the first
	 * {@code confirmed} answer is marked, so that an instance that gets Bondify's later {@code used} keeps the
	 * pending login whose proof another instance saved in the session. Defaults to none (one instance); the
	 * {@code telegramLogin()} DSL sets its store.
	 * @param confirmations the store, shared by all instances
	 */
	public void setConfirmationStore(TelegramLoginStore confirmations) {
		BondifyWebhookOutcomes outcomes = new BondifyWebhookOutcomes(confirmations);
		this.poller.setConfirmations(outcomes);
		this.polls.setConfirmations(outcomes);
	}

	/**
	 * Caps the status requests held open by long-polling ({@code waitSeconds}): in total, per browser session and per
	 * client address. A request beyond a cap is answered at once with the login's current state, like a plain poll,
	 * so one client cannot hold hundreds of connections. Default to {@value #DEFAULT_MAX_HELD_POLLS},
	 * {@value #DEFAULT_MAX_HELD_POLLS_PER_SESSION} and {@value #DEFAULT_MAX_HELD_POLLS_PER_ADDRESS}.
	 * @param total most held at once
	 * @param perSession most held for one browser session
	 * @param perAddress most held for one client address ({@link #setClientAddressResolver})
	 */
	public void setMaxHeldPolls(int total, int perSession, int perAddress) {
		this.polls.setHolds(new LongPollHolds(total, perSession, perAddress));
	}

	/**
	 * Sets how the client address of a held long-poll is found. Defaults to the direct peer's address; the
	 * {@code telegramLogin()} DSL passes the throttle's, which trusts the configured proxies.
	 * @param clientAddressResolver the resolver
	 */
	public void setClientAddressResolver(ClientAddressResolver clientAddressResolver) {
		this.polls.setClientAddressResolver(clientAddressResolver);
	}

	/**
	 * Sets the throttle of status polls ({@link LoginThrottle#STATUS_PER_SESSION}). Defaults to none; the
	 * {@code telegramLogin()} DSL always sets one.
	 * @param throttle the throttle
	 */
	public void setThrottle(LoginThrottle throttle) {
		this.polls.setThrottle(throttle);
	}

	/**
	 * Sets how long a poll waits for a concurrent poll of the same pending login before answering 429 with
	 * {@code Retry-After: 1}, and how much longer than its {@code waitSeconds} an asynchronous status request may
	 * wait for the upstream answer before it answers 504. Defaults to 10 seconds; keep it above the upstream read
	 * timeout.
	 * @param timeout the timeout
	 */
	public void setConcurrentPollTimeout(Duration timeout) {
		this.turns.setTimeout(timeout);
		this.polls.setAsyncMargin(timeout);
	}

	@Override
	public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
			throws IOException, ServletException {
		HttpServletRequest request = (HttpServletRequest) req;
		HttpServletResponse response = (HttpServletResponse) res;
		if (!requiresAuthentication(request, response)) {
			// not this endpoint's (what the superclass would do too, after asking the matcher again)
			chain.doFilter(request, response);
			return;
		}
		this.turns.handle(request, response, this::answerUndecided, getFailureHandler(),
				() -> super.doFilter(request, response, chain));
	}

	private void answerUndecided(BondifyLoginState state, HttpServletRequest request, HttpServletResponse response)
			throws IOException, ServletException {
		BondifyStatusAnswers.undecided(state, request, response, getFailureHandler());
	}

	@Override
	public @Nullable Authentication attemptAuthentication(HttpServletRequest request, HttpServletResponse response)
			throws AuthenticationException, IOException, ServletException {
		BondifyStatusTurns.Decision decision = this.turns.decision(request);
		PendingLoginLock.Turn turn = decision.turn();
		PendingBondifyLogin pending = decision.decision().pending();
		CompletedLogin completed = turn.completed();
		if (completed != null) {
			// a concurrent poll of this browser completed or ended the login while this one waited
			completed.answer(request, response, getSuccessHandler(), getFailureHandler());
			return null;
		}
		BondifyLoginState state = decision.decision().state();
		if (BondifyStatusCompletion.isConfirmation(state)) {
			return this.completion.authenticate(pending, state, turn,
					this.authenticationDetailsSource.buildDetails(request), getAuthenticationManager(), request, response);
		}
		if (this.polls.isKeptConfirmed(pending, state)) {
			answerUndecided(BondifyLoginState.PENDING, request, response);
			return null;
		}
		String name = this.completion.end(pending, state, turn, request, response);
		BondifyStatusAnswers.ended(name, this.authenticationDetailsSource.buildDetails(request), this.eventPublisher,
				response);
		return null;
	}

}
