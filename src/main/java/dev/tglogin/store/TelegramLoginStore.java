package dev.tglogin.store;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The small store for state that must be shared beyond one HTTP session: single-use records (a proof or a Bondify
 * session may complete a login once), counters (OTP attempts, and the fixed-window throttle counters of
 * {@code dev.tglogin.web.throttle.LoginThrottle}), outcomes (verified webhook events, decisive status answers) and
 * short leases (which instance checks a pending login upstream).
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
	 * Takes a short lease on a key until the given instant, atomically: of several instances that ask for the same
	 * live lease, one gets it. The status endpoint takes one per pending login and check interval, so that instances
	 * sharing the store make at most one upstream status check per login per interval between them. A lease cannot
	 * be renewed or given back: it ends at its instant, and the next caller after it gets a new one.
	 * <p>
	 * The default is {@link #useOnce(String, Instant)}, which is exactly that for any store whose single-use records
	 * are atomic: in memory for one instance, the shared table or keys for several. A store that cannot take leases
	 * may answer {@code true} always (each instance then checks on its own).
	 * @param key the key (a namespaced hash)
	 * @param expiresAt when the lease ends
	 * @return {@code true} when the caller holds the lease now, {@code false} when another caller holds it
	 */
	default boolean tryLease(String key, Instant expiresAt) {
		return useOnce(key, expiresAt);
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
	 * earlier value: repeated deliveries of the same event are harmless. A value may be a short-lived credential (a
	 * Bondify proof one instance got, for the browser whose next poll lands on another instance, kept no longer than
	 * the proof's {@code exp}): implementations must never log or expose values.
	 * @param key the key (a namespaced hash)
	 * @param value the value (small, at most 4000 characters)
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
