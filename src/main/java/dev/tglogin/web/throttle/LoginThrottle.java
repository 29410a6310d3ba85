package dev.tglogin.web.throttle;

import java.time.Clock;
import java.time.Duration;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

import dev.tglogin.observation.TelegramLoginMetrics;
import dev.tglogin.store.StoreKeys;
import dev.tglogin.store.TelegramLoginStore;

/**
 * Throttles the login endpoints (Spring Security has no throttling of its own), with fixed-window counters in the
 * {@link TelegramLoginStore}, so a shared store makes a cluster share them.
 * <p>
 * Limits and their defaults:
 * <ul>
 * <li>{@value #STARTS_PER_SESSION}: logins started ({@code /start} and {@code /otp}) per browser session, 10 per
 * minute;</li>
 * <li>{@value #STARTS_PER_ADDRESS}: logins started per client address ({@link ClientAddressResolver}), 30 per
 * minute;</li>
 * <li>{@value #STATUS_PER_SESSION}: {@code /status} polls per browser session, 60 per minute, twice the pace of the
 * browser client; counted in each instance's memory, not in the store (a poll is mostly answered from memory, and
 * writes nothing to the store), so with several instances a session may poll up to this limit on each;</li>
 * <li>{@value #OTP_SEND_INTERVAL}: the least time between two OTPs sent to one phone number, 1 minute: Xellar
 * documents one login request per minute for its WhatsApp twin, so a second send within it is refused here instead
 * of by Xellar (counted from the first send, not in a fixed window);</li>
 * <li>{@value #OTP_REQUESTS_PER_PHONE}: OTPs sent to one phone number, 3 per 10 minutes;</li>
 * <li>{@value #OTP_VERIFICATIONS_PER_SESSION}: codes submitted ({@code /otp/verify}) per browser session, 30 per 10
 * minutes;</li>
 * <li>{@value #OTP_VERIFICATIONS_PER_ADDRESS}: codes submitted per client address, 60 per 10 minutes;</li>
 * <li>{@value #OTP_VERIFICATIONS_PER_PHONE}: codes checked for one phone number, whatever browser sends them, 10 per
 * hour (on top of the attempts one code allows);</li>
 * <li>{@value #PROOFS_PER_SESSION}: proofs posted to {@code /proof} per browser session, 10 per minute;</li>
 * <li>{@value #PROOFS_PER_ADDRESS}: proofs posted to {@code /proof} per client address, 30 per minute.</li>
 * </ul>
 * A request over a limit is refused before any upstream call, with a {@link ThrottleRefusal} whose
 * {@code Retry-After} is the time left in the window. Limits are checked in the order above and counting stops at
 * the first refusal. Store keys hold only SHA-256 hashes ({@link StoreKeys}) of session ids, addresses and phone
 * numbers, never the values. A per-phone limit also protects the phone's owner from a flood of codes, and can be
 * used by someone else to hold back that owner's logins for a window: that is the price of any per-account limit,
 * kept small by short windows.
 * <p>
 * This class is thread-safe.
 */
public final class LoginThrottle {

	/** Logins started per browser session. */
	public static final String STARTS_PER_SESSION = "starts-per-session";

	/** Logins started per client address. */
	public static final String STARTS_PER_ADDRESS = "starts-per-address";

	/** Status polls per browser session. */
	public static final String STATUS_PER_SESSION = "status-per-session";

	/** The least time between two OTP requests for one phone number. */
	public static final String OTP_SEND_INTERVAL = "otp-send-interval";

	/** OTP requests per phone number. */
	public static final String OTP_REQUESTS_PER_PHONE = "otp-requests-per-phone";

	/** OTP verifications per browser session. */
	public static final String OTP_VERIFICATIONS_PER_SESSION = "otp-verifications-per-session";

	/** OTP verifications per client address. */
	public static final String OTP_VERIFICATIONS_PER_ADDRESS = "otp-verifications-per-address";

	/** OTP verifications per phone number. */
	public static final String OTP_VERIFICATIONS_PER_PHONE = "otp-verifications-per-phone";

	/** Proofs posted per browser session. */
	public static final String PROOFS_PER_SESSION = "proofs-per-session";

	/** Proofs posted per client address. */
	public static final String PROOFS_PER_ADDRESS = "proofs-per-address";

	/** Default of {@link #setOtpSendInterval(Duration)}: Xellar's documented one login request per minute. */
	public static final Duration DEFAULT_OTP_SEND_INTERVAL = Duration.ofMinutes(1);

	private final ThrottleCounters counters;

	private final OtpThrottle otp;

