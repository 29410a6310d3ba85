package dev.tglogin.web.bondify;

import java.io.IOException;
import java.time.Clock;

import io.nayuki.qrcodegen.DataTooLongException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpMethod;
import org.springframework.util.Assert;

import dev.tglogin.bondify.BondifyClient;
import dev.tglogin.bondify.BondifyProtocol;
import dev.tglogin.bondify.BondifySession;
import dev.tglogin.core.UpstreamException;
import dev.tglogin.store.StoreKeys;
import dev.tglogin.web.EndpointMatcher;
import dev.tglogin.web.InvalidRequestException;
import dev.tglogin.web.JsonRequests;
import dev.tglogin.web.JsonResponses;
import dev.tglogin.web.PendingBondifyLogin;
import dev.tglogin.web.PendingLoginRepository;
import dev.tglogin.web.TelegramLoginError;
import dev.tglogin.web.TelegramEndpointFilter;
import dev.tglogin.web.throttle.LoginThrottle;
import dev.tglogin.web.throttle.ThrottleRefusal;

/**
 * {@code POST /login/telegram/start}: creates a Bondify session, keeps its token in this browser's pending login
 * (replacing any earlier one) and answers {@code {"deeplink", "expiresAt", "pollIntervalMs", "maxWaitSeconds",
 * "qrSvg"}}, where
 * {@code qrSvg} is the deeplink as a QR code ({@link QrCodeSvg}) for desktop browsers. The token itself is never
 * named in the answer except inside the deeplink (and its QR code), which the user must open.
 * <p>
 * Upstream failures answer the JSON error contract (502/503/504/429) and leave any earlier pending login untouched.
 * A body (none is expected) above {@value JsonRequests#DEFAULT_MAX_BODY_BYTES} bytes answers 413, and a start over a
 * {@link LoginThrottle} limit answers 429 {@code rate_limited} with {@code Retry-After}, both before any upstream
 * call.
 */
public final class BondifyStartFilter extends TelegramEndpointFilter {

	private static final Log logger = LogFactory.getLog(BondifyStartFilter.class);

	private final BondifyClient client;

	private final PendingLoginRepository pendingLogins;

	private long pollIntervalMs = BondifyProtocol.POLL_INTERVAL.toMillis();

	private int maxWaitSeconds;

	private Clock clock = Clock.systemUTC();

	private @Nullable LoginThrottle throttle;

	/**
	 * Creates the filter.
	 * @param startPath the endpoint path, e.g. {@code /login/telegram/start}
	 * @param client the Bondify client
	 * @param pendingLogins where pending logins live
	 */
	public BondifyStartFilter(String startPath, BondifyClient client, PendingLoginRepository pendingLogins) {
		super(EndpointMatcher.of(HttpMethod.POST, requirePath(startPath, "startPath")));
		Assert.notNull(client, "client cannot be null");
		Assert.notNull(pendingLogins, "pendingLogins cannot be null");
		this.client = client;
		this.pendingLogins = pendingLogins;
	}

	/** Sets the poll interval advertised to the browser. Defaults to 2000 ms, Bondify's documented interval. */
	public void setPollIntervalMs(long pollIntervalMs) {
		Assert.isTrue(pollIntervalMs >= 500, "pollIntervalMs must be at least 500");
		this.pollIntervalMs = pollIntervalMs;
	}

	/**
	 * Sets the longest {@code waitSeconds} the status endpoint accepts, advertised to the browser as
	 * {@code maxWaitSeconds} so that it long-polls. Defaults to 0: not advertised, the browser polls.
	 * @param maxWaitSeconds the longest wait, 0 for none
	 */
	public void setMaxWaitSeconds(int maxWaitSeconds) {
		Assert.isTrue(maxWaitSeconds >= 0, "maxWaitSeconds cannot be negative");
		this.maxWaitSeconds = maxWaitSeconds;
	}

	/** Sets the clock. Defaults to the system UTC clock. */
	public void setClock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
	}

	/**
	 * Sets the throttle of login starts. Defaults to none; the {@code telegramLogin()} DSL always sets one.
	 * @param throttle the throttle
	 */
	public void setThrottle(LoginThrottle throttle) {
		Assert.notNull(throttle, "throttle cannot be null");
		this.throttle = throttle;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			JsonRequests.requireBodyWithin(request, JsonRequests.DEFAULT_MAX_BODY_BYTES);
		}
		catch (InvalidRequestException ex) {
			JsonResponses.error(response, messages().localize(ex.getError(), request));
			return;
		}
		ThrottleRefusal refusal = (this.throttle != null) ? this.throttle.checkStart(request) : null;
		if (refusal != null) {
			JsonResponses.error(response,
					messages().localize(TelegramLoginError.rateLimited(refusal.retryAfterSeconds()), request));
			return;
		}
		BondifySession session;
		try {
			session = this.client.generate();
		}
		catch (UpstreamException ex) {
			logger.warn("Telegram login start failed: " + ex.getMessage());
			JsonResponses.error(response, messages().localize(TelegramLoginError.from(ex), request));
			return;
		}
		// never outlive Bondify's fixed 10 minutes, whatever the answer said
		java.time.Instant latest = this.clock.instant().plus(BondifyProtocol.SESSION_LIFETIME);
		java.time.Instant expiresAt = session.expiresAt().isAfter(latest) ? latest : session.expiresAt();
		this.pendingLogins.save(new PendingBondifyLogin(session.sessionToken(), expiresAt), request, response);
		if (logger.isDebugEnabled()) {
			logger.debug("Telegram login started (bondify session " + StoreKeys.logRef(session.sessionToken()) + ")");
		}
		JsonResponses.write(response, 200, JsonResponses.object("deeplink", session.deeplink(), "expiresAt",
				expiresAt.toString(), "pollIntervalMs", this.pollIntervalMs, "maxWaitSeconds",
				(this.maxWaitSeconds > 0) ? this.maxWaitSeconds : null, "qrSvg", qrSvg(session.deeplink())));
	}

	private static @Nullable String qrSvg(String deeplink) {
		try {
			return QrCodeSvg.render(deeplink);
		}
		catch (DataTooLongException ex) {
			logger.debug("Deeplink too long for a QR code; answering without qrSvg");
			return null;
		}
	}

}
