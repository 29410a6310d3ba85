package dev.tglogin.config;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

import dev.tglogin.store.TelegramLoginStore;
import dev.tglogin.web.throttle.ClientAddressResolver;
import dev.tglogin.web.throttle.LoginThrottle;
import dev.tglogin.web.throttle.ThrottleLimit;

/**
 * The settings behind {@link TelegramLoginConfigurer.ThrottleSpec}: the DSL methods and the {@link LoginThrottle}
 * they make. Generic in the spec's own type so that chained calls keep returning the public spec.
 *
 * @param <S> the public spec type
 */
abstract class AbstractThrottleSpec<S extends AbstractThrottleSpec<S>> {

	private boolean enabled = true;

	private @Nullable ThrottleLimit startsPerSession;

	private @Nullable ThrottleLimit startsPerAddress;

	private @Nullable ThrottleLimit statusPerSession;

	private @Nullable Duration otpSendInterval;

	private @Nullable ThrottleLimit otpRequestsPerPhone;

	private @Nullable ThrottleLimit otpVerificationsPerSession;

	private @Nullable ThrottleLimit otpVerificationsPerAddress;

	private @Nullable ThrottleLimit otpVerificationsPerPhone;

	private @Nullable ThrottleLimit proofsPerSession;

	private @Nullable ThrottleLimit proofsPerAddress;

	private final List<String> trustedProxies = new ArrayList<>();

	private @Nullable Clock clock;

	AbstractThrottleSpec() {
	}

	/**
	 * Sets the logins started ({@code /start}, {@code /otp}) allowed per browser session. Defaults to 10 per
	 * minute.
	 * @param limit the most per window, {@code 0} for no limit
	 * @param window the window
	 * @return this
	 */
	public S startsPerSession(int limit, Duration window) {
		this.startsPerSession = ThrottleLimit.of(limit, window);
		return self();
	}

	/**
	 * Sets the logins started allowed per client address. Defaults to 30 per minute.
	 * @param limit the most per window, {@code 0} for no limit
	 * @param window the window
	 * @return this
	 */
	public S startsPerAddress(int limit, Duration window) {
		this.startsPerAddress = ThrottleLimit.of(limit, window);
		return self();
	}

	/**
	 * Sets the status polls allowed per browser session. Defaults to 60 per minute (the browser client polls
	 * every 2 seconds).
	 * @param limit the most per window, {@code 0} for no limit
	 * @param window the window
	 * @return this
	 */
	public S statusPerSession(int limit, Duration window) {
		this.statusPerSession = ThrottleLimit.of(limit, window);
		return self();
	}

	/**
	 * Sets the least time between two OTPs sent to one phone number, counted from the first send: a second request
	 * within it answers 429 with {@code Retry-After} and never reaches Xellar. Defaults to 1 minute, Xellar's
	 * documented limit; {@link Duration#ZERO} turns it off (for tests that send several codes to one number quickly).
	 * @param interval the interval, from zero to one day
	 * @return this
	 */
	public S otpSendInterval(Duration interval) {
		Assert.isTrue(interval != null && !interval.isNegative() && interval.compareTo(ThrottleLimit.MAX_WINDOW) <= 0,
				"otpSendInterval must be between 0 and 1 day");
		this.otpSendInterval = interval;
		return self();
	}

	/**
	 * Sets the OTPs that may be sent to one phone number. Defaults to 3 per 10 minutes.
	 * @param limit the most per window, {@code 0} for no limit
	 * @param window the window
	 * @return this
	 */
	public S otpRequestsPerPhone(int limit, Duration window) {
		this.otpRequestsPerPhone = ThrottleLimit.of(limit, window);
		return self();
	}

	/**
	 * Sets the codes ({@code /otp/verify}) that one browser session may submit, whatever phone numbers they are
	 * for. Defaults to 30 per 10 minutes.
	 * @param limit the most per window, {@code 0} for no limit
	 * @param window the window
	 * @return this
	 */
	public S otpVerificationsPerSession(int limit, Duration window) {
		this.otpVerificationsPerSession = ThrottleLimit.of(limit, window);
		return self();
	}

	/**
	 * Sets the codes that one client address may submit, whatever sessions and phone numbers they are for.
	 * Defaults to 60 per 10 minutes.
	 * @param limit the most per window, {@code 0} for no limit
	 * @param window the window
	 * @return this
	 */
	public S otpVerificationsPerAddress(int limit, Duration window) {
		this.otpVerificationsPerAddress = ThrottleLimit.of(limit, window);
		return self();
	}

