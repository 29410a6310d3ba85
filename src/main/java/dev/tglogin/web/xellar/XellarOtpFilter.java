package dev.tglogin.web.xellar;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpMethod;
import org.springframework.util.Assert;

import dev.tglogin.core.UpstreamException;
import dev.tglogin.core.UpstreamServerErrorException;
import dev.tglogin.core.UpstreamUnavailableException;
import dev.tglogin.store.StoreKeys;
import dev.tglogin.web.EndpointMatcher;
import dev.tglogin.web.InvalidRequestException;
import dev.tglogin.web.JsonRequests;
import dev.tglogin.web.JsonResponses;
import dev.tglogin.web.PendingLoginRepository;
import dev.tglogin.web.PendingXellarLogin;
import dev.tglogin.web.TelegramLoginError;
import dev.tglogin.web.TelegramEndpointFilter;
import dev.tglogin.web.throttle.LoginThrottle;
import dev.tglogin.web.throttle.ThrottleRefusal;
import dev.tglogin.xellar.PhoneNumbers;
import dev.tglogin.xellar.XellarClient;
import dev.tglogin.xellar.XellarOtpChallenge;
import dev.tglogin.xellar.XellarProtocol;

/**
 * {@code POST /login/telegram/otp} with {@code {"phoneNumber": "+..."}}: validates the number (E.164) before any
 * upstream call, has Xellar send an OTP to the user's Telegram, keeps the verification token in this browser's pending
 * login (replacing any earlier one) and answers {@code {"status": "otp_sent"}}. The token never reaches the browser.
 * <p>
 * Upstream failures answer the JSON error contract and leave any earlier pending login untouched. A request over a
 * {@link LoginThrottle} limit (starts per session and per address, one OTP per phone number per
 * {@link LoginThrottle#OTP_SEND_INTERVAL send interval}, OTPs per phone number) answers 429 {@code rate_limited} with
 * {@code Retry-After} before any upstream call. A send that Xellar could not take (unreachable, 5xx) gives its send
 * interval back.
 */
public final class XellarOtpFilter extends TelegramEndpointFilter {

	private static final Log logger = LogFactory.getLog(XellarOtpFilter.class);

	private final XellarClient client;

	private final PendingLoginRepository pendingLogins;

	private Duration otpLifetime = XellarProtocol.OTP_LIFETIME;

	private Clock clock = Clock.systemUTC();

	private @Nullable LoginThrottle throttle;

	/**
	 * Creates the filter.
	 * @param otpPath e.g. {@code /login/telegram/otp}
	 * @param client the Xellar client
	 * @param pendingLogins where pending logins live
	 */
	public XellarOtpFilter(String otpPath, XellarClient client, PendingLoginRepository pendingLogins) {
		super(EndpointMatcher.of(HttpMethod.POST, requirePath(otpPath, "otpPath")));
		Assert.notNull(client, "client cannot be null");
		Assert.notNull(pendingLogins, "pendingLogins cannot be null");
		this.client = client;
		this.pendingLogins = pendingLogins;
	}

	/** Sets how long an OTP is accepted. Defaults to 5 minutes. */
	public void setOtpLifetime(Duration otpLifetime) {
		Assert.isTrue(otpLifetime != null && !otpLifetime.isNegative() && !otpLifetime.isZero(),
				"otpLifetime must be positive");
		this.otpLifetime = otpLifetime;
	}

	/** Sets the clock. Defaults to the system UTC clock. */
	public void setClock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
	}

	/**
	 * Sets the throttle of login starts and OTP requests. Defaults to none; the {@code telegramLogin()} DSL always
	 * sets one.
	 * @param throttle the throttle
	 */
	public void setThrottle(LoginThrottle throttle) {
		Assert.notNull(throttle, "throttle cannot be null");
		this.throttle = throttle;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String phoneNumber;
		try {
			phoneNumber = PhoneNumbers.normalize(JsonRequests.requiredString(
					JsonRequests.readObject(request, JsonRequests.DEFAULT_MAX_BODY_BYTES), "phoneNumber", 64));
			if (phoneNumber == null) {
				throw new InvalidRequestException(TelegramLoginError
					.invalidRequest("phone_number",
							"The field \"phoneNumber\" must be a phone number in international form (+...)",
							"phoneNumber"));
			}
		}
		catch (InvalidRequestException ex) {
			JsonResponses.error(response, messages().localize(ex.getError(), request));
			return;
		}
		if (this.throttle != null) {
			ThrottleRefusal refusal = this.throttle.checkStart(request);
			if (refusal == null) {
				refusal = this.throttle.checkOtpRequest(phoneNumber);
			}
			if (refusal != null) {
				JsonResponses.error(response,
						messages().localize(TelegramLoginError.rateLimited(refusal.retryAfterSeconds()), request));
				return;
			}
		}
		XellarOtpChallenge challenge;
		try {
			challenge = this.client.sendOtp(phoneNumber);
		}
		catch (UpstreamException ex) {
			if (this.throttle != null && (ex instanceof UpstreamUnavailableException
					|| ex instanceof UpstreamServerErrorException)) {
				// the code did not go out: the user may ask again at once
				this.throttle.giveBackOtpRequest(phoneNumber);
			}
			logger.warn("Telegram OTP request failed (phone " + PhoneNumbers.mask(phoneNumber) + "): "
					+ ex.getMessage());
			JsonResponses.error(response, messages().localize(TelegramLoginError.from(ex), request));
			return;
		}
		this.pendingLogins.save(new PendingXellarLogin(challenge.verificationToken(), phoneNumber,
				this.clock.instant().plus(this.otpLifetime)), request, response);
		if (logger.isDebugEnabled()) {
			logger.debug("Telegram OTP sent (xellar verification " + StoreKeys.logRef(challenge.verificationToken())
					+ ", phone " + PhoneNumbers.mask(phoneNumber) + ")");
		}
		JsonResponses.write(response, 200, Map.of("status", "otp_sent"));
	}

}