	private ThrottleLimit startsPerSession = ThrottleLimit.of(10, Duration.ofMinutes(1));

	private ThrottleLimit startsPerAddress = ThrottleLimit.of(30, Duration.ofMinutes(1));

	private ThrottleLimit statusPerSession = ThrottleLimit.of(60, Duration.ofMinutes(1));

	private ThrottleLimit proofsPerSession = ThrottleLimit.of(10, Duration.ofMinutes(1));

	private ThrottleLimit proofsPerAddress = ThrottleLimit.of(30, Duration.ofMinutes(1));

	private ClientAddressResolver clientAddressResolver = new ClientAddressResolver();

	private Clock clock = Clock.systemUTC();

	/**
	 * Creates a throttle with the default limits.
	 * @param store where the counters live
	 */
	public LoginThrottle(TelegramLoginStore store) {
		Assert.notNull(store, "store cannot be null");
		this.counters = new ThrottleCounters(store);
		this.otp = new OtpThrottle(this.counters, new SendInterval(store, OTP_SEND_INTERVAL));
	}

	/** Sets the limit of logins started per browser session. Defaults to 10 per minute. */
	public void setStartsPerSession(ThrottleLimit limit) {
		Assert.notNull(limit, "limit cannot be null");
		this.startsPerSession = limit;
	}

	/** Sets the limit of logins started per client address. Defaults to 30 per minute. */
	public void setStartsPerAddress(ThrottleLimit limit) {
		Assert.notNull(limit, "limit cannot be null");
		this.startsPerAddress = limit;
	}

	/** Sets the limit of status polls per browser session. Defaults to 60 per minute. */
	public void setStatusPerSession(ThrottleLimit limit) {
		Assert.notNull(limit, "limit cannot be null");
		this.statusPerSession = limit;
	}

	/**
	 * Sets the least time between two OTPs sent to one phone number, counted from the first. Defaults to 1 minute
	 * (Xellar's documented limit); {@link Duration#ZERO} turns it off (tests that send several codes to one number).
	 * @param interval the interval, from zero to one day
	 */
	public void setOtpSendInterval(Duration interval) {
		this.otp.setSendInterval(interval);
	}

	/** Sets the limit of OTPs sent per phone number. Defaults to 3 per 10 minutes. */
	public void setOtpRequestsPerPhone(ThrottleLimit limit) {
		this.otp.setRequestsPerPhone(limit);
	}

	/**
	 * Sets the limit of codes submitted per browser session, whatever phone numbers they are for. Defaults to 30 per
	 * 10 minutes.
	 */
	public void setOtpVerificationsPerSession(ThrottleLimit limit) {
		this.otp.setVerificationsPerSession(limit);
	}

	/**
	 * Sets the limit of codes submitted per client address, whatever sessions and phone numbers they are for.
	 * Defaults to 60 per 10 minutes.
	 */
	public void setOtpVerificationsPerAddress(ThrottleLimit limit) {
		this.otp.setVerificationsPerAddress(limit);
	}

	/** Sets the limit of codes checked per phone number. Defaults to 10 per hour. */
	public void setOtpVerificationsPerPhone(ThrottleLimit limit) {
		this.otp.setVerificationsPerPhone(limit);
	}

	/** Sets the limit of proofs posted per browser session. Defaults to 10 per minute. */
	public void setProofsPerSession(ThrottleLimit limit) {
		Assert.notNull(limit, "limit cannot be null");
		this.proofsPerSession = limit;
	}

	/** Sets the limit of proofs posted per client address. Defaults to 30 per minute. */
	public void setProofsPerAddress(ThrottleLimit limit) {
		Assert.notNull(limit, "limit cannot be null");
		this.proofsPerAddress = limit;
	}

	/** Returns how the client address is found. */
	public ClientAddressResolver getClientAddressResolver() {
		return this.clientAddressResolver;
	}

	/**
	 * Sets how the client address is found. Defaults to the direct peer's address, ignoring
	 * {@code X-Forwarded-For}.
	 * @param clientAddressResolver the resolver
	 */
	public void setClientAddressResolver(ClientAddressResolver clientAddressResolver) {
		Assert.notNull(clientAddressResolver, "clientAddressResolver cannot be null");
		this.clientAddressResolver = clientAddressResolver;
	}

