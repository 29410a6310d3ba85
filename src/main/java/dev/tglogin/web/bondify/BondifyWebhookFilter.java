package dev.tglogin.web.bondify;

import java.io.IOException;
import java.time.Clock;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.http.HttpMethod;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.Assert;

import dev.tglogin.bondify.BondifyProtocol;
import dev.tglogin.bondify.BondifyWebhookEvent;
import dev.tglogin.bondify.BondifyWebhookOutcomes;
import dev.tglogin.bondify.BondifyWebhookVerifier;
import dev.tglogin.observation.TelegramLoginMetrics;
import dev.tglogin.store.StoreKeys;
import dev.tglogin.web.EndpointMatcher;
import dev.tglogin.web.JsonRequests;
import dev.tglogin.web.JsonResponses;
import dev.tglogin.web.TelegramLoginError;
import dev.tglogin.web.TelegramEndpointFilter;

/**
 * {@code POST /login/telegram/webhook}: receives Bondify's {@code auth.confirmed} and {@code auth.cancelled} events.
 * <p>
 * The {@link BondifyProtocol#WEBHOOK_SIGNATURE_HEADER} is checked over the raw body in constant time before anything
 * else (401 {@code invalid_signature} otherwise; the endpoint is CSRF-exempt because this signature is its
 * authentication). A verified event is recorded in the {@link BondifyWebhookOutcomes} under the hash of its session
 * token, idempotently (Bondify retries), for the browser that holds that session token to complete from at its next
 * status call (or at once, when it waits on this instance), without polling Bondify. Answers 204, also for events the library does not use.
 */
public final class BondifyWebhookFilter extends TelegramEndpointFilter {

	private static final Log logger = LogFactory.getLog(BondifyWebhookFilter.class);

	private static final int MAX_BODY_BYTES = 64 * 1024;

	/** The event type in the metrics of a request whose event is not read (unsigned, too large, not used). */
	private static final String UNKNOWN_EVENT = "unknown";

	private final BondifyWebhookVerifier verifier;

	private final BondifyWebhookOutcomes outcomes;

	private Clock clock = Clock.systemUTC();

	private TelegramLoginMetrics metrics = TelegramLoginMetrics.NOOP;

	/**
	 * Creates the filter.
	 * @param webhookPath e.g. {@code /login/telegram/webhook}
	 * @param verifier the signature verifier
	 * @param outcomes where outcomes are recorded
	 */
	public BondifyWebhookFilter(String webhookPath, BondifyWebhookVerifier verifier, BondifyWebhookOutcomes outcomes) {
		super(EndpointMatcher.of(HttpMethod.POST, requirePath(webhookPath, "webhookPath")));
		Assert.notNull(verifier, "verifier cannot be null");
		Assert.notNull(outcomes, "outcomes cannot be null");
		this.verifier = verifier;
		this.outcomes = outcomes;
	}

	/** Sets the clock. Defaults to the system UTC clock. */
	public void setClock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
	}

	/**
	 * Sets what counts the webhook requests, by event type and outcome. Defaults to
	 * {@link TelegramLoginMetrics#NOOP}.
	 * @param metrics the metrics
	 */
	public void setMetrics(TelegramLoginMetrics metrics) {
		Assert.notNull(metrics, "metrics cannot be null");
		this.metrics = metrics;
	}

	/** Returns the matcher of the webhook endpoint (for the CSRF exemption). */
	public RequestMatcher getRequestMatcher() {
		return requestMatcher();
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		byte[] body = JsonRequests.readBody(request, MAX_BODY_BYTES);
		if (body == null) {
			this.metrics.webhookEvent(UNKNOWN_EVENT, TelegramLoginError.PAYLOAD_TOO_LARGE);
			JsonResponses.error(response,
					messages().localize(TelegramLoginError.payloadTooLarge(MAX_BODY_BYTES), request));
			return;
		}
		if (!this.verifier.isSigned(body, request.getHeader(BondifyProtocol.WEBHOOK_SIGNATURE_HEADER))) {
			logger.warn("Bondify webhook refused: bad or missing " + BondifyProtocol.WEBHOOK_SIGNATURE_HEADER);
			this.metrics.webhookEvent(UNKNOWN_EVENT, TelegramLoginError.INVALID_SIGNATURE);
			JsonResponses.error(response, messages().localize(new TelegramLoginError(401,
					TelegramLoginError.INVALID_SIGNATURE, "The webhook signature is not valid"), request));
			return;
		}
		BondifyWebhookEvent event = this.verifier.read(body);
		if (event == null) {
			logger.debug("Bondify webhook ignored: not an event this library uses");
			this.metrics.webhookEvent(UNKNOWN_EVENT, "ignored");
			response.setStatus(204);
			return;
		}
		try {
			this.outcomes.record(event, this.clock.instant().plus(BondifyProtocol.SESSION_LIFETIME));
		}
		catch (org.springframework.security.core.AuthenticationException ex) {
			// the store is down: Bondify retries, polling remains the fallback
			this.metrics.webhookEvent(type(event), "store_unavailable");
			JsonResponses.error(response, messages().localize(TelegramLoginError.from(ex), request));
			return;
		}
		logger.info("Bondify webhook recorded (" + type(event)
				+ ", session " + StoreKeys.logRef(event.sessionToken()) + ")");
		response.setStatus(204);
		this.metrics.webhookEvent(type(event), "recorded");
	}

	private static String type(BondifyWebhookEvent event) {
		return event.confirmed() ? BondifyProtocol.EVENT_CONFIRMED : BondifyProtocol.EVENT_CANCELLED;
	}

}
