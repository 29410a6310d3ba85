package dev.tglogin.web.xellar;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AbstractAuthenticationProcessingFilter;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.Assert;

import dev.tglogin.store.TelegramLoginStore;
import dev.tglogin.web.CompletedLogin;
import dev.tglogin.web.EndpointMatcher;
import dev.tglogin.web.InvalidRequestException;
import dev.tglogin.web.JsonRequests;
import dev.tglogin.web.PendingLoginLock;
import dev.tglogin.web.PendingLoginRepository;
import dev.tglogin.web.PendingXellarLogin;
import dev.tglogin.web.TelegramAuthenticationDetailsSource;
import dev.tglogin.web.TelegramAuthenticationProcessingFilter;
import dev.tglogin.web.TelegramLoginError;
import dev.tglogin.web.TelegramLoginFailureHandler;
import dev.tglogin.web.TelegramLoginMessages;
import dev.tglogin.web.TelegramLoginSuccessHandler;
import dev.tglogin.web.throttle.LoginThrottle;
import dev.tglogin.web.throttle.ThrottleRefusal;
import dev.tglogin.xellar.ExpiredVerificationException;
import dev.tglogin.xellar.TooManyOtpAttemptsException;
import dev.tglogin.xellar.WrongOtpException;
import dev.tglogin.xellar.XellarOtpAuthenticationToken;

/**
 * {@code POST /login/telegram/otp/verify} with {@code {"otp": "123456"}}: completes this browser's pending Xellar
 * login.
 * <p>
 * Acts only on the verification token this browser's {@link PendingXellarLogin} holds. Each attempt is counted
 * before Xellar is asked (atomically, in the {@link TelegramLoginStore}, so parallel guesses cannot exceed the
 * limit). Only an attempt Xellar did not judge (a timeout, a connection failure, a 5xx or a 429) is given back; any
 * other answer counts, a 2xx without usable tokens included, so that no upstream behaviour makes the limits fail
 * open. A wrong code answers 401 {@code invalid_otp} with {@code attemptsLeft}; the last allowed wrong code, or any
 * attempt beyond, answers 429 {@code too_many_attempts} and drops the pending login (a new OTP is needed). An expired
 * code answers 401 {@code otp_expired}. Upstream failures answer the JSON error contract and keep the pending login.
 * Completion is {@link AbstractAuthenticationProcessingFilter}'s (session id change, context saved, events,
 * remember-me, success handler with {@code walletCreated}), and only after checking, once Xellar has answered, that
 * this browser still holds the same pending login: a logout while Xellar was checking the code answers 409
 * {@code no_pending_login} and logs nothing in. OTP values are never logged.
 * <p>
 * Beyond the attempts one code allows, a {@link LoginThrottle} limits the codes submitted per browser session
 * ({@link LoginThrottle#OTP_VERIFICATIONS_PER_SESSION}) and per client address
 * ({@link LoginThrottle#OTP_VERIFICATIONS_PER_ADDRESS}), and the codes checked per phone number
 * ({@link LoginThrottle#OTP_VERIFICATIONS_PER_PHONE}), whichever browser sends them: over any, 429
 * {@code rate_limited} with {@code Retry-After}, no call to Xellar and the pending login kept. Submissions of one pending login run one
 * at a time; those that waited while another one completed or ended it give that one's answer.
 */
public final class XellarLoginFilter extends TelegramAuthenticationProcessingFilter {

	/** Store namespace of OTP attempt counters. */
	public static final String ATTEMPTS_NAMESPACE = "xellar-otp-attempts";

	private static final Pattern OTP = Pattern.compile("[0-9]{4,10}");

	private final PendingLoginRepository pendingLogins;

	private final XellarOtpAttempts attempts;

	private final XellarSubmissionTurns turns = new XellarSubmissionTurns();

	private final XellarVerifyAnswers answers;

	private Clock clock = Clock.systemUTC();

