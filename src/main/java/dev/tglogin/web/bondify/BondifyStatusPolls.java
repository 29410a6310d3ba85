package dev.tglogin.web.bondify;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

import dev.tglogin.bondify.BondifyLoginState;
import dev.tglogin.bondify.BondifyStatusPoller;
import dev.tglogin.bondify.BondifyWebhookOutcomes;
import dev.tglogin.store.StoreKeys;
import dev.tglogin.web.InvalidRequestException;
import dev.tglogin.web.JsonRequests;
import dev.tglogin.web.LoginRateLimitedException;
import dev.tglogin.web.NoPendingLoginException;
import dev.tglogin.web.PendingBondifyLogin;
import dev.tglogin.web.PendingLoginRepository;
import dev.tglogin.web.TelegramLoginError;
import dev.tglogin.web.throttle.ClientAddressResolver;
import dev.tglogin.web.throttle.LoginThrottle;
import dev.tglogin.web.throttle.ThrottleRefusal;

/**
 * The part of {@code /status} before authentication: reads the request ({@code waitSeconds}), applies the throttle,
 * loads the browser's pending login once, and finds the login's state ({@link BondifyStatusPoller}). A state that
 * leaves the login pending ({@code pending}, an upstream failure) is answered through the filter's answer, errors
 * are thrown as typed {@code AuthenticationException}s for the filter's failure handler; a decisive
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
	 * @param undecided answers a state that leaves the login pending ({@code pending}, a failed upstream check)
	 * @param dispatched told, before the dispatch, the decisive state a suspended request is dispatched with
	 * @return the decisive state to authenticate now; {@code null} when the request was answered or suspended
	 * @throws InvalidRequestException for a {@code waitSeconds} that is not a whole number
	 * @throws LoginRateLimitedException over the throttle's limit
	 * @throws NoPendingLoginException when the browser has no pending Bondify login
	 */
	@Nullable StatusDecision poll(HttpServletRequest request, HttpServletResponse response, StatusWait.Answer undecided,
			Consumer<StatusDecision> dispatched) throws IOException, ServletException {
		int waitSeconds = waitSeconds(request);
		ThrottleRefusal refusal = (this.throttle != null) ? this.throttle.checkStatus(request) : null;
		if (refusal != null) {
			throw new LoginRateLimitedException(refusal.retryAfterSeconds());
		}
		PendingBondifyLogin pending = this.pendingLogins.load(request, PendingBondifyLogin.class);
		if (pending == null) {
			throw new NoPendingLoginException();
		}
		Duration untilExpiry = Duration.between(this.clock.instant(), pending.getExpiresAt());
		BondifyLoginState known = (pending.getConfirmedProof() != null)
				? new BondifyLoginState.Confirmed(pending.getConfirmedProof())
				: (untilExpiry.isNegative() || untilExpiry.isZero()) ? BondifyLoginState.EXPIRED
						: this.poller.current(pending.getSessionToken());
		if (known != null && (known.isDecisive() || waitSeconds == 0)) {
			// the common path: answered from the login's last known state
			return decide(pending, known, undecided, request, response);
		}
		LongPollHolds.Hold hold = (waitSeconds > 0) ? hold(pending, request) : null;
		Duration wait = (hold != null) ? Duration.ofSeconds(waitSeconds) : Duration.ZERO;
		CompletableFuture<BondifyLoginState> state = (hold != null)
				? this.poller.await(pending.getSessionToken(), (untilExpiry.compareTo(wait) < 0) ? untilExpiry : wait)
				: this.poller.poll(pending.getSessionToken());
		if (state.isDone() || !request.isAsyncSupported()) {
			try {
				return decide(pending, state.join(), undecided, request, response);
			}
			finally {
				if (hold != null) {
					hold.release();
				}
			}
		}
		StatusWait.suspend(request, response, state, wait.plus(this.asyncMargin), undecided,
				(decisive) -> dispatched.accept(new StatusDecision(pending, decisive)), (hold != null) ? hold::release
						: () -> {
						}, pending.getSessionToken());
		return null;
	}

	/** Answers a state that leaves the login pending and returns {@code null}, else returns the decision. */
	private @Nullable StatusDecision decide(PendingBondifyLogin pending, BondifyLoginState state,
			StatusWait.Answer undecided, HttpServletRequest request, HttpServletResponse response)
			throws IOException, ServletException {
		if (!state.isDecisive() || isKeptConfirmed(pending, state)) {
			undecided.write(state.isDecisive() ? BondifyLoginState.PENDING : state, request, response);
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
	private int waitSeconds(HttpServletRequest request) throws IOException {
		String field = BondifyLoginFilter.WAIT_SECONDS;
		Object value = JsonRequests.readOptionalObject(request, JsonRequests.DEFAULT_MAX_BODY_BYTES).get(field);
		if (value == null && request.getQueryString() != null) {
			// only a query parameter: asking the request for a parameter without a query would parse a form body
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
