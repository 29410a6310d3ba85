package dev.tglogin.emulator;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.util.Assert;

/**
 * Faults queued for the emulated endpoints, consumed one per request in the order they were queued.
 * <p>
 * Queue a fault with {@link #enqueue(String, Fault, int)} for an endpoint or {@value #ANY} (any endpoint); each
 * matching request consumes one occurrence with {@link #next(String)}. The endpoints are Bondify's {@value #GENERATE}
 * and {@value #VERIFY}, and Xellar's {@value #LOGIN}, {@value #VERIFY_OTP}, {@value #CREATE}, {@value #REFRESH} and
 * {@value #SIGN_MESSAGE}.
 * Each emulator has its own queue ({@link BondifyEmulator#faults()}, {@link XellarEmulator#faults()}), so
 * {@value #ANY} means any endpoint of that emulator. Out-of-process tests can do the same over HTTP: see
 * {@link EmulatorServlet}. This class is thread-safe.
 */
public final class EmulatorFaults {

	/** The Bondify generate endpoint. */
	public static final String GENERATE = "generate";

	/** The Bondify verify endpoint. */
	public static final String VERIFY = "verify";

	/** The Xellar Telegram OTP login endpoint. */
	public static final String LOGIN = "login";

	/** The Xellar OTP verify endpoint. */
	public static final String VERIFY_OTP = "verify-telegram";

	/** The Xellar wallet creation endpoint. */
	public static final String CREATE = "create";

	/** The Xellar token refresh endpoint. */
	public static final String REFRESH = "refresh";

	/** Xellar's wallet operation (sign-message). */
	public static final String SIGN_MESSAGE = "sign-message";

	/** Any endpoint. */
	public static final String ANY = "*";

	/** Most occurrences a single {@link #enqueue(String, Fault, int)} accepts. */
	public static final int MAX_TIMES = 10_000;

	private static final Set<String> ENDPOINTS = Set.of(GENERATE, VERIFY, LOGIN, VERIFY_OTP, CREATE, REFRESH,
			SIGN_MESSAGE, ANY);

	private final Object lock = new Object();

	private final List<Entry> queue = new ArrayList<>();

	/**
	 * Queues a fault.
	 * @param endpoint an endpoint such as {@value #VERIFY} or {@value #LOGIN}, or {@value #ANY}
	 * @param fault the fault
	 * @param times how many requests it applies to (1 to {@link #MAX_TIMES})
	 */
	public void enqueue(String endpoint, Fault fault, int times) {
		Assert.isTrue(endpoint != null && ENDPOINTS.contains(endpoint), "endpoint must be one of " + ENDPOINTS);
		Assert.notNull(fault, "fault cannot be null");
		Assert.isTrue(times >= 1 && times <= MAX_TIMES, "times must be between 1 and " + MAX_TIMES);
		synchronized (this.lock) {
			this.queue.add(new Entry(endpoint, fault, times));
		}
	}

	/** Removes all queued faults. */
	public void clear() {
		synchronized (this.lock) {
			this.queue.clear();
		}
	}

	/**
	 * Consumes the oldest queued fault that applies to an endpoint.
	 * @param endpoint the endpoint being called, such as {@value #VERIFY}
	 * @return the fault, or empty to answer normally
	 */
	public Optional<Fault> next(String endpoint) {
		Assert.hasText(endpoint, "endpoint cannot be empty");
		synchronized (this.lock) {
			for (Iterator<Entry> it = this.queue.iterator(); it.hasNext();) {
				Entry entry = it.next();
				if (entry.endpoint.equals(ANY) || entry.endpoint.equals(endpoint)) {
					entry.remaining--;
					if (entry.remaining == 0) {
						it.remove();
					}
					return Optional.of(entry.fault);
				}
			}
			return Optional.empty();
		}
	}

	private static final class Entry {

		private final String endpoint;

		private final Fault fault;

		private int remaining;

		private Entry(String endpoint, Fault fault, int remaining) {
			this.endpoint = endpoint;
			this.fault = fault;
			this.remaining = remaining;
		}

	}

}
