package dev.tglogin.web;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

import dev.tglogin.bondify.BondifyLoginState;
import dev.tglogin.bondify.BondifyStatusPoller;
import dev.tglogin.bondify.BondifyWebhookOutcomes;
import dev.tglogin.core.UpstreamException;
import dev.tglogin.core.UpstreamRateLimitedException;
import dev.tglogin.store.StoreKeys;
import dev.tglogin.web.throttle.ClientAddressResolver;
import dev.tglogin.web.throttle.LoginThrottle;
import dev.tglogin.web.throttle.ThrottleRefusal;

/**
 * The part of {@code /status} before authentication: reads the request ({@code waitSeconds}), applies the throttle,
 * loads the browser's pending login once, and finds the login's state ({@link BondifyStatusPoller}). A state that
 * leaves the login pending ({@code pending}, an upstream failure) and every error are answered here; a decisive
 * state is handed to {@link BondifyLoginFilter}'s authentication path, at once or, after a wait, through an
 * asynchronous dispatch ({@link StatusWait}).
 * <p>
 * This class is thread-safe once configured.
 */
final class BondifyStatusPolls {

	private static final Log logger = LogFactory.getLog(BondifyStatusPolls.class);

	private final BondifyStatusPoller poller;

	private final PendingLoginRepository pendingLogins;

	private int maxWaitSeconds = BondifyLoginFilter.MAX_WAIT_SECONDS;

	private Duration asyncMargin = Duration.ofSeconds(10);

	private @Nullable LoginThrottle throttle;

	private Clock clock = Clock.systemUTC();

	private @Nullable BondifyWebhookOutcomes confirmations;

	private LongPollHolds holds = new LongPollHolds(BondifyLoginFilter.DEFAULT_MAX_HELD_POLLS,
			BondifyLoginFilter.DEFAULT_MAX_HELD_POLLS_PER_SESSION, BondifyLoginFilter.DEFAULT_MAX_HELD_POLLS_PER_ADDRESS);

	private ClientAddressResolver clientAddressResolver = new ClientAddressResolver();

	BondifyStatusPolls(BondifyStatusPoller poller, PendingLoginRepository pendingLogins) {
		this.poller = poller;
		this.pendingLogins = pendingLogins;
	}

	void setMaxWaitSeconds(int maxWaitSeconds) {
		Assert.isTrue(maxWaitSeconds >= 0 && maxWaitSeconds <= BondifyLoginFilter.MAX_WAIT_SECONDS,
				"maxWaitSeconds must be between 0 and " + BondifyLoginFilter.MAX_WAIT_SECONDS);
		this.maxWaitSeconds = maxWaitSeconds;
	}

	void setAsyncMargin(Duration asyncMargin) {
		this.asyncMargin = asyncMargin;
	}

	void setThrottle(LoginThrottle throttle) {
		Assert.notNull(throttle, "throttle cannot be null");
		this.throttle = throttle;
	}

