package dev.tglogin.web;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.function.Consumer;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpMethod;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.Assert;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.tglogin.bondify.BondifyProtocol;
import dev.tglogin.bondify.BondifyWebhookEvent;
import dev.tglogin.bondify.BondifyWebhookVerifier;
import dev.tglogin.store.StoreKeys;
import dev.tglogin.store.TelegramLoginStore;

/**
 * {@code POST /login/telegram/webhook}: receives Bondify's {@code auth.confirmed} and {@code auth.cancelled} events.
 * <p>
 * The {@link BondifyProtocol#WEBHOOK_SIGNATURE_HEADER} is checked over the raw body in constant time before anything
 * else (401 {@code invalid_signature} otherwise; the endpoint is CSRF-exempt because this signature is its
 * authentication). A verified event is recorded in the {@link TelegramLoginStore} under the hash of its session token,
 * idempotently (Bondify retries), for the browser that holds that session token to complete from at its next status
 * call, without polling Bondify. Answers 204, also for events the library does not use.
 */
public final class BondifyWebhookFilter extends OncePerRequestFilter {

	private static final Log logger = LogFactory.getLog(BondifyWebhookFilter.class);

	/** Store namespace of webhook outcomes. */
	public static final String OUTCOME_NAMESPACE = "bondify-webhook";

	private static final int MAX_BODY_BYTES = 64 * 1024;

	private final RequestMatcher matcher;

	private final BondifyWebhookVerifier verifier;

	private final TelegramLoginStore store;

	private TelegramLoginMessages messages = TelegramLoginMessages.library();

	private Clock clock = Clock.systemUTC();

	private Consumer<BondifyWebhookEvent> recordedListener = (event) -> {
	};

	/**
	 * Creates the filter.
	 * @param webhookPath e.g. {@code /login/telegram/webhook}
	 * @param verifier the signature verifier
	 * @param store where outcomes are recorded
	 */
	public BondifyWebhookFilter(String webhookPath, BondifyWebhookVerifier verifier, TelegramLoginStore store) {
		Assert.hasText(webhookPath, "webhookPath cannot be empty");
		Assert.notNull(verifier, "verifier cannot be null");
		Assert.notNull(store, "store cannot be null");
		this.matcher = EndpointMatcher.of(HttpMethod.POST, webhookPath);
		this.verifier = verifier;
		this.store = store;
	}

	/** Sets the clock. Defaults to the system UTC clock. */
	public void setClock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
	}

	/**
	 * Sets what to tell after an event was recorded, for example {@link BondifyLoginFilter#webhookListener()} so
	 * that status requests waiting for the login answer at once. Defaults to nothing.
	 * @param recordedListener the listener
	 */
	public void setRecordedListener(Consumer<BondifyWebhookEvent> recordedListener) {
		Assert.notNull(recordedListener, "recordedListener cannot be null");
		this.recordedListener = recordedListener;
	}

	/** Returns the matcher of the webhook endpoint (for the CSRF exemption). */
	public RequestMatcher getRequestMatcher() {
		return this.matcher;
	}

	/**
	 * Sets the texts of the error messages. Defaults to the library's own ({@link TelegramLoginMessages#library()}).
	 * @param messages the texts, e.g. {@link TelegramLoginMessages#withOverrides} of the app's {@code MessageSource}
	 */
	public void setMessages(TelegramLoginMessages messages) {
		Assert.notNull(messages, "messages cannot be null");
		this.messages = messages;
	}

	/** Every request but this endpoint's passes on untouched (and without the once-per-request bookkeeping). */
	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !this.matcher.matches(request);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getContentLengthLong() > MAX_BODY_BYTES) {
			JsonResponses.error(response,
					this.messages.localize(TelegramLoginError.payloadTooLarge(MAX_BODY_BYTES), request));
			return;
		}
		byte[] body;
		try (InputStream in = request.getInputStream()) {
			body = in.readNBytes(MAX_BODY_BYTES + 1);
		}
		if (body.length > MAX_BODY_BYTES) {
			JsonResponses.error(response,
					this.messages.localize(TelegramLoginError.payloadTooLarge(MAX_BODY_BYTES), request));
			return;
		}
		if (!this.verifier.isSigned(body, request.getHeader(BondifyProtocol.WEBHOOK_SIGNATURE_HEADER))) {
			logger.warn("Bondify webhook refused: bad or missing " + BondifyProtocol.WEBHOOK_SIGNATURE_HEADER);
			JsonResponses.error(response, this.messages.localize(new TelegramLoginError(401,
					TelegramLoginError.INVALID_SIGNATURE, "The webhook signature is not valid"), request));
			return;
		}
		BondifyWebhookEvent event = this.verifier.read(body);
		if (event == null) {
			logger.debug("Bondify webhook ignored: not an event this library uses");
			response.setStatus(204);
			return;
		}
		try {
			this.store.putOutcome(StoreKeys.key(OUTCOME_NAMESPACE, event.sessionToken()), toJson(event),
					this.clock.instant().plus(BondifyProtocol.SESSION_LIFETIME));
		}
		catch (org.springframework.security.core.AuthenticationException ex) {
			// the store is down: Bondify retries, polling remains the fallback
			JsonResponses.error(response, this.messages.localize(TelegramLoginError.from(ex), request));
			return;
		}
		logger.info("Bondify webhook recorded (" + (event.confirmed() ? "auth.confirmed" : "auth.cancelled")
				+ ", session " + StoreKeys.logRef(event.sessionToken()) + ")");
		response.setStatus(204);
		this.recordedListener.accept(event);
	}

	/**
	 * Returns the recorded form of an event: its fields under Bondify's names.
	 * @param event the event
	 * @return the JSON text
	 */
	static String toJson(BondifyWebhookEvent event) {
		return JSONObjectUtils.toJSONString(JsonResponses.object(BondifyProtocol.WEBHOOK_EVENT,
				event.confirmed() ? BondifyProtocol.EVENT_CONFIRMED : BondifyProtocol.EVENT_CANCELLED,
				BondifyProtocol.SESSION_TOKEN, event.sessionToken(), BondifyProtocol.TELEGRAM_ID, event.telegramId(),
				BondifyProtocol.TELEGRAM_NAME, event.telegramName(), BondifyProtocol.TELEGRAM_USERNAME,
				event.telegramUsername(), BondifyProtocol.TELEGRAM_PHONE, event.telegramPhone()));
	}

	/** For the status endpoint: reads a recorded outcome back. */
	static @Nullable BondifyWebhookEvent fromJson(String json) {
		try {
			Map<String, Object> map = JSONObjectUtils.parse(json);
			return BondifyWebhookEvent.from(map);
		}
		catch (java.text.ParseException ex) {
			return null;
		}
	}

}
