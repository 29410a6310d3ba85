package dev.tglogin.store;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The small store for state that must be shared beyond one HTTP session: single-use records (a proof or a Bondify
 * session may complete a login once), counters (OTP attempts, and the fixed-window throttle counters of
 * {@code dev.tglogin.web.throttle.LoginThrottle}) and outcomes (verified webhook events).
 * <p>
 * Keys are made by the library from hashes ({@link StoreKeys}), never from tokens in clear. Implementations must be
 * thread-safe and atomic: the in-memory default ({@link InMemoryTelegramLoginStore}) for one instance, a shared one
 * (JDBC) for several instances behind a load balancer.
 */
public interface TelegramLoginStore {

	/**
	 * Records a key as used until the given instant, atomically.
	 * @param key the key (a namespaced hash)
	 * @param expiresAt until when the record must be kept (after it, the thing it guards is dead anyway)
	 * @return {@code true} the first time a live key is recorded, {@code false} if it already was
	 */
	boolean useOnce(String key, Instant expiresAt);

	/**
	 * Takes back a record made by {@link #useOnce(String, Instant)} whose use could not be completed for a transient
	 * reason (the app's user mapper could not reach its database, say), so the same login can be retried. The
	 * default does nothing: with a store that cannot take records back, such a login has to start again.
	 * @param key the key given to {@code useOnce}
	 */
	default void release(String key) {
	}

	/**
	 * Adds one to a counter, atomically, and returns the new count. A counter that does not exist or has expired
	 * starts again at one and lives until the given instant (later increments do not extend it): a fixed window.
	 * @param key the key (a namespaced hash)
	 * @param expiresAt when a new counter ends
	 * @return the count including this increment
	 */
	long increment(String key, Instant expiresAt);

	/**
	 * Takes back one increment of a live counter, atomically (for an attempt that was reserved but could not be
	 * judged, such as an OTP check that failed upstream). Does nothing when the counter is absent or expired.
	 * @param key the key
	 */
	void decrement(String key);

	/**
	 * Records an outcome (for example a verified webhook event) under a key until the given instant, replacing any
	 * earlier value: repeated deliveries of the same event are harmless.
	 * @param key the key (a namespaced hash)
	 * @param value the value (small, no secrets)
	 * @param expiresAt until when it is kept
	 */
	void putOutcome(String key, String value, Instant expiresAt);

	/**
	 * Returns the live outcome recorded under a key.
	 * @param key the key
	 * @return the value, or {@code null} when none is recorded or it has expired
	 */
	@Nullable
	String findOutcome(String key);

}