	/** Sets the clock. Defaults to the system UTC clock. */
	public void setClock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
	}

	/**
	 * Sets what counts the refusals, by limit name. Defaults to {@link TelegramLoginMetrics#NOOP}.
	 * @param metrics the metrics
	 */
	public void setMetrics(TelegramLoginMetrics metrics) {
		this.counters.setMetrics(metrics);
	}

	/**
	 * Counts a login start ({@code /start}, {@code /otp}) of this browser session and client address; creates the
	 * session when there is none.
	 * @param request the request
	 * @return the refusal, or {@code null} when the start may go on
	 */
	public @Nullable ThrottleRefusal checkStart(HttpServletRequest request) {
		ThrottleRefusal refusal = count(STARTS_PER_SESSION, this.startsPerSession, request.getSession().getId());
		if (refusal != null) {
			return refusal;
		}
		return count(STARTS_PER_ADDRESS, this.startsPerAddress, this.clientAddressResolver.resolve(request));
	}

	/**
	 * Counts a status poll of this browser session (none without a session: nothing can be pending then).
	 * @param request the request
	 * @return the refusal, or {@code null}
	 */
	public @Nullable ThrottleRefusal checkStatus(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		if (session == null || this.statusPerSession.isUnlimited()) {
			return null;
		}
		// counted in this instance's memory, not in the store: a poll answered from memory writes nothing
		return this.counters.countLocally(STATUS_PER_SESSION, this.statusPerSession, session.getId(),
				this.clock.instant());
	}

	/**
	 * Counts a proof posted to {@code /proof} by this browser session (when it has one) and client address.
	 * @param request the request
	 * @return the refusal, or {@code null}
	 */
	public @Nullable ThrottleRefusal checkProof(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		ThrottleRefusal refusal = (session != null)
				? count(PROOFS_PER_SESSION, this.proofsPerSession, session.getId()) : null;
		if (refusal != null) {
			return refusal;
		}
		return count(PROOFS_PER_ADDRESS, this.proofsPerAddress, this.clientAddressResolver.resolve(request));
	}

	/**
	 * Counts an OTP request for a phone number: first the {@link #OTP_SEND_INTERVAL send interval} (a second send
	 * within it is refused with the time left), then {@link #OTP_REQUESTS_PER_PHONE}.
	 * @param phoneNumber the number (E.164)
	 * @return the refusal, or {@code null}
	 */
	public @Nullable ThrottleRefusal checkOtpRequest(String phoneNumber) {
		return this.otp.checkRequest(phoneNumber, this.clock.instant());
	}

	/**
	 * Gives back the send interval of an OTP request counted by {@link #checkOtpRequest(String)} that never reached
	 * the upstream (it could not be reached or answered a server error), so the user may ask again at once.
	 * @param phoneNumber the number (E.164)
	 */
	public void giveBackOtpRequest(String phoneNumber) {
		this.otp.giveBackRequest(phoneNumber);
	}

	/**
	 * Counts an OTP verification of this browser session, from this client address, for a phone number (in that
	 * order, stopping at the first refusal). Only the per-phone count can be {@link #giveBackOtpVerification(String)
	 * given back}: the per-session and per-address limits count requests, judged or not.
	 * @param request the request
	 * @param phoneNumber the number (E.164)
	 * @return the refusal, or {@code null}
	 */
	public @Nullable ThrottleRefusal checkOtpVerification(HttpServletRequest request, String phoneNumber) {
		HttpSession session = request.getSession(false);
		return this.otp.checkVerification((session != null) ? session.getId() : null,
				() -> this.clientAddressResolver.resolve(request), phoneNumber, this.clock.instant());
	}

	/**
	 * Gives back the per-phone count of a verification counted by
	 * {@link #checkOtpVerification(HttpServletRequest, String)} that Xellar did not judge (a timeout, a connection
	 * failure, a 5xx or a 429), so the user loses nothing.
	 * @param phoneNumber the number (E.164)
	 */
	public void giveBackOtpVerification(String phoneNumber) {
		this.otp.giveBackVerification(phoneNumber, this.clock.instant());
	}

	private @Nullable ThrottleRefusal count(String name, ThrottleLimit limit, String value) {
		return this.counters.count(name, limit, value, this.clock.instant());
	}

	@Override
	public String toString() {
		return "LoginThrottle[" + STARTS_PER_SESSION + "=" + this.startsPerSession + ", " + STARTS_PER_ADDRESS + "="
				+ this.startsPerAddress + ", " + STATUS_PER_SESSION + "=" + this.statusPerSession + ", " + this.otp
				+ ", " + PROOFS_PER_SESSION + "=" + this.proofsPerSession + ", "
				+ PROOFS_PER_ADDRESS + "=" + this.proofsPerAddress + ", " + this.clientAddressResolver + "]";
	}

}
