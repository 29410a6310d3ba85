package dev.tglogin.web;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import com.nimbusds.jwt.SignedJWT;
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
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.Assert;

import dev.tglogin.bondify.BondifyClient;
import dev.tglogin.bondify.BondifyProofAuthenticationToken;
import dev.tglogin.bondify.BondifyWebhookAuthenticationToken;
import dev.tglogin.bondify.BondifyWebhookEvent;
import dev.tglogin.bondify.BondifyProtocol;
import dev.tglogin.bondify.BondifyStatus;
import dev.tglogin.bondify.InvalidProofException;
import dev.tglogin.core.UpstreamException;
import dev.tglogin.store.StoreKeys;
import dev.tglogin.store.TelegramLoginStore;
import dev.tglogin.web.throttle.LoginThrottle;
import dev.tglogin.web.throttle.ThrottleRefusal;

/**
 * Completes Bondify logins: {@code POST /login/telegram/status} and {@code POST /login/telegram/proof}.
 * <p>
 * {@code /status} acts only on this browser's {@link PendingBondifyLogin}: it polls Bondify with the session token
 * kept there and answers {@code pending}, {@code cancelled}, {@code expired} or {@code used}, or, on the first
 * {@code confirmed} answer, keeps the proof in the pending login (so a later {@code used} cannot undo it) and
 * authenticates it. Polls of one pending login run one at a time; polls that were waiting while another one completed
 * or ended the login give that poll's answer, so concurrent polls complete a login exactly once. {@code /proof} takes
 * a proof the browser obtained itself ({@code {"proof": "<jwt>"}}); the provider then lets each Bondify session
 * complete one login only.
 * <p>
 * Completion is {@link AbstractAuthenticationProcessingFilter}'s: the shared {@code SessionAuthenticationStrategy}
 * (the session id changes, the CSRF token is renewed), the {@code SecurityContextRepository}, remember-me,
 * {@code InteractiveAuthenticationSuccessEvent} and the success/failure handlers (JSON by default). Upstream failures
 * while polling answer the JSON error contract and keep the pending login for a retry. Every login that succeeds or
 * fails is logged once, at INFO, with a reason code and a hashed reference ({@link StoreKeys#logRef}), never a token.
 */
public final class BondifyLoginFilter extends AbstractAuthenticationProcessingFilter {

	private static final Log logger = LogFactory.getLog(BondifyLoginFilter.class);

	private final RequestMatcher statusMatcher;

	private final RequestMatcher proofMatcher;

	private final BondifyClient client;

	private final PendingLoginRepository pendingLogins;

	private final PendingLoginSerializer serializer = new PendingLoginSerializer();

	private @Nullable TelegramLoginStore webhookOutcomes;

	private @Nullable LoginThrottle throttle;

	private Clock clock = Clock.systemUTC();

