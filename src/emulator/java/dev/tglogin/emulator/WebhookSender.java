package dev.tglogin.emulator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.tglogin.http.JsonCodec;

/**
 * Delivers Bondify's webhooks as Bondify documents them: a JSON {@code POST} to the app's webhook URL signed with
 * {@value BondifyWire#SIGNATURE_HEADER} (the lowercase hex HMAC-SHA256 of the raw body with the project secret),
 * answered 2xx within {@link BondifyWire#WEBHOOK_TIMEOUT}, else retried up to
 * {@value BondifyWire#WEBHOOK_RETRIES} times with exponential backoff. Deliveries run on one daemon thread, after a
 * configurable delay (a webhook may arrive before or after the browser's next poll).
 * <p>
 * This class is thread-safe.
 */
final class WebhookSender {

	private static final Log logger = LogFactory.getLog(WebhookSender.class);

	private final byte[] secret;

	private final Supplier<String> url;

	private final Duration delay;

	private final Duration retryDelay;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(BondifyWire.WEBHOOK_TIMEOUT).build();

	private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "tglogin-emulator-webhooks");
		thread.setDaemon(true);
		return thread;
	});

	private final AtomicInteger attempts = new AtomicInteger();

	private final AtomicInteger delivered = new AtomicInteger();

	private final AtomicInteger inFlight = new AtomicInteger();

	WebhookSender(byte[] secret, Supplier<String> url, Duration delay, Duration retryDelay) {
		this.secret = secret.clone();
		this.url = url;
		this.delay = delay;
		this.retryDelay = retryDelay;
	}

	/** Schedules the delivery of an event. */
	void send(Map<String, Object> event) {
		byte[] body = JsonCodec.toBytes(event);
		this.inFlight.incrementAndGet();
		this.executor.schedule(() -> attempt(event.get(BondifyWire.EVENT), body, 0), this.delay.toMillis(),
				TimeUnit.MILLISECONDS);
	}

	/** How many delivery attempts were made, retries included. */
	int attempts() {
		return this.attempts.get();
	}

	/** How many events were delivered (answered 2xx). */
	int delivered() {
		return this.delivered.get();
	}

	/** Whether no delivery is waiting or running. */
	boolean isIdle() {
		return this.inFlight.get() == 0;
	}

	private void attempt(Object event, byte[] body, int retry) {
		this.attempts.incrementAndGet();
		int status;
		try {
			HttpRequest request = HttpRequest.newBuilder(URI.create(this.url.get()))
				.timeout(BondifyWire.WEBHOOK_TIMEOUT)
				.header("Content-Type", "application/json")
				.header(BondifyWire.SIGNATURE_HEADER, sign(body))
				.POST(HttpRequest.BodyPublishers.ofByteArray(body))
				.build();
			status = this.http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.inFlight.decrementAndGet();
			return;
		}
		catch (Exception ex) {
			status = -1;
		}
		if (status >= 200 && status < 300) {
			this.delivered.incrementAndGet();
			this.inFlight.decrementAndGet();
			logger.info("Emulated Bondify webhook " + event + " delivered (attempt " + (retry + 1) + ")");
			return;
		}
		if (retry >= BondifyWire.WEBHOOK_RETRIES) {
			this.inFlight.decrementAndGet();
			logger.warn("Emulated Bondify webhook " + event + " not delivered after " + (retry + 1) + " attempts (last "
					+ ((status < 0) ? "no answer" : "answer " + status) + ")");
			return;
		}
		long wait = this.retryDelay.toMillis() << retry;
		logger.info("Emulated Bondify webhook " + event + " answered " + ((status < 0) ? "nothing" : status)
				+ ": retry in " + wait + " ms");
		this.executor.schedule(() -> attempt(event, body, retry + 1), wait, TimeUnit.MILLISECONDS);
	}

	private String sign(byte[] body) throws GeneralSecurityException {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(this.secret, "HmacSHA256"));
		return HexFormat.of().formatHex(mac.doFinal(body));
	}

}