	void setClock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
	}

	void setConfirmations(BondifyWebhookOutcomes confirmations) {
		this.confirmations = confirmations;
	}

	void setHolds(LongPollHolds holds) {
		this.holds = holds;
	}

	void setClientAddressResolver(ClientAddressResolver clientAddressResolver) {
		Assert.notNull(clientAddressResolver, "clientAddressResolver cannot be null");
		this.clientAddressResolver = clientAddressResolver;
	}

	/**
	 * Answers a status request, unless its login's state is decisive.
	 * @param request the request
	 * @param response the response
	 * @param dispatched told, before the dispatch, the decisive state a suspended request is dispatched with
	 * @return the decisive state to authenticate now; {@code null} when the request was answered or suspended
	 */
	@Nullable StatusDecision poll(HttpServletRequest request, HttpServletResponse response,
			Consumer<StatusDecision> dispatched) throws IOException {
		int waitSeconds;
		try {
			waitSeconds = waitSeconds(request);
		}
		catch (InvalidRequestException ex) {
			JsonResponses.error(response, ex.getError());
			return null;
		}
		ThrottleRefusal refusal = (this.throttle != null) ? this.throttle.checkStatus(request) : null;
		if (refusal != null) {
			JsonResponses.error(response, TelegramLoginError.rateLimited(refusal.retryAfterSeconds()));
			return null;
		}
		PendingBondifyLogin pending = this.pendingLogins.load(request, PendingBondifyLogin.class);
		if (pending == null) {
			JsonResponses.error(response, TelegramLoginError.noPendingLogin());
			return null;
		}
		Duration untilExpiry = Duration.between(this.clock.instant(), pending.getExpiresAt());
		BondifyLoginState known = (pending.getConfirmedProof() != null)
				? new BondifyLoginState.Confirmed(pending.getConfirmedProof())
				: (untilExpiry.isNegative() || untilExpiry.isZero()) ? BondifyLoginState.EXPIRED
						: this.poller.current(pending.getSessionToken());
		if (known != null && (known.isDecisive() || waitSeconds == 0)) {
			// the common path: answered from the login's last known state
			return decide(pending, known, response);
		}
		LongPollHolds.Hold hold = (waitSeconds > 0) ? hold(pending, request) : null;
		Duration wait = (hold != null) ? Duration.ofSeconds(waitSeconds) : Duration.ZERO;
		CompletableFuture<BondifyLoginState> state = (hold != null)
				? this.poller.await(pending.getSessionToken(), (untilExpiry.compareTo(wait) < 0) ? untilExpiry : wait)
				: this.poller.poll(pending.getSessionToken());
		if (state.isDone() || !request.isAsyncSupported()) {
			try {
				return decide(pending, state.join(), response);
			}
			finally {
				if (hold != null) {
					hold.release();
				}
			}
		}
		StatusWait.suspend(request, response, state, wait.plus(this.asyncMargin), this::writeUndecided,
				(decisive) -> dispatched.accept(new StatusDecision(pending, decisive)), (hold != null) ? hold::release
						: () -> {
						}, StoreKeys.logRef(pending.getSessionToken()));
		return null;
	}

	/** Answers a state that leaves the login pending and returns {@code null}, else returns the decision. */
	private @Nullable StatusDecision decide(PendingBondifyLogin pending, BondifyLoginState state,
			HttpServletResponse response) throws IOException {
		if (!state.isDecisive() || isKeptConfirmed(pending, state)) {
			writeUndecided(state.isDecisive() ? BondifyLoginState.PENDING : state, response);
			return null;
		}
		return new StatusDecision(pending, state);
	}

	/**
	 * Whether Bondify's {@code used} follows a confirmation that a request of this browser (maybe on another
	 * instance) keeps in the session: that proof completes the login at the next poll; dropping the pending login
	 * would lose it.
	 */
	boolean isKeptConfirmed(PendingBondifyLogin pending, BondifyLoginState state) {
		return state instanceof BondifyLoginState.Used && this.confirmations != null
				&& this.confirmations.isMarkedConfirmed(pending.getSessionToken());
	}

	/** Writes {@code pending}, or the error of a failed upstream check (the pending login stays). */
	void writeUndecided(BondifyLoginState state, HttpServletResponse response) throws IOException {
		if (!(state instanceof BondifyLoginState.Failed failed)) {
			JsonResponses.write(response, 200, Map.of("status", "pending"));
			return;
		}
		UpstreamException ex = failed.failure();
		if (ex instanceof UpstreamRateLimitedException) {
			// Bondify's own limit or ours on calls in flight: the browser is told when to come back
			logger.debug("Telegram login status poll refused for now: " + ex.getMessage());
		}
		else {
			logger.warn("Telegram login status poll failed: " + ex.getMessage());
		}
		JsonResponses.error(response, TelegramLoginError.from(ex));
	}

	/** Takes a place for a long-poll, or none beyond a cap (then it is answered as a plain poll). */
	private LongPollHolds.@Nullable Hold hold(PendingBondifyLogin pending, HttpServletRequest request) {
		LongPollHolds.Hold hold = this.holds.tryHold(request.getSession().getId(),
				this.clientAddressResolver.resolve(request));
		if (hold == null) {
			logger.debug("Telegram login long-poll not held (cap reached), answered at once (bondify session "
					+ StoreKeys.logRef(pending.getSessionToken()) + ")");
		}
		return hold;
	}

	/**
	 * The {@code waitSeconds} of a status request (JSON body field or query parameter): how long the request may
	 * wait for the status to change; 0 (answer at once) when absent, at most the configured longest wait.
	 */
	private int waitSeconds(HttpServletRequest request) throws InvalidRequestException, IOException {
		String field = BondifyLoginFilter.WAIT_SECONDS;
		Object value = JsonRequests.readOptionalObject(request, JsonRequests.DEFAULT_MAX_BODY_BYTES).get(field);
		if (value == null) {
			value = request.getParameter(field);
		}
		if (value == null || this.maxWaitSeconds == 0) {
			return 0;
		}
		long seconds = -1;
		if (value instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())) {
			seconds = number.longValue();
		}
		else if (value instanceof String text && text.matches("[0-9]{1,9}")) {
			seconds = Long.parseLong(text);
		}
		if (seconds < 0) {
			throw new InvalidRequestException(
					TelegramLoginError.invalidRequest("The field \"" + field + "\" must be a whole number of seconds"));
		}
		return (int) Math.min(seconds, this.maxWaitSeconds);
	}

	/**
	 * A decisive state of a pending login, for the authentication path.
	 * @param pending the pending login, as loaded by the request
	 * @param state its decisive state
	 */
	record StatusDecision(PendingBondifyLogin pending, BondifyLoginState state) {
	}

}
