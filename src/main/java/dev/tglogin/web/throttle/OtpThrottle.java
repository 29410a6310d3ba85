package dev.tglogin.web.throttle;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The OTP limits of {@link LoginThrottle}: the send interval and the count of OTPs sent per phone number, and the
 * codes submitted per browser session, per client address and per phone number, with the give-backs of what the
 * upstream never judged. Counts in the throttle's {@link ThrottleCounters}; logs under {@link LoginThrottle}'s logger.
 * <p>
 * This class is thread-safe.
 */
final class OtpThrottle {

	private static final Log logger = LogFactory.getLog(LoginThrottle.class);

	private final ThrottleCounters counters;

	private final SendInterval sendInterval;

	private volatile Duration interval = LoginThrottle.DEFAULT_OTP_SEND_INTERVAL;

	private volatile ThrottleLimit requestsPerPhone = ThrottleLimit.of(3, Duration.ofMinutes(10));

	private volatile ThrottleLimit verificationsPerSession = ThrottleLimit.of(30, Duration.ofMinutes(10));

	private volatile ThrottleLimit verificationsPerAddress = ThrottleLimit.of(60, Duration.ofMinutes(10));

	private volatile ThrottleLimit verificationsPerPhone = ThrottleLimit.of(10, Duration.ofHours(1));

	OtpThrottle(ThrottleCounters counters, SendInterval sendInterval) {
		Assert.notNull(counters, "counters cannot be null");
		Assert.notNull(sendInterval, "sendInterval cannot be null");
		this.counters = counters;
		this.sendInterval = sendInterval;
	}

	void setSendInterval(Duration interval) {
		Assert.isTrue(interval != null && !interval.isNegative() && interval.compareTo(ThrottleLimit.MAX_WINDOW) <= 0,
				"interval must be between 0 and 1 day");
		this.interval = interval;
	}

	void setRequestsPerPhone(ThrottleLimit limit) {
		Assert.notNull(limit, "limit cannot be null");
		this.requestsPerPhone = limit;
	}

	void setVerificationsPerSession(ThrottleLimit limit) {
		Assert.notNull(limit, "limit cannot be null");
		this.verificationsPerSession = limit;
	}

	void setVerificationsPerAddress(ThrottleLimit limit) {
		Assert.notNull(limit, "limit cannot be null");
		this.verificationsPerAddress = limit;
	}

	void setVerificationsPerPhone(ThrottleLimit limit) {
		Assert.notNull(limit, "limit cannot be null");
		this.verificationsPerPhone = limit;
	}

	/** See {@link LoginThrottle#checkOtpRequest(String)}. */
	@Nullable ThrottleRefusal checkRequest(String phoneNumber, Instant now) {
		ThrottleRefusal refusal = this.sendInterval.check(phoneNumber, this.interval, now);
		if (refusal != null) {
			logger.debug("Telegram OTP request refused within the send interval (" + this.interval + ")");
			return refusal;
		}
		return this.counters.count(LoginThrottle.OTP_REQUESTS_PER_PHONE, this.requestsPerPhone, phoneNumber, now);
	}

	/** See {@link LoginThrottle#giveBackOtpRequest(String)}. */
	void giveBackRequest(String phoneNumber) {
		if (!this.interval.isZero()) {
			this.sendInterval.giveBack(phoneNumber);
		}
	}

	/**
	 * See {@link LoginThrottle#checkOtpVerification}.
	 * @param sessionId the browser session's id, {@code null} without a session
	 * @param address the client address, resolved only when the session's limit lets the request through
	 */
	@Nullable ThrottleRefusal checkVerification(@Nullable String sessionId, Supplier<String> address,
			String phoneNumber, Instant now) {
		if (sessionId != null) {
			ThrottleRefusal refusal = this.counters.count(LoginThrottle.OTP_VERIFICATIONS_PER_SESSION,
					this.verificationsPerSession, sessionId, now);
			if (refusal != null) {
				return refusal;
			}
		}
		ThrottleRefusal refusal = this.counters.count(LoginThrottle.OTP_VERIFICATIONS_PER_ADDRESS,
				this.verificationsPerAddress, address.get(), now);
		if (refusal != null) {
			return refusal;
		}
		return this.counters.count(LoginThrottle.OTP_VERIFICATIONS_PER_PHONE, this.verificationsPerPhone, phoneNumber,
				now);
	}

	/** See {@link LoginThrottle#giveBackOtpVerification(String)}. */
	void giveBackVerification(String phoneNumber, Instant now) {
		if (!this.verificationsPerPhone.isUnlimited()) {
			this.counters.giveBack(LoginThrottle.OTP_VERIFICATIONS_PER_PHONE, this.verificationsPerPhone, phoneNumber,
					now);
		}
	}

	@Override
	public String toString() {
		return LoginThrottle.OTP_SEND_INTERVAL + "=" + this.interval + ", " + LoginThrottle.OTP_REQUESTS_PER_PHONE + "="
				+ this.requestsPerPhone + ", " + LoginThrottle.OTP_VERIFICATIONS_PER_SESSION + "="
				+ this.verificationsPerSession + ", " + LoginThrottle.OTP_VERIFICATIONS_PER_ADDRESS + "="
				+ this.verificationsPerAddress + ", " + LoginThrottle.OTP_VERIFICATIONS_PER_PHONE + "="
				+ this.verificationsPerPhone;
	}

}
