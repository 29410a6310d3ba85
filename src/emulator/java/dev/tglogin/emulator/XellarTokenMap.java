package dev.tglogin.emulator;

import java.time.Instant;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;

import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;

/**
 * The Xellar emulator's live tokens of one kind (verification, access, refresh, wallet tokens or secret0 links), by
 * token, in creation order. Every entry of one map has the same lifetime, so creation order is also expiry order:
 * {@link #purge(Instant)} stops at the first live entry. At most a maximum number is kept; the oldest is evicted
 * beyond it, so memory stays bounded.
 * <p>
 * This class is not thread-safe: the emulator guards it with its lock.
 * @param <V> what a token stands for
 */
final class XellarTokenMap<V extends XellarTokenMap.Expiring> {

	private final int maxTokens;

	private final LinkedHashMap<String, V> tokens = new LinkedHashMap<>();

	/**
	 * @param maxTokens most tokens kept
	 */
	XellarTokenMap(int maxTokens) {
		Assert.isTrue(maxTokens >= 1, "maxTokens must be at least 1");
		this.maxTokens = maxTokens;
	}

	/**
	 * Adds a token, evicting the oldest when full.
	 * @param token the token
	 * @param value what it stands for
	 */
	void put(String token, V value) {
		while (this.tokens.size() >= this.maxTokens) {
			Iterator<V> oldest = this.tokens.values().iterator();
			oldest.next();
			oldest.remove();
		}
		this.tokens.put(token, value);
	}

	/** @return what the token stands for, or {@code null} for an unknown (or purged) token */
	@Nullable V get(@Nullable String token) {
		return (token != null) ? this.tokens.get(token) : null;
	}

	/** @return what the removed token stood for, or {@code null} for an unknown (or purged) token */
	@Nullable V remove(@Nullable String token) {
		return (token != null) ? this.tokens.remove(token) : null;
	}

	/** @return the live entries, oldest first (a view: do not keep it beyond the lock) */
	Collection<V> values() {
		return this.tokens.values();
	}

	/** @return how many tokens are kept */
	int size() {
		return this.tokens.size();
	}

	/**
	 * Drops the tokens expired at {@code now}.
	 * @param now the current time
	 */
	void purge(Instant now) {
		for (Iterator<V> it = this.tokens.values().iterator(); it.hasNext();) {
			if (now.isBefore(it.next().expiresAt())) {
				break; // expiry order: the rest are live
			}
			it.remove();
		}
	}

	/** What a token stands for: it expires. */
	interface Expiring {

		/** @return when the token expires */
		Instant expiresAt();

	}

}
