package dev.tglogin.web;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AbstractAuthenticationProcessingFilter;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.Assert;

import dev.tglogin.bondify.BondifyClient;
import dev.tglogin.bondify.BondifyProofAuthenticationToken;
import dev.tglogin.bondify.BondifyWebhookAuthenticationToken;
import dev.tglogin.bondify.BondifyWebhookEvent;
import dev.tglogin.bondify.BondifyProtocol;
import dev.tglogin.bondify.BondifyStatus;
import dev.tglogin.bondify.InvalidProofException;
import dev.tglogin.core.TelegramLoginEndedEvent;
import dev.tglogin.core.TelegramLoginFlow;
import dev.tglogin.core.UpstreamException;
import dev.tglogin.core.UpstreamRateLimitedException;
import dev.tglogin.core.UpstreamTimeoutException;
import dev.tglogin.store.StoreKeys;
import dev.tglogin.store.TelegramLoginStore;
import dev.tglogin.web.throttle.ClientAddressResolver;
import dev.tglogin.web.throttle.LoginThrottle;
import dev.tglogin.web.throttle.ThrottleRefusal;

/**
 * Completes Bondify logins by status polling: {@code POST /login/telegram/status} ({@code POST /login/telegram/proof}
 * is {@link BondifyProofAuthenticationFilter}).
 * <p>
 * {@code /status} acts only on this browser's {@link PendingBondifyLogin}: it asks Bondify about the session token
 * kept there and answers {@code pending}, {@code cancelled}, {@code expired} or {@code used}, or, on the first
 * {@code confirmed} answer, keeps the proof in the pending login (so a later {@code used} cannot undo it) and
 * authenticates it. Waiting costs no thread: the upstream call is asynchronous and the request is suspended with
 * servlet async processing (blocking only where the container or a filter in front does not support it); calls are
 * shared by all requests of the login and made at most once per upstream poll interval
 * ({@link BondifyStatusPoller}); a request with {@code waitSeconds} (body field or query parameter, at most
 * {@value #MAX_WAIT_SECONDS}) is held until the status changes, a webhook arrives or the wait ends (long-poll).
 * Polls of one pending login complete one at a time; polls that were waiting while another one completed or ended
 * the login give that poll's answer, so concurrent polls complete a login exactly once.
 * <p>
 * Completion is {@link AbstractAuthenticationProcessingFilter}'s: the shared {@code SessionAuthenticationStrategy}
 * (the session id changes, the CSRF token is renewed), the {@code SecurityContextRepository}, remember-me,
 * {@code InteractiveAuthenticationSuccessEvent} and the success/failure handlers (JSON by default). Upstream failures
 * while polling answer the JSON error contract and keep the pending login for a retry. Every login that succeeds or
 * fails is logged once, at INFO, with a reason code and a hashed reference ({@link StoreKeys#logRef}), never a token.
 */
public final class BondifyLoginFilter extends AbstractAuthenticationProcessingFilter {

	private static final Log logger = LogFactory.getLog(BondifyLoginFilter.class);

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

	/** Store namespace of the markers of confirmed logins whose proof a browser session keeps. */
	static final String CONFIRMED_NAMESPACE = "bondify-confirmed";

	private static final String ANSWER_ATTRIBUTE = BondifyLoginFilter.class.getName() + ".ANSWER";

	private final RequestMatcher statusMatcher;

	private final PendingLoginRepository pendingLogins;

	private final PendingLoginSerializer serializer = new PendingLoginSerializer();

	private final BondifyStatusPoller poller;

	private int maxWaitSeconds = MAX_WAIT_SECONDS;

	private Duration asyncMargin = Duration.ofSeconds(10);

	private @Nullable TelegramLoginStore webhookOutcomes;

	private @Nullable LoginThrottle throttle;

	private Clock clock = Clock.systemUTC();

	private @Nullable TelegramLoginStore confirmations;

	private TelegramLoginMessages messages = TelegramLoginMessages.library();

	private LongPollHolds holds = new LongPollHolds(DEFAULT_MAX_HELD_POLLS, DEFAULT_MAX_HELD_POLLS_PER_SESSION,
			DEFAULT_MAX_HELD_POLLS_PER_ADDRESS);

