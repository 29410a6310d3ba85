package dev.tglogin.web.xellar;

import jakarta.servlet.http.HttpServletRequest;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.util.Assert;

import dev.tglogin.core.UpstreamException;
import dev.tglogin.core.UpstreamRateLimitedException;
import dev.tglogin.core.UpstreamServerErrorException;
import dev.tglogin.core.UpstreamTimeoutException;
import dev.tglogin.core.UpstreamUnavailableException;
import dev.tglogin.store.StoreKeys;
import dev.tglogin.store.TelegramLoginStore;
import dev.tglogin.web.PendingXellarLogin;
import dev.tglogin.web.throttle.LoginThrottle;
import dev.tglogin.web.throttle.ThrottleRefusal;
import dev.tglogin.xellar.XellarOtpAuthenticationToken;

/**
 * The bookkeeping of OTP submissions for {@link XellarLoginFilter}: the attempts one code allows, counted atomically
 * in the {@link TelegramLoginStore} before Xellar is asked (so parallel guesses cannot exceed the limit) and given back
 * only when Xellar did not judge the code; the {@link LoginThrottle} of submissions per session, address and phone
 * number; and the failure events of what the filter decides without the authentication manager. Logged under
 * {@link XellarLoginFilter}'s logger; codes are never logged.
 * <p>
 * This class is thread-safe once configured.
 */
final class XellarOtpAttempts {

	private static final Log logger = LogFactory.getLog(XellarLoginFilter.class);

	private final TelegramLoginStore store;

	private int maxAttempts = 5;

	private @Nullable LoginThrottle throttle;

	private @Nullable AuthenticationEventPublisher eventPublisher;

	XellarOtpAttempts(TelegramLoginStore store) {
		Assert.notNull(store, "store cannot be null");
		this.store = store;
	}

	void setMaxAttempts(int maxAttempts) {
		Assert.isTrue(maxAttempts >= 1 && maxAttempts <= 100, "maxAttempts must be between 1 and 100");
		this.maxAttempts = maxAttempts;
	}

	void setThrottle(LoginThrottle throttle) {
		Assert.notNull(throttle, "throttle cannot be null");
		this.throttle = throttle;
	}

	void setEventPublisher(AuthenticationEventPublisher eventPublisher) {
		Assert.notNull(eventPublisher, "authenticationEventPublisher cannot be null");
		this.eventPublisher = eventPublisher;
	}

	/**
	 * Checks the throttle of submissions (per session, per address, per phone number), logging a refusal.
	 * @return the refusal, or {@code null} when the submission may go on (always without a throttle)
	 */
	@Nullable ThrottleRefusal throttle(HttpServletRequest request, PendingXellarLogin pending) {
		if (this.throttle == null) {
			return null;
		}
		ThrottleRefusal refusal = this.throttle.checkOtpVerification(request, pending.getPhoneNumber());
		if (refusal != null) {
			logger.info("Telegram login attempt failed (flow=xellar, verification " + ref(pending)
					+ ", reason=rate_limited, limit=" + refusal.limit() + ")");
		}
		return refusal;
	}

	/**
	 * Counts an attempt of the pending login's code, before Xellar is asked.
	 * @return the attempt's number, from 1
	 */
	long count(PendingXellarLogin pending) {
		return this.store.increment(key(pending), pending.getExpiresAt());
	}

	/** Whether the attempt of that number is beyond what one code allows. */
	boolean isBeyondLimit(long attempt) {
		return attempt > this.maxAttempts;
	}

	/** The wrong codes left after the attempt of that number. */
	long left(long attempt) {
		return this.maxAttempts - attempt;
	}

	/**
	 * Gives the attempt back (in the store and the throttle's per-phone count) when Xellar did not judge the code.
	 * @return whether it was given back
	 */
	boolean giveBackIfNotJudged(AuthenticationServiceException ex, PendingXellarLogin pending) {
		if (!isNotJudged(ex)) {
			return false;
		}
		this.store.decrement(key(pending));
		if (this.throttle != null) {
			this.throttle.giveBackOtpVerification(pending.getPhoneNumber());
		}
		return true;
	}

	/**
	 * Logs an attempt that failed with the upstream or the app (not with a wrong code).
	 * @param notJudged what {@link #giveBackIfNotJudged} answered
	 * @param code the error code
	 */
	void logFailure(AuthenticationServiceException ex, PendingXellarLogin pending, boolean notJudged, String code) {
		if (notJudged) {
			logger.warn("Telegram OTP verification could not be judged now (flow=xellar, verification " + ref(pending)
					+ ", reason=" + code + "): " + ex.getMessage());
		}
		else {
			// an answer Xellar may have judged the code by (or a failure after it did): the attempt counts
			logger.warn("Telegram OTP verification failed (flow=xellar, verification " + ref(pending) + ", reason="
					+ code + ", attempt counted): " + describe(ex));
		}
	}

	/**
	 * Publishes a failure decided by the filter, not by the authentication manager (which publishes its own), with
	 * an authentication request whose code and verification token are erased.
	 * @param details the request's authentication details
	 */
	void publishFailure(AuthenticationException ex, PendingXellarLogin pending, String otp, @Nullable Object details) {
		if (this.eventPublisher == null) {
			return;
		}
		XellarOtpAuthenticationToken attempt = XellarOtpAuthenticationToken.unauthenticated(pending.getPhoneNumber(),
				pending.getVerificationToken(), otp);
		attempt.setDetails(details);
		attempt.eraseCredentials();
		this.eventPublisher.publishAuthenticationFailure(ex, attempt);
	}

	/**
	 * Whether Xellar did not judge the code: only a timeout, a connection failure, a 5xx or a 429. Any other failure
	 * (an answer without usable tokens, a body too large, the user mapper or the store failing after Xellar answered)
	 * counts as an attempt, so that no upstream answer can make the limits fail open.
	 */
	static boolean isNotJudged(AuthenticationServiceException ex) {
		return ex instanceof UpstreamTimeoutException || ex instanceof UpstreamUnavailableException
				|| ex instanceof UpstreamServerErrorException || ex instanceof UpstreamRateLimitedException;
	}

	/**
	 * What to log of a failure: an upstream's (sanitised) message, else only the type (an app's text may be
	 * anything).
	 */
	private static String describe(AuthenticationServiceException ex) {
		return (ex instanceof UpstreamException) ? ex.getMessage() : ex.getClass().getSimpleName();
	}

	private static String key(PendingXellarLogin pending) {
		return StoreKeys.key(XellarLoginFilter.ATTEMPTS_NAMESPACE, pending.getVerificationToken());
	}

	static String ref(PendingXellarLogin pending) {
		return StoreKeys.logRef(pending.getVerificationToken());
	}

}