	/**
	 * Creates the filter.
	 * @param statusPath e.g. {@code /login/telegram/status}
	 * @param proofPath e.g. {@code /login/telegram/proof}
	 * @param client the Bondify client
	 * @param pendingLogins where pending logins live
	 * @param authenticationManager the manager holding a {@code BondifyAuthenticationProvider}
	 */
	public BondifyLoginFilter(String statusPath, String proofPath, BondifyClient client,
			PendingLoginRepository pendingLogins, AuthenticationManager authenticationManager) {
		this(PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, statusPath),
				PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, proofPath), client, pendingLogins,
				authenticationManager);
	}

	private BondifyLoginFilter(RequestMatcher statusMatcher, RequestMatcher proofMatcher, BondifyClient client,
			PendingLoginRepository pendingLogins, AuthenticationManager authenticationManager) {
		super(new OrRequestMatcher(statusMatcher, proofMatcher), authenticationManager);
		Assert.notNull(client, "client cannot be null");
		Assert.notNull(pendingLogins, "pendingLogins cannot be null");
		this.statusMatcher = statusMatcher;
		this.proofMatcher = proofMatcher;
		this.client = client;
		this.pendingLogins = pendingLogins;
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
	}

	/** Sets the clock. Defaults to the system UTC clock. */
	public void setClock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
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
	 * {@code Retry-After: 1}. Defaults to 10 seconds; keep it above the upstream read timeout.
	 * @param timeout the timeout
	 */
	public void setConcurrentPollTimeout(Duration timeout) {
		this.serializer.setTimeout(timeout);
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
		try {
			JsonRequests.requireBodyWithin(request, JsonRequests.DEFAULT_MAX_BODY_BYTES);
		}
		catch (InvalidRequestException ex) {
			JsonResponses.error(response, ex.getError());
			return;
		}
		ThrottleRefusal refusal = (this.throttle != null) ? this.throttle.checkStatus(request) : null;
		if (refusal != null) {
			JsonResponses.error(response, TelegramLoginError.rateLimited(refusal.retryAfterSeconds()));
			return;
		}
		PendingBondifyLogin pending = this.pendingLogins.load(request, PendingBondifyLogin.class);
		if (pending == null) {
			JsonResponses.error(response, TelegramLoginError.noPendingLogin());
			return;
		}
		String token = pending.getSessionToken();
		this.serializer.run(token, request, response,
				(rq, rs) -> BondifyLoginFilter.super.doFilter(rq, rs, chain), () -> {
					PendingBondifyLogin now = this.pendingLogins.load(request, PendingBondifyLogin.class);
					return now == null || !now.getSessionToken().equals(token);
				});
	}

	@Override
	public @Nullable Authentication attemptAuthentication(HttpServletRequest request, HttpServletResponse response)
			throws AuthenticationException, IOException {
		if (this.proofMatcher.matches(request)) {
			return attemptProof(request, response);
		}
		return attemptStatus(request, response);
	}

	private @Nullable Authentication attemptStatus(HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		PendingBondifyLogin pending = this.pendingLogins.load(request, PendingBondifyLogin.class);
		if (pending == null || !PendingLoginSerializer.isTurnOf(request, pending.getSessionToken())) {
			// a concurrent poll of this browser completed or ended the login while this one waited
			if (!PendingLoginSerializer.answerAsConcurrentRequest(request, response)) {
				JsonResponses.error(response, TelegramLoginError.noPendingLogin());
			}
			return null;
		}
		if (pending.getConfirmedProof() != null) {
			return complete(pending, pending.getConfirmedProof(), request, response);
		}
		if (!this.clock.instant().isBefore(pending.getExpiresAt())) {
			return finish(pending, BondifyStatus.State.EXPIRED, request, response);
		}
		BondifyWebhookEvent delivered = webhookOutcome(pending);
		if (delivered != null) {
			if (!delivered.confirmed()) {
				return finish(pending, BondifyStatus.State.CANCELLED, request, response);
			}
			return complete(pending, BondifyWebhookAuthenticationToken.unauthenticated(delivered,
					pending.getSessionToken()), request, response);
		}
		BondifyStatus status;
		try {
			status = this.client.status(pending.getSessionToken());
		}
		catch (UpstreamException ex) {
			logger.warn("Telegram login status poll failed (bondify session " + ref(pending) + "): "
					+ ex.getMessage());
			JsonResponses.error(response, TelegramLoginError.from(ex));
			return null;
		}
		if (status.state() == BondifyStatus.State.CONFIRMED) {
			PendingBondifyLogin confirmed = pending.withConfirmedProof(status.proof());
			this.pendingLogins.save(confirmed, request, response);
			return complete(confirmed, status.proof(), request, response);
		}
		if (status.state() == BondifyStatus.State.PENDING) {
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
		if (this.webhookOutcomes == null) {
			return null;
		}
		try {
			String recorded = this.webhookOutcomes
				.findOutcome(StoreKeys.key(BondifyWebhookFilter.OUTCOME_NAMESPACE, pending.getSessionToken()));
			return (recorded != null) ? BondifyWebhookFilter.fromJson(recorded) : null;
		}
		catch (AuthenticationException ex) {
			logger.warn("Webhook outcomes cannot be read, polling Bondify instead (session " + ref(pending) + "): "
					+ ex.getMessage());
			return null;
		}
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
			logger.info("Telegram login failed (flow=bondify, session " + ref(pending) + ", reason=" + reason(ex)
					+ ")");
			throw ex;
		}
	}

	private @Nullable Authentication finish(PendingBondifyLogin pending, BondifyStatus.State state,
			HttpServletRequest request, HttpServletResponse response) throws IOException {
		this.pendingLogins.remove(PendingBondifyLogin.class, request, response);
		String name = state.name().toLowerCase(java.util.Locale.ROOT);
		logger.info("Telegram login failed (flow=bondify, session " + ref(pending) + ", reason=" + name + ")");
		JsonResponses.write(response, 200, Map.of("status", name));
		return null;
	}

	private @Nullable Authentication attemptProof(HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		String proof;
		try {
			proof = JsonRequests.requiredString(
					JsonRequests.readObject(request, JsonRequests.DEFAULT_MAX_BODY_BYTES), "proof",
					JsonRequests.DEFAULT_MAX_BODY_BYTES);
		}
		catch (InvalidRequestException ex) {
			JsonResponses.error(response, ex.getError());
			return null;
		}
		BondifyProofAuthenticationToken token = BondifyProofAuthenticationToken.unauthenticated(proof, null);
		token.setDetails(this.authenticationDetailsSource.buildDetails(request));
		try {
			Authentication result = getAuthenticationManager().authenticate(token);
			logger.info("Telegram login succeeded (flow=bondify, via=proof, session " + verifiedSessionRef(proof)
					+ ")");
			return result;
		}
		catch (AuthenticationServiceException ex) {
			logger.warn("Telegram login could not complete now (flow=bondify, via=proof, proof "
					+ StoreKeys.logRef(proof) + ", reason=" + TelegramLoginError.from(ex).code() + "): "
					+ ex.getClass().getSimpleName());
			throw ex;
		}
		catch (AuthenticationException ex) {
			// the proof is not trusted: refer to it by its own hash, not by the session it claims
			logger.info("Telegram login failed (flow=bondify, via=proof, proof " + StoreKeys.logRef(proof)
					+ ", reason=" + reason(ex) + ")");
			throw ex;
		}
	}

	private static String reason(AuthenticationException ex) {
		return (ex instanceof InvalidProofException invalid) ? invalid.getReason() : TelegramLoginError.from(ex).code();
	}

	private static String ref(PendingBondifyLogin pending) {
		return StoreKeys.logRef(pending.getSessionToken());
	}

	/** The hashed session token of a proof the provider has just verified. */
	private static String verifiedSessionRef(String proof) {
		try {
			Object session = SignedJWT.parse(proof).getJWTClaimsSet().getClaim(BondifyProtocol.SESSION_TOKEN);
			return (session instanceof String s) ? StoreKeys.logRef(s) : "unknown";
		}
		catch (java.text.ParseException | RuntimeException ex) {
			return "unknown";
		}
	}

}