	private ClientAddressResolver clientAddressResolver = new ClientAddressResolver();

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
		this.statusMatcher = statusMatcher;
		this.pendingLogins = pendingLogins;
		this.poller = new BondifyStatusPoller(client, BondifyProtocol.POLL_INTERVAL);
		setAuthenticationSuccessHandler(new TelegramLoginSuccessHandler("/"));
		setAuthenticationFailureHandler(new TelegramLoginFailureHandler());
		setAuthenticationDetailsSource(new TelegramAuthenticationDetailsSource());
	}

	/**
	 * Turns on completion from Bondify webhooks: a status call first looks for a verified event recorded by
	 * {@link BondifyWebhookFilter} in this store and completes from it without polling Bondify; polling remains the
	 * fallback when none came. Off by default.
	 * @param webhookOutcomes the store the webhook filter records into
	 */
	public void setWebhookOutcomes(TelegramLoginStore webhookOutcomes) {
		Assert.notNull(webhookOutcomes, "webhookOutcomes cannot be null");
		this.webhookOutcomes = webhookOutcomes;
		this.poller.setOutcomeRecorded((token) -> recordedOutcome(token) != null);
	}

	/**
	 * Returns what to tell this filter when a webhook event was recorded on this instance
	 * ({@link BondifyWebhookFilter#setRecordedListener}): status requests waiting for that login answer at once.
	 * @return the listener
	 */
	public Consumer<BondifyWebhookEvent> webhookListener() {
		return (event) -> this.poller.signal(event.sessionToken());
	}

	/**
	 * Sets the least time between two Bondify status calls of one pending login, however many tabs or requests
	 * poll it; within it a poll gets the last answer. Defaults to Bondify's poll interval (2 seconds); zero lets
	 * every poll that finds no call in flight make one.
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
		Assert.isTrue(maxCalls > 0, "maxCalls must be positive");
		this.poller.setMaxConcurrentCalls(maxCalls);
	}

	/**
	 * Sets the longest wait a status request may ask for with {@code waitSeconds} (long-poll). Defaults to
	 * {@value #MAX_WAIT_SECONDS}; 0 turns long-polling off (requests are answered at once).
	 * @param maxWaitSeconds between 0 and {@value #MAX_WAIT_SECONDS}
	 */
	public void setMaxWaitSeconds(int maxWaitSeconds) {
		Assert.isTrue(maxWaitSeconds >= 0 && maxWaitSeconds <= MAX_WAIT_SECONDS,
				"maxWaitSeconds must be between 0 and " + MAX_WAIT_SECONDS);
		this.maxWaitSeconds = maxWaitSeconds;
	}

	/** Sets the clock. Defaults to the system UTC clock. */
	public void setClock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
	}

	/**
	 * Sets the store in which the first {@code confirmed} answer of a login is marked, so that with several
	 * instances (a shared store and a shared session store) an instance that gets Bondify's later {@code used}
	 * answer keeps the pending login whose proof another instance saved in the session. Defaults to none (one
	 * instance: the session itself is enough); the {@code telegramLogin()} DSL sets its store.
	 * @param confirmations the store, shared by all instances
	 */
	public void setConfirmationStore(TelegramLoginStore confirmations) {
		Assert.notNull(confirmations, "confirmations cannot be null");
		this.confirmations = confirmations;
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
		this.holds = new LongPollHolds(total, perSession, perAddress);
	}

	/**
	 * Sets how the client address of a held long-poll is found. Defaults to the direct peer's address; the
	 * {@code telegramLogin()} DSL passes the throttle's, which trusts the configured proxies.
	 * @param clientAddressResolver the resolver
	 */
	public void setClientAddressResolver(ClientAddressResolver clientAddressResolver) {
		Assert.notNull(clientAddressResolver, "clientAddressResolver cannot be null");
		this.clientAddressResolver = clientAddressResolver;
	}

	/**
	 * Sets the throttle of status polls ({@link LoginThrottle#STATUS_PER_SESSION}). Defaults to none; the
	 * {@code telegramLogin()} DSL always sets one.
	 * @param throttle the throttle
	 */
	public void setThrottle(LoginThrottle throttle) {
		Assert.notNull(throttle, "throttle cannot be null");
		this.throttle = throttle;
	}

	/**
	 * Sets how long a poll waits for a concurrent poll of the same pending login before answering 429 with
	 * {@code Retry-After: 1}, and how much longer than its {@code waitSeconds} an asynchronous status request may
	 * wait for the upstream answer before it answers 504. Defaults to 10 seconds; keep it above the upstream read
	 * timeout.
	 * @param timeout the timeout
	 */
	public void setConcurrentPollTimeout(Duration timeout) {
		this.serializer.setTimeout(timeout);
		this.asyncMargin = timeout;
	}

	/**
	 * Sets the texts of the error messages. Defaults to the library's own ({@link TelegramLoginMessages#library()}).
	 * @param messages the texts, e.g. {@link TelegramLoginMessages#withOverrides} of the app's {@code MessageSource}
	 */
	public void setMessages(TelegramLoginMessages messages) {
		Assert.notNull(messages, "messages cannot be null");
		this.messages = messages;
		this.serializer.setMessages(messages);
	}

	@Override
	public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
			throws IOException, ServletException {
		HttpServletRequest request = (HttpServletRequest) req;
		HttpServletResponse response = (HttpServletResponse) res;
		if (!this.statusMatcher.matches(request)) {
			super.doFilter(request, response, chain);
			return;
		}
		if (request.getAttribute(ANSWER_ATTRIBUTE) instanceof StatusAnswer answer) {
			// the asynchronous dispatch with the upstream answer
			completeInTurn(answer, request, response, chain);
			return;
		}
		int waitSeconds;
		try {
			waitSeconds = waitSeconds(request);
		}
		catch (InvalidRequestException ex) {
			JsonResponses.error(response, this.messages.localize(ex.getError(), request));
			return;
		}
		ThrottleRefusal refusal = (this.throttle != null) ? this.throttle.checkStatus(request) : null;
		if (refusal != null) {
			JsonResponses.error(response,
					this.messages.localize(TelegramLoginError.rateLimited(refusal.retryAfterSeconds()), request));
			return;
		}
		PendingBondifyLogin pending = this.pendingLogins.load(request, PendingBondifyLogin.class);
		if (pending == null) {
			JsonResponses.error(response, this.messages.localize(TelegramLoginError.noPendingLogin(), request));
			return;
		}
		LongPollHolds.Hold hold = null;
		if (waitSeconds > 0) {
			hold = this.holds.tryHold(request.getSession().getId(), this.clientAddressResolver.resolve(request));
			if (hold == null) {
				// beyond a cap of held requests: answered at once with the current state, as a plain poll
				logger.debug("Telegram login long-poll not held (cap reached), answered at once (bondify session "
						+ ref(pending) + ")");
				waitSeconds = 0;
			}
		}
		String token = pending.getSessionToken();
		// from here until the answer, an answer of a concurrent request that consumes the login is kept for this one
		PendingLoginSerializer.Ticket ticket = this.serializer.join(token);
		try {
			waitForStatus(pending, waitSeconds, ticket, request, response, chain);
		}
		catch (IOException | ServletException | RuntimeException ex) {
			this.serializer.leave(ticket);
			throw ex;
		}
		finally {
			if (hold != null) {
				releaseWhenDone(hold, request);
			}
		}
	}

	/** Gives a held request's place back when it ends: now, or when its asynchronous processing completes. */
	private static void releaseWhenDone(LongPollHolds.Hold hold, HttpServletRequest request) {
		if (!request.isAsyncStarted()) {
			hold.release();
			return;
		}
		request.getAsyncContext().addListener(new AsyncListener() {

			@Override
			public void onComplete(AsyncEvent event) {
				hold.release();
			}

			@Override
			public void onTimeout(AsyncEvent event) {
			}

			@Override
			public void onError(AsyncEvent event) {
				hold.release();
			}

			@Override
			public void onStartAsync(AsyncEvent event) {
			}

		});
	}

	private void waitForStatus(PendingBondifyLogin pending, int waitSeconds, PendingLoginSerializer.Ticket ticket,
			HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		String token = pending.getSessionToken();
		Duration untilExpiry = Duration.between(this.clock.instant(), pending.getExpiresAt());
		if (pending.getConfirmedProof() != null || untilExpiry.isNegative() || untilExpiry.isZero()
				|| webhookOutcome(pending) != null) {
			// answered from what is here: no upstream call
			completeInTurn(new StatusAnswer(ticket, null, null, false), request, response, chain);
			return;
		}
		Duration wait = Duration.ofSeconds(waitSeconds);
		CompletableFuture<BondifyStatus> status = (waitSeconds > 0)
				? this.poller.await(token, (untilExpiry.compareTo(wait) < 0) ? untilExpiry : wait)
				: this.poller.poll(token);
		if (status.isDone()) {
			// answered at once: the webhook outcome was read just now and need not be read again
			completeInTurn(answerOf(ticket, status, true), request, response, chain);
			return;
		}
		if (!request.isAsyncSupported()) {
			completeInTurn(answerOf(ticket, status, false), request, response, chain);
			return;
		}
		AsyncContext async = request.startAsync();
		async.setTimeout(wait.plus(this.asyncMargin).toMillis());
		AtomicBoolean settled = new AtomicBoolean();
		async.addListener(new StatusTimeout(settled, token, ticket));
		status.whenComplete((answer, failure) -> {
			if (settled.compareAndSet(false, true)) {
				request.setAttribute(ANSWER_ATTRIBUTE, answerOf(ticket, status, false));
				async.dispatch();
			}
		});
	}

	/**
	 * Runs the completion of a status request with its answer, in the pending login's turn (see
	 * {@link PendingLoginSerializer}), and leaves the login's requests.
	 */
	private void completeInTurn(StatusAnswer answer, HttpServletRequest request, HttpServletResponse response,
			FilterChain chain) throws IOException, ServletException {
		String token = answer.sessionToken();
		PendingLoginSerializer.Ticket ticket = answer.ticket();
		request.setAttribute(ANSWER_ATTRIBUTE, answer);
		try {
			this.serializer.run(ticket, request, response,
					(rq, rs) -> BondifyLoginFilter.super.doFilter(rq, rs, chain), () -> {
						PendingBondifyLogin now = this.pendingLogins.load(request, PendingBondifyLogin.class);
						return now == null || !now.getSessionToken().equals(token);
					});
		}
		finally {
			request.removeAttribute(ANSWER_ATTRIBUTE);
			this.serializer.leave(ticket);
		}
	}

	/**
	 * The {@code waitSeconds} of a status request (JSON body field or query parameter): how long the request may
	 * wait for the status to change; 0 (answer at once) when absent, at most {@link #MAX_WAIT_SECONDS}.
	 */
	private int waitSeconds(HttpServletRequest request) throws InvalidRequestException, IOException {
		Object value = JsonRequests.readOptionalObject(request, JsonRequests.DEFAULT_MAX_BODY_BYTES)
			.get(WAIT_SECONDS);
		if (value == null) {
			value = request.getParameter(WAIT_SECONDS);
		}
		if (value == null || this.maxWaitSeconds == 0) {
			return 0;
		}
		long seconds;
		if (value instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())) {
			seconds = number.longValue();
		}
		else if (value instanceof String text && text.matches("[0-9]{1,9}")) {
			seconds = Long.parseLong(text);
		}
		else {
			seconds = -1;
		}
		if (seconds < 0) {
			throw new InvalidRequestException(
					TelegramLoginError.invalidRequest("whole_seconds",
							"The field \"" + WAIT_SECONDS + "\" must be a whole number of seconds", WAIT_SECONDS));
		}
		return (int) Math.min(seconds, this.maxWaitSeconds);
	}

	private static StatusAnswer answerOf(PendingLoginSerializer.@Nullable Ticket ticket,
			CompletableFuture<BondifyStatus> status, boolean webhookChecked) {
		try {
			return new StatusAnswer(ticket, status.join(), null, webhookChecked);
		}
		catch (CompletionException | java.util.concurrent.CancellationException ex) {
			return new StatusAnswer(ticket, null, BondifyStatusPoller.asUpstream(ex), webhookChecked);
		}
	}

	/** Answers a long-poll whose upstream answer did not come within the async timeout. */
	private final class StatusTimeout implements AsyncListener {

		private final AtomicBoolean settled;

		private final String token;

		private final PendingLoginSerializer.Ticket ticket;

		private StatusTimeout(AtomicBoolean settled, String token, PendingLoginSerializer.Ticket ticket) {
			this.settled = settled;
			this.token = token;
			this.ticket = ticket;
		}

		@Override
		public void onTimeout(AsyncEvent event) throws IOException {
			if (this.settled.compareAndSet(false, true)) {
				BondifyLoginFilter.this.serializer.leave(this.ticket);
				logger.warn("Telegram login status wait timed out (bondify session " + StoreKeys.logRef(this.token)
						+ ")");
				JsonResponses.error((HttpServletResponse) event.getAsyncContext().getResponse(),
						BondifyLoginFilter.this.messages.localize(
								TelegramLoginError.from(new UpstreamTimeoutException("bondify", "no status in time", null)),
								(HttpServletRequest) event.getAsyncContext().getRequest()));
				event.getAsyncContext().complete();
			}
		}

		@Override
		public void onError(AsyncEvent event) {
			if (this.settled.compareAndSet(false, true)) {
				BondifyLoginFilter.this.serializer.leave(this.ticket);
			}
		}

		@Override
		public void onComplete(AsyncEvent event) {
		}

		@Override
		public void onStartAsync(AsyncEvent event) {
		}

	}

	/**
	 * The upstream answer a status request completes with (neither part when none was needed), its ticket, and
	 * whether the first phase found no webhook outcome a moment ago (without waiting in between), so the completion
	 * need not read the store again.
	 */
	private record StatusAnswer(PendingLoginSerializer.@Nullable Ticket ticket, @Nullable BondifyStatus status,
			@Nullable UpstreamException failure, boolean webhookChecked) {

		String sessionToken() {
			Assert.state(this.ticket != null, "no ticket");
			return this.ticket.token();
		}

	}

	@Override
	public @Nullable Authentication attemptAuthentication(HttpServletRequest request, HttpServletResponse response)
			throws AuthenticationException, IOException {
		return attemptStatus(request, response);
	}

	private @Nullable Authentication attemptStatus(HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		PendingBondifyLogin pending = this.pendingLogins.load(request, PendingBondifyLogin.class);
		if (pending == null || !PendingLoginSerializer.isTurnOf(request, pending.getSessionToken())) {
			// a concurrent poll of this browser completed or ended the login while this one waited
			if (!PendingLoginSerializer.answerAsConcurrentRequest(request, response)) {
				JsonResponses.error(response, this.messages.localize(TelegramLoginError.noPendingLogin(), request));
			}
			return null;
		}
		if (pending.getConfirmedProof() != null) {
			return complete(pending, pending.getConfirmedProof(), request, response);
		}
		if (!this.clock.instant().isBefore(pending.getExpiresAt())) {
			return finish(pending, BondifyStatus.State.EXPIRED, request, response);
		}
		StatusAnswer given = (StatusAnswer) request.getAttribute(ANSWER_ATTRIBUTE);
		BondifyWebhookEvent delivered = (given != null && given.webhookChecked()) ? null : webhookOutcome(pending);
		if (delivered != null) {
			if (!delivered.confirmed()) {
				return finish(pending, BondifyStatus.State.CANCELLED, request, response);
			}
			return complete(pending, BondifyWebhookAuthenticationToken.unauthenticated(delivered,
					pending.getSessionToken()), request, response);
		}
		StatusAnswer answer = (given != null && (given.status() != null || given.failure() != null)) ? given
				: answerOf((given != null) ? given.ticket() : null, this.poller.poll(pending.getSessionToken()), false);
		if (answer.failure() != null) {
			UpstreamException ex = answer.failure();
			if (ex instanceof UpstreamRateLimitedException) {
				// Bondify's own limit or ours on calls in flight: the browser is told when to come back
				logger.debug("Telegram login status poll refused for now (bondify session " + ref(pending) + "): "
						+ ex.getMessage());
			}
			else {
				logger.warn("Telegram login status poll failed (bondify session " + ref(pending) + "): "
						+ ex.getMessage());
			}
			JsonResponses.error(response, this.messages.localize(TelegramLoginError.from(ex), request));
			return null;
		}
		BondifyStatus status = answer.status();
		if (status.state() == BondifyStatus.State.CONFIRMED) {
			PendingBondifyLogin confirmed = pending.withConfirmedProof(status.proof());
			this.pendingLogins.save(confirmed, request, response);
			markConfirmed(pending);
			return complete(confirmed, status.proof(), request, response);
		}
		if (status.state() == BondifyStatus.State.PENDING
				|| status.state() == BondifyStatus.State.USED && isMarkedConfirmed(pending)) {
			// "used" after a confirmation that a request of this browser (maybe on another instance) keeps in the
			// session: that proof completes the login at the next poll; dropping the pending login would lose it
			JsonResponses.write(response, 200, Map.of("status", "pending"));
			return null;
		}
		return finish(pending, status.state(), request, response);
	}

	private Authentication complete(PendingBondifyLogin pending, String proof, HttpServletRequest request,
			HttpServletResponse response) {
		return complete(pending, BondifyProofAuthenticationToken.unauthenticated(proof, pending.getSessionToken()),
				request, response);
	}

	/**
	 * Returns the event a verified Bondify webhook recorded for this login, when webhooks are on; {@code null} when
	 * none came yet or the store cannot be read (then polling goes on as the fallback).
	 */
	private @Nullable BondifyWebhookEvent webhookOutcome(PendingBondifyLogin pending) {
		String recorded = recordedOutcome(pending.getSessionToken());
		return (recorded != null) ? BondifyWebhookFilter.fromJson(recorded) : null;
	}

	/**
	 * The webhook outcome recorded for a login, as stored: for the status request and for the long-poll ticks' check
	 * before each upstream call. {@code null} when webhooks are off, none came yet or the store cannot be read.
	 */
	private @Nullable String recordedOutcome(String sessionToken) {
		return findOutcome(this.webhookOutcomes, BondifyWebhookFilter.OUTCOME_NAMESPACE, sessionToken,
				"Webhook outcomes cannot be read, polling Bondify instead");
	}

	/**
	 * The tolerant read of an outcome the store keeps for a login: {@code null} when there is no store, none is
	 * recorded, or the store cannot be read (logged, and the status path goes on as if none were recorded).
	 */
	private static @Nullable String findOutcome(@Nullable TelegramLoginStore store, String namespace,
			String sessionToken, String failure) {
		if (store == null) {
			return null;
		}
		try {
			return store.findOutcome(StoreKeys.key(namespace, sessionToken));
		}
		catch (AuthenticationException ex) {
			logger.warn(failure + " (bondify session " + StoreKeys.logRef(sessionToken) + "): " + ex.getMessage());
			return null;
		}
	}

	/**
	 * Records, in the shared store, that Bondify confirmed this login and its proof is kept in the browser's session,
	 * so that an instance whose copy of the session predates it answers a later {@code used} with {@code pending}
	 * instead of dropping the login. No secret is stored: the key is a hash, the value a marker.
	 */
	private void markConfirmed(PendingBondifyLogin pending) {
		if (this.confirmations == null) {
			return;
		}
		try {
			this.confirmations.putOutcome(StoreKeys.key(CONFIRMED_NAMESPACE, pending.getSessionToken()), "confirmed",
					pending.getExpiresAt());
		}
		catch (AuthenticationException ex) {
			logger.warn("Telegram login confirmation cannot be recorded (bondify session " + ref(pending) + "): "
					+ ex.getMessage());
		}
	}

	private boolean isMarkedConfirmed(PendingBondifyLogin pending) {
		return findOutcome(this.confirmations, CONFIRMED_NAMESPACE, pending.getSessionToken(),
				"Telegram login confirmations cannot be read") != null;
	}

	private Authentication complete(PendingBondifyLogin pending, AbstractAuthenticationToken token,
			HttpServletRequest request, HttpServletResponse response) {
		token.setDetails(this.authenticationDetailsSource.buildDetails(request));
		try {
			Authentication result = getAuthenticationManager().authenticate(token);
			this.pendingLogins.remove(PendingBondifyLogin.class, request, response);
			logger.info("Telegram login succeeded (flow=bondify, session " + ref(pending) + ")");
			return result;
		}
		catch (AuthenticationServiceException ex) {
			// transient (e.g. the user mapper's database): keep the proof for the next poll
			logger.warn("Telegram login could not complete now (flow=bondify, session " + ref(pending)
					+ ", reason=" + TelegramLoginError.from(ex).code() + "): " + ex.getClass().getSimpleName());
			throw ex;
		}
		catch (AuthenticationException ex) {
			this.pendingLogins.remove(PendingBondifyLogin.class, request, response);
			logger.info("Telegram login failed (flow=bondify, session " + ref(pending) + ", reason="
					+ TelegramLoginError.reason(ex) + ")");
			throw ex;
		}
	}

	private @Nullable Authentication finish(PendingBondifyLogin pending, BondifyStatus.State state,
			HttpServletRequest request, HttpServletResponse response) throws IOException {
		this.pendingLogins.remove(PendingBondifyLogin.class, request, response);
		String name = state.name().toLowerCase(java.util.Locale.ROOT);
		logger.info("Telegram login failed (flow=bondify, session " + ref(pending) + ", reason=" + name + ")");
		if (this.eventPublisher != null) {
			this.eventPublisher.publishEvent(new TelegramLoginEndedEvent(
					this.authenticationDetailsSource.buildDetails(request), TelegramLoginFlow.BONDIFY, name));
		}
		JsonResponses.write(response, 200, Map.of("status", name));
		return null;
	}

	private static String ref(PendingBondifyLogin pending) {
		return StoreKeys.logRef(pending.getSessionToken());
	}

}