	/**
	 * Sets the codes that may be checked for one phone number, from any browser. Defaults to 10 per hour.
	 * @param limit the most per window, {@code 0} for no limit
	 * @param window the window
	 * @return this
	 */
	public S otpVerificationsPerPhone(int limit, Duration window) {
		this.otpVerificationsPerPhone = ThrottleLimit.of(limit, window);
		return self();
	}

	/**
	 * Sets the limit of proofs posted to {@code /proof} per browser session.
	 * @param limit at most so many ({@code 0}: no limit)
	 * @param window per window
	 * @return this
	 */
	public S proofsPerSession(int limit, Duration window) {
		this.proofsPerSession = ThrottleLimit.of(limit, window);
		return self();
	}

	/**
	 * Sets the limit of proofs posted to {@code /proof} per client address.
	 * @param limit at most so many ({@code 0}: no limit)
	 * @param window per window
	 * @return this
	 */
	public S proofsPerAddress(int limit, Duration window) {
		this.proofsPerAddress = ThrottleLimit.of(limit, window);
		return self();
	}

	/**
	 * Trusts {@code X-Forwarded-For} from these reverse proxies (addresses or CIDR ranges, no host names) when
	 * finding the client address. Defaults to none: the header is ignored, since any client can send it.
	 * @param proxies the proxies, e.g. {@code "10.0.0.0/8"}, {@code "::1"}
	 * @return this
	 */
	public S trustedProxies(String... proxies) {
		Assert.notNull(proxies, "proxies cannot be null");
		this.trustedProxies.clear();
		this.trustedProxies.addAll(Arrays.asList(proxies));
		// fail fast on a typo
		new ClientAddressResolver(this.trustedProxies);
		return self();
	}

	/**
	 * Sets the clock of the windows (for tests). Defaults to the system UTC clock.
	 * @param clock the clock
	 * @return this
	 */
	public S clock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
		return self();
	}

	/**
	 * Whether to throttle. Defaults to {@code true}.
	 * @param enabled whether throttling is on
	 * @return this
	 */
	public S enabled(boolean enabled) {
		this.enabled = enabled;
		return self();
	}

	/**
	 * Turns throttling off (for example when a gateway in front of the app throttles these paths).
	 * @return this
	 */
	public S disable() {
		return enabled(false);
	}

	/**
	 * Returns the throttle these settings describe.
	 * @param store where the throttle counts
	 * @return the throttle, or {@code null} when throttling is off
	 */
	@Nullable LoginThrottle build(TelegramLoginStore store) {
		if (!this.enabled) {
			return null;
		}
		LoginThrottle throttle = new LoginThrottle(store);
		if (this.startsPerSession != null) {
			throttle.setStartsPerSession(this.startsPerSession);
		}
		if (this.startsPerAddress != null) {
			throttle.setStartsPerAddress(this.startsPerAddress);
		}
		if (this.statusPerSession != null) {
			throttle.setStatusPerSession(this.statusPerSession);
		}
		if (this.otpSendInterval != null) {
			throttle.setOtpSendInterval(this.otpSendInterval);
		}
		if (this.otpRequestsPerPhone != null) {
			throttle.setOtpRequestsPerPhone(this.otpRequestsPerPhone);
		}
		if (this.otpVerificationsPerSession != null) {
			throttle.setOtpVerificationsPerSession(this.otpVerificationsPerSession);
		}
		if (this.otpVerificationsPerAddress != null) {
			throttle.setOtpVerificationsPerAddress(this.otpVerificationsPerAddress);
		}
		if (this.otpVerificationsPerPhone != null) {
			throttle.setOtpVerificationsPerPhone(this.otpVerificationsPerPhone);
		}
		if (this.proofsPerSession != null) {
			throttle.setProofsPerSession(this.proofsPerSession);
		}
		if (this.proofsPerAddress != null) {
			throttle.setProofsPerAddress(this.proofsPerAddress);
		}
		throttle.setClientAddressResolver(new ClientAddressResolver(this.trustedProxies));
		if (this.clock != null) {
			throttle.setClock(this.clock);
		}
		return throttle;
	}

	@SuppressWarnings("unchecked")
	private S self() {
		return (S) this;
	}

}