	/**
	 * Creates the filter.
	 * @param verifyPath e.g. {@code /login/telegram/otp/verify}
	 * @param pendingLogins where pending logins live
	 * @param store where attempts are counted
	 * @param authenticationManager the manager holding a {@code XellarAuthenticationProvider}
	 */
	public XellarLoginFilter(String verifyPath, PendingLoginRepository pendingLogins, TelegramLoginStore store,
			AuthenticationManager authenticationManager) {
		this(EndpointMatcher.of(HttpMethod.POST, verifyPath), pendingLogins, store,
				authenticationManager);
	}

	private XellarLoginFilter(RequestMatcher matcher, PendingLoginRepository pendingLogins, TelegramLoginStore store,
			AuthenticationManager authenticationManager) {
		super(matcher, authenticationManager);
		Assert.notNull(pendingLogins, "pendingLogins cannot be null");
		Assert.notNull(store, "store cannot be null");
		this.pendingLogins = pendingLogins;
		this.attempts = new XellarOtpAttempts(store);
		this.answers = new XellarVerifyAnswers(pendingLogins, this.turns);
		setAuthenticationSuccessHandler(new TelegramLoginSuccessHandler("/"));
		setAuthenticationFailureHandler(new TelegramLoginFailureHandler());
		setAuthenticationDetailsSource(new TelegramAuthenticationDetailsSource());
	}

	/**
	 * Sets where the failures this filter decides itself (too many attempts, a pending login that expired) are
	 * published as authentication failure events; the manager publishes the others. Defaults to none; the
	 * {@code telegramLogin()} DSL sets the app's {@link AuthenticationEventPublisher}.
	 * @param authenticationEventPublisher the publisher
	 */
	public void setAuthenticationEventPublisher(AuthenticationEventPublisher authenticationEventPublisher) {
		this.attempts.setEventPublisher(authenticationEventPublisher);
	}

	/**
	 * Sets the throttle of OTP verifications per phone number. Defaults to none; the {@code telegramLogin()} DSL
	 * always sets one.
	 * @param throttle the throttle
	 */
	public void setThrottle(LoginThrottle throttle) {
		this.attempts.setThrottle(throttle);
	}

	/**
	 * Sets how long a submission waits for a concurrent one of the same pending login before answering 429 with
	 * {@code Retry-After: 1}. Defaults to 10 seconds; keep it above the upstream read timeout.
	 * @param timeout the timeout
	 */
	public void setConcurrentSubmissionTimeout(Duration timeout) {
		this.turns.setTimeout(timeout);
	}

	/**
	 * Sets the texts of the error messages. Defaults to the library's own ({@link TelegramLoginMessages#library()}).
	 * @param messages the texts, e.g. {@link TelegramLoginMessages#withOverrides} of the app's {@code MessageSource}
	 */
	public void setMessages(TelegramLoginMessages messages) {
		this.answers.setMessages(messages);
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
		PendingXellarLogin pending = this.pendingLogins.load(request, PendingXellarLogin.class);
		if (pending == null) {
			super.doFilter(request, response, chain);
			return;
		}
		PendingLoginLock.Turn turn = this.turns.take(request, pending);
		if (turn == null) {
			this.answers.error(TelegramLoginError.rateLimited(1), request, response);
			return;
		}
		try {
			super.doFilter(request, response, chain);
		}
		finally {
			this.turns.release(request, turn);
		}
	}

	/** Sets how many wrong codes one OTP allows. Defaults to 5. */
	public void setMaxAttempts(int maxAttempts) {
		this.attempts.setMaxAttempts(maxAttempts);
	}

