package dev.tglogin.bondify;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A Bondify client whose status calls the test completes, recording the token and thread of each. */
final class ManualBondifyClient extends StatusOnlyBondifyClient {

	final List<CompletableFuture<BondifyStatus>> calls = new java.util.concurrent.CopyOnWriteArrayList<>();

	final List<String> tokens = new ArrayList<>();

	final List<String> threads = new java.util.concurrent.CopyOnWriteArrayList<>();

	/** The tokens whose calls are answered {@code pending} at once, before the call returns (a fast upstream). */
	final java.util.Set<String> answeredAtOnce = java.util.concurrent.ConcurrentHashMap.newKeySet();

	@Override
	public synchronized CompletableFuture<BondifyStatus> statusAsync(String sessionToken) {
		CompletableFuture<BondifyStatus> call = new CompletableFuture<>();
		this.tokens.add(sessionToken);
		this.threads.add(Thread.currentThread().getName());
		this.calls.add(call);
		if (this.answeredAtOnce.contains(sessionToken)) {
			call.complete(BondifyStatus.PENDING);
		}
		return call;
	}

	void awaitCalls(int count) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while (this.calls.size() < count && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
		assertThat(this.calls).hasSizeGreaterThanOrEqualTo(count);
	}

}
