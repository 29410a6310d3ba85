package dev.tglogin.observation;

import java.util.Locale;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.util.Assert;

import dev.tglogin.core.TelegramLoginFlow;

/**
 * {@link TelegramLoginMetrics} as Micrometer counters (names and tags in {@code docs/observability.md}):
 * <ul>
 * <li>{@value #PENDING_STARTED} and {@value #PENDING_ENDED}, tag {@code flow}: their difference is the number of
 * logins pending on this instance (less those whose HTTP session expired first)</li>
 * <li>{@value #THROTTLE_REFUSALS}, tag {@code limit}</li>
 * <li>{@value #STATUS_SHED}</li>
 * <li>{@value #WEBHOOK_EVENTS}, tags {@code type} and {@code outcome}</li>
 * </ul>
 * Needs {@code io.micrometer:micrometer-core} (an optional dependency of the library).
 * <p>
 * This class is thread-safe.
 */
public final class MicrometerTelegramLoginMetrics implements TelegramLoginMetrics {

	/** Counter of started logins. */
	public static final String PENDING_STARTED = "tglogin.pending.logins.started";

	/** Counter of ended pending logins. */
	public static final String PENDING_ENDED = "tglogin.pending.logins.ended";

	/** Counter of requests refused by a throttle limit. */
	public static final String THROTTLE_REFUSALS = "tglogin.throttle.refusals";

	/** Counter of status calls not sent upstream because of the limit of calls in flight. */
	public static final String STATUS_SHED = "tglogin.status.shed";

	/** Counter of webhook requests. */
	public static final String WEBHOOK_EVENTS = "tglogin.webhook.events";

	private final MeterRegistry registry;

	/**
	 * Creates the metrics.
	 * @param registry where the counters are registered
	 */
	public MicrometerTelegramLoginMetrics(MeterRegistry registry) {
		Assert.notNull(registry, "registry cannot be null");
		this.registry = registry;
	}

	@Override
	public void pendingLoginStarted(TelegramLoginFlow flow) {
		count(PENDING_STARTED, "Telegram logins started (deeplinks handed out, codes sent)", "flow", name(flow));
	}

	@Override
	public void pendingLoginEnded(TelegramLoginFlow flow) {
		count(PENDING_ENDED, "Pending Telegram logins that ended", "flow", name(flow));
	}

	@Override
	public void throttleRefused(String limit) {
		count(THROTTLE_REFUSALS, "Telegram login requests refused by a throttle limit", "limit", limit);
	}

	@Override
	public void statusCallShed() {
		count(STATUS_SHED, "Bondify status calls not sent because the calls in flight were at their limit");
	}

	@Override
	public void webhookEvent(String type, String outcome) {
		count(WEBHOOK_EVENTS, "Bondify webhook requests", "type", type, "outcome", outcome);
	}

	private void count(String name, String description, String... tags) {
		Counter.builder(name).description(description).tags(tags).register(this.registry).increment();
	}

	private static String name(TelegramLoginFlow flow) {
		return flow.name().toLowerCase(Locale.ROOT);
	}

	@Override
	public String toString() {
		return "MicrometerTelegramLoginMetrics[" + this.registry.getClass().getSimpleName() + "]";
	}

}
