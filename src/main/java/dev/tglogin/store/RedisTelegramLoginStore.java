package dev.tglogin.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.RedisOperations;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.util.Assert;

/**
 * {@link TelegramLoginStore} in Redis, shared by all instances of the app (where Spring Session Data Redis users
 * already keep their sessions): single-use records, fixed-window counters and outcomes, each a Redis string under
 * {@code <prefix>used:<key>}, {@code <prefix>count:<key>} or {@code <prefix>outcome:<key>} (three namespaces, as the
 * JDBC store has three tables), and leases under {@code <prefix>lease:<key>}, that Redis itself expires.
 * <p>
 * Every operation is one atomic Redis command or script, never read-then-write: single use and a lease are {@code SET NX PX}, a
 * counter is {@code INCR} with the window's {@code PEXPIRE} set by the same script when the count starts at one (so a
 * counter can never be left without an expiry), taking an increment back is a script that never goes below zero, an
 * outcome is {@code SET PX}. Records live for the time from this store's clock to the given instant, at least one
 * millisecond, measured by the Redis server from then on; nothing needs cleaning up.
 * <p>
 * Uses Spring Data Redis' {@link RedisOperations} (a {@link StringRedisTemplate}; {@code spring-data-redis} is an
 * optional dependency of the library). This class is thread-safe.
 */
public final class RedisTelegramLoginStore implements TelegramLoginStore {

	/** The default key prefix: {@value}. */
	public static final String DEFAULT_KEY_PREFIX = "tglogin:";

	private static final String USED = "used:";

	private static final String COUNT = "count:";

	private static final String OUTCOME = "outcome:";

	private static final String LEASE = "lease:";

	private static final RedisScript<Long> INCREMENT = RedisScript.of("""
			local count = redis.call('INCR', KEYS[1])
			if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
			return count""", Long.class);

	private static final RedisScript<Long> DECREMENT = RedisScript.of("""
			local count = tonumber(redis.call('GET', KEYS[1]))
			if count and count > 0 then return redis.call('DECR', KEYS[1]) end
			return 0""", Long.class);

	private final RedisOperations<String, String> redis;

	private String keyPrefix = DEFAULT_KEY_PREFIX;

	private Clock clock = Clock.systemUTC();

	/**
	 * Creates the store.
	 * @param redis the shared Redis, through Spring Data Redis' {@code RedisOperations} with string keys and values
	 * (a {@code StringRedisTemplate})
	 */
	public RedisTelegramLoginStore(RedisOperations<String, String> redis) {
		Assert.notNull(redis, "redis cannot be null");
		this.redis = redis;
	}

	/**
	 * Creates the store on a {@link StringRedisTemplate} of the given connection factory.
	 * @param connectionFactory the shared Redis
	 */
	public RedisTelegramLoginStore(RedisConnectionFactory connectionFactory) {
		this(template(connectionFactory));
	}

	private static StringRedisTemplate template(RedisConnectionFactory connectionFactory) {
		Assert.notNull(connectionFactory, "connectionFactory cannot be null");
		return new StringRedisTemplate(connectionFactory);
	}

	/**
	 * Sets the prefix of every key this store writes, so that several apps can share one Redis. Defaults to
	 * {@value #DEFAULT_KEY_PREFIX}.
	 * @param keyPrefix the prefix (may be empty)
	 */
	public void setKeyPrefix(String keyPrefix) {
		Assert.notNull(keyPrefix, "keyPrefix cannot be null");
		this.keyPrefix = keyPrefix;
	}

	/** Sets the clock the given expiry instants are measured from. Defaults to the system UTC clock. */
	public void setClock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
	}

	@Override
	public boolean useOnce(String key, Instant expiresAt) {
		Boolean first = this.redis.opsForValue().setIfAbsent(redisKey(USED, key), "1", timeToLive(expiresAt));
		return Boolean.TRUE.equals(first);
	}

	/** A lease is {@code SET NX PX} under {@code <prefix>lease:<key>}. */
	@Override
	public boolean tryLease(String key, Instant expiresAt) {
		Boolean taken = this.redis.opsForValue().setIfAbsent(redisKey(LEASE, key), "1", timeToLive(expiresAt));
		return Boolean.TRUE.equals(taken);
	}

	@Override
	public void release(String key) {
		this.redis.delete(redisKey(USED, key));
	}

	@Override
	public long increment(String key, Instant expiresAt) {
		Long count = this.redis.execute(INCREMENT, List.of(redisKey(COUNT, key)),
				Long.toString(timeToLive(expiresAt).toMillis()));
		Assert.state(count != null, "Redis answered no count");
		return count;
	}

	@Override
	public void decrement(String key) {
		this.redis.execute(DECREMENT, List.of(redisKey(COUNT, key)));
	}

	@Override
	public void putOutcome(String key, String value, Instant expiresAt) {
		Assert.notNull(value, "value cannot be null");
		this.redis.opsForValue().set(redisKey(OUTCOME, key), value, timeToLive(expiresAt));
	}

	@Override
	public @Nullable String findOutcome(String key) {
		return this.redis.opsForValue().get(redisKey(OUTCOME, key));
	}

	private String redisKey(String namespace, String key) {
		Assert.hasText(key, "key cannot be empty");
		return this.keyPrefix + namespace + key;
	}

	private Duration timeToLive(Instant expiresAt) {
		Assert.notNull(expiresAt, "expiresAt cannot be null");
		Duration ttl = Duration.between(this.clock.instant(), expiresAt);
		return (ttl.toMillis() < 1) ? Duration.ofMillis(1) : ttl;
	}

}