	/** Sets the clock. Defaults to the system UTC clock. */
	public void setClock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
	}

	@Override
	public @Nullable Authentication attemptAuthentication(HttpServletRequest request, HttpServletResponse response)
			throws AuthenticationException, IOException, ServletException {
		String otp;
		try {
			otp = JsonRequests.requiredString(JsonRequests.readObject(request, JsonRequests.DEFAULT_MAX_BODY_BYTES),
					"otp", 16).trim();
			if (!OTP.matcher(otp).matches()) {
				throw new InvalidRequestException(
						TelegramLoginError.invalidRequest("otp", "The field \"otp\" must be the digits of the code",
								"otp"));
			}
		}
		catch (InvalidRequestException ex) {
			this.answers.error(ex.getError(), request, response);
			return null;
		}
		PendingXellarLogin pending = this.pendingLogins.load(request, PendingXellarLogin.class);
		if (pending == null || this.turns.isGone(request, pending)) {
			// a concurrent submission of this browser completed or ended the login while this one waited
			CompletedLogin completed = this.turns.completed(request);
			if (completed != null) {
				completed.answer(request, response, getSuccessHandler(), getFailureHandler());
			}
			else {
				this.answers.error(TelegramLoginError.noPendingLogin(), request, response);
			}
			return null;
		}
		if (!this.clock.instant().isBefore(pending.getExpiresAt())) {
			this.attempts.publishFailure(new ExpiredVerificationException(), pending, otp, details(request));
			this.answers.end(pending, new ExpiredVerificationException(), "otp_expired", request, response);
			return null;
		}
		ThrottleRefusal refusal = this.attempts.throttle(request, pending);
		if (refusal != null) {
			this.answers.error(TelegramLoginError.rateLimited(refusal.retryAfterSeconds()), request, response);
			return null;
		}
		long attempt = this.attempts.count(pending);
		if (this.attempts.isBeyondLimit(attempt)) {
			// decided here, without asking Xellar: published as the authentication failure it is
			this.attempts.publishFailure(new TooManyOtpAttemptsException(), pending, otp, details(request));
			this.answers.end(pending, new TooManyOtpAttemptsException(), "too_many_attempts", request, response);
			return null;
		}
		XellarOtpAuthenticationToken token = XellarOtpAuthenticationToken.unauthenticated(pending.getPhoneNumber(),
				pending.getVerificationToken(), otp);
		token.setDetails(details(request));
		Authentication result;
		try {
			result = getAuthenticationManager().authenticate(token);
		}
		catch (AuthenticationServiceException ex) {
			// when Xellar did not judge the code, the attempt is given back: the user loses nothing
			boolean notJudged = this.attempts.giveBackIfNotJudged(ex, pending);
			if (!this.answers.isStillPending(pending, request)) {
				this.answers.endedMeanwhile(pending, request, response);
				return null;
			}
			this.attempts.logFailure(ex, pending, notJudged, TelegramLoginError.from(ex).code());
			this.answers.error(TelegramLoginError.from(ex), request, response);
			return null;
		}
		catch (AuthenticationException ex) {
			if (!this.answers.isStillPending(pending, request)) {
				this.answers.endedMeanwhile(pending, request, response);
			}
			else if (ex instanceof WrongOtpException) {
				long left = this.attempts.left(attempt);
				if (left > 0) {
					this.answers.wrongOtp(pending, ex, left, request, response);
				}
				else {
					this.answers.end(pending, new TooManyOtpAttemptsException(), "too_many_attempts", request,
							response);
				}
			}
			else if (ex instanceof ExpiredVerificationException) {
				this.answers.end(pending, new ExpiredVerificationException(), "otp_expired", request, response);
			}
			else {
				this.answers.refused(pending, ex, request, response);
				throw ex;
			}
			return null;
		}
		// Xellar accepted the code: the login is this browser's only if it still holds it (no logout meanwhile)
		if (!this.answers.isStillPending(pending, request)) {
			this.answers.endedMeanwhile(pending, request, response);
			return null;
		}
		this.answers.succeeded(pending, result, request, response);
		return result;
	}

	private @Nullable Object details(HttpServletRequest request) {
		return this.authenticationDetailsSource.buildDetails(request);
	}

}
