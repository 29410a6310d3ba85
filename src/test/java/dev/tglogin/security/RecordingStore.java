package dev.tglogin.security;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.tglogin.store.InMemoryTelegramLoginStore;
import dev.tglogin.store.TelegramLoginStore;

/** The in-memory store, recording every key it is given, to check that no personal data is a key in clear. */
final class RecordingStore implements TelegramLoginStore {

	private final InMemoryTelegramLoginStore delegate = new InMemoryTelegramLoginStore();

	final List<String> keys = new CopyOnWriteArrayList<>();

	@Override
	public boolean useOnce(String key, Instant expiresAt) {
		this.keys.add(key);
		return this.delegate.useOnce(key, expiresAt);
	}

	@Override
	public void release(String key) {
		this.delegate.release(key);
	}

	@Override
	public long increment(String key, Instant expiresAt) {
		this.keys.add(key);
		return this.delegate.increment(key, expiresAt);
	}

	@Override
	public void decrement(String key) {
		this.keys.add(key);
		this.delegate.decrement(key);
	}

	@Override
	public void putOutcome(String key, String value, Instant expiresAt) {
		this.keys.add(key);
		this.delegate.putOutcome(key, value, expiresAt);
	}

	@Override
	public String findOutcome(String key) {
		this.keys.add(key);
		return this.delegate.findOutcome(key);
	}

}
