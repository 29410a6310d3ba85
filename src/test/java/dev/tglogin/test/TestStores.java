package dev.tglogin.test;

import java.time.Clock;

import dev.tglogin.store.InMemoryTelegramLoginStore;

/**
 * Stores for tests.
 */
public final class TestStores {

	private TestStores() {
	}

	/**
	 * An in-memory store on the test's clock (not the machine's), so that what the code under test writes expires
	 * when the test says.
	 */
	public static InMemoryTelegramLoginStore inMemory(Clock clock) {
		InMemoryTelegramLoginStore store = new InMemoryTelegramLoginStore();
		store.setClock(clock);
		return store;
	}

}
