package dev.tglogin.store;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * {@link TelegramLoginStore} in this JVM's memory: right for a single instance (several instances need a shared
 * store). Expired records are swept every 1024 writes, so memory is bounded by the live records.
 * <p>
 * This class is thread-safe.
 */
public final class InMemoryTelegramLoginStore implements TelegramLoginStore {

	private static final int SWEEP_EVERY = 1024;

	private final ConcurrentHashMap<String, Instant> used = new ConcurrentHashMap<>();

	private final ConcurrentHashMap<String, Counter> counters = new ConcurrentHashMap<>();

	private final ConcurrentHashMap<String, Outcome> outcomes = new ConcurrentHashMap<>();

	private final AtomicInteger writes = new AtomicInteger();

	private Clock clock = Clock.systemUTC();

	/** Sets the clock. Defaults to the system UTC clock. */
	public void setClock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
	}

	@Override
	public boolean useOnce(String key, Instant expiresAt) {
		Assert.hasText(key, "key cannot be empty");
		Assert.notNull(expiresAt, "expiresAt cannot be null");
		Instant now = this.clock.instant();
		sweepSometimes(now);
		boolean[] first = { false };
		this.used.compute(key, (k, existing) -> {
			if (existing == null || now.isAfter(existing)) {
				first[0] = true;
				return expiresAt;
			}
			return existing;
		});
		return first[0];
	}

	@Override
	public void release(String key) {
		Assert.hasText(key, "key cannot be empty");
		this.used.remove(key);
	}

	@Override
	public long increment(String key, Instant expiresAt) {
		Assert.hasText(key, "key cannot be empty");
		Assert.notNull(expiresAt, "expiresAt cannot be null");
		Instant now = this.clock.instant();
		sweepSometimes(now);
		return this.counters.compute(key, (k, existing) -> (existing == null || now.isAfter(existing.expiresAt))
				? new Counter(1, expiresAt) : new Counter(existing.count + 1, existing.expiresAt)).count;
	}

	@Override
	public void decrement(String key) {
		Assert.hasText(key, "key cannot be empty");
		Instant now = this.clock.instant();
		this.counters.computeIfPresent(key, (k, existing) -> now.isAfter(existing.expiresAt) ? null
				: new Counter(Math.max(0, existing.count - 1), existing.expiresAt));
	}

	@Override
	public void putOutcome(String key, String value, Instant expiresAt) {
		Assert.hasText(key, "key cannot be empty");
		Assert.notNull(value, "value cannot be null");
		Assert.notNull(expiresAt, "expiresAt cannot be null");
		sweepSometimes(this.clock.instant());
		this.outcomes.put(key, new Outcome(value, expiresAt));
	}

	@Override
	public @Nullable String findOutcome(String key) {
		Outcome outcome = this.outcomes.get(key);
		return (outcome != null && !this.clock.instant().isAfter(outcome.expiresAt)) ? outcome.value : null;
	}

	/** Returns the number of records and counters held, live or not yet swept. */
	public int size() {
		return this.used.size() + this.counters.size() + this.outcomes.size();
	}

	private void sweepSometimes(Instant now) {
		if (this.writes.incrementAndGet() % SWEEP_EVERY == 0) {
			this.used.values().removeIf(now::isAfter);
			this.counters.values().removeIf((counter) -> now.isAfter(counter.expiresAt));
			this.outcomes.values().removeIf((outcome) -> now.isAfter(outcome.expiresAt));
		}
	}

	private record Counter(long count, Instant expiresAt) {
	}

	private record Outcome(String value, Instant expiresAt) {
	}

}
