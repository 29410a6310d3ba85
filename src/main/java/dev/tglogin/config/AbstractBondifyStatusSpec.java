package dev.tglogin.config;

import java.time.Duration;
import java.util.concurrent.Executor;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

import dev.tglogin.bondify.BondifyProtocol;
import dev.tglogin.web.bondify.BondifyLoginFilter;

/**
 * The settings of the Bondify status endpoint behind {@link TelegramLoginConfigurer.BondifySpec}: the advertised poll
 * interval, the pace of upstream status calls, long-polling and its caps, and the executor of the background checks.
 * Generic in the spec's own type so that chained calls keep returning the public spec.
 *
 * @param <S> the public spec type
 */
abstract class AbstractBondifyStatusSpec<S extends AbstractBondifyStatusSpec<S>> {

	private Duration pollInterval = BondifyProtocol.POLL_INTERVAL;

	private @Nullable Duration upstreamPollInterval;

	private Duration longPollMaxWait = Duration.ofSeconds(BondifyLoginFilter.MAX_WAIT_SECONDS);

	private int maxConcurrentStatusCalls = BondifyLoginFilter.DEFAULT_MAX_CONCURRENT_STATUS_CALLS;

	private int maxHeldPolls = BondifyLoginFilter.DEFAULT_MAX_HELD_POLLS;

	private int maxHeldPollsPerSession = BondifyLoginFilter.DEFAULT_MAX_HELD_POLLS_PER_SESSION;

	private int maxHeldPollsPerAddress = BondifyLoginFilter.DEFAULT_MAX_HELD_POLLS_PER_ADDRESS;

	private @Nullable Executor statusExecutor;

	AbstractBondifyStatusSpec() {
	}

	/**
	 * Sets the poll interval advertised to browsers. Defaults to 2 seconds, Bondify's documented interval.
	 * @param pollInterval the interval
	 * @return this
	 */
	public S pollInterval(Duration pollInterval) {
		Assert.isTrue(pollInterval != null && pollInterval.toMillis() >= 500, "pollInterval must be at least 500ms");
		this.pollInterval = pollInterval;
		return self();
	}

	/**
	 * Sets the least time between two Bondify status calls of one pending login, however many tabs or requests
	 * poll it (within it a poll gets the last answer). Defaults to the poll interval; zero lets every poll that
	 * finds no call in flight make one.
	 * @param upstreamPollInterval the interval
	 * @return this
	 */
	public S upstreamPollInterval(Duration upstreamPollInterval) {
		Assert.isTrue(upstreamPollInterval != null && !upstreamPollInterval.isNegative(),
				"upstreamPollInterval cannot be negative");
		this.upstreamPollInterval = upstreamPollInterval;
		return self();
	}

	/**
	 * Sets the longest time a status request may wait for a change ({@code waitSeconds}, long-poll); advertised
	 * to browsers in the start answer as {@code maxWaitSeconds}. Defaults to 25 seconds, the most allowed;
	 * zero turns long-polling off.
	 * @param longPollMaxWait the longest wait, whole seconds
	 * @return this
	 */
	public S longPollMaxWait(Duration longPollMaxWait) {
		Assert.isTrue(longPollMaxWait != null && !longPollMaxWait.isNegative()
				&& longPollMaxWait.toSeconds() <= BondifyLoginFilter.MAX_WAIT_SECONDS,
				"longPollMaxWait must be between 0 and " + BondifyLoginFilter.MAX_WAIT_SECONDS + " seconds");
		this.longPollMaxWait = longPollMaxWait;
		return self();
	}

	/**
	 * Sets how many Bondify status calls may be in flight at once, over all pending logins; beyond that a poll
	 * gets its login's last answer (429 with {@code Retry-After: 1} when there is none yet). Defaults to 1000.
	 * @param maxConcurrentStatusCalls at least 1
	 * @return this
	 */
	public S maxConcurrentStatusCalls(int maxConcurrentStatusCalls) {
		Assert.isTrue(maxConcurrentStatusCalls > 0, "maxConcurrentStatusCalls must be positive");
		this.maxConcurrentStatusCalls = maxConcurrentStatusCalls;
		return self();
	}

	/**
	 * Caps the status requests held open by long-polling: in total, per browser session and per client address;
	 * beyond a cap a request is answered at once with the current state. Defaults to 10000, 3 and 100.
	 * @param total most held at once ({@code 0}: never hold)
	 * @param perSession most held for one browser session
	 * @param perAddress most held for one client address
	 * @return this
	 */
	public S longPollMaxHeld(int total, int perSession, int perAddress) {
		Assert.isTrue(total >= 0 && perSession >= 0 && perAddress >= 0, "long-poll caps cannot be negative");
		this.maxHeldPolls = total;
		this.maxHeldPollsPerSession = perSession;
		this.maxHeldPollsPerAddress = perAddress;
		return self();
	}

	/**
	 * Sets the executor the status endpoint's background checks and long-poll ticks run on (they may read the store),
	 * and that of the Bondify HTTP client built from the settings when it is the JDK's (its work and the handling of
	 * every answer: short tasks that never block; Jetty's client has threads of its own). It must hand tasks to threads
	 * of its own (a pool), not run them on the caller. Defaults
	 * to small pools of daemon threads of the library's own; Spring Boot passes its {@code applicationTaskExecutor}.
	 * @param statusExecutor the executor
	 * @return this
	 */
	public S statusExecutor(Executor statusExecutor) {
		Assert.notNull(statusExecutor, "statusExecutor cannot be null");
		this.statusExecutor = statusExecutor;
		return self();
	}

	@Nullable Executor statusExecutor() {
		return this.statusExecutor;
	}

	Duration pollInterval() {
		return this.pollInterval;
	}

	Duration upstreamPollInterval() {
		return (this.upstreamPollInterval != null) ? this.upstreamPollInterval : this.pollInterval;
	}

	int longPollMaxWaitSeconds() {
		return (int) this.longPollMaxWait.toSeconds();
	}

	int maxConcurrentStatusCalls() {
		return this.maxConcurrentStatusCalls;
	}

	int maxHeldPolls() {
		return this.maxHeldPolls;
	}

	int maxHeldPollsPerSession() {
		return this.maxHeldPollsPerSession;
	}

	int maxHeldPollsPerAddress() {
		return this.maxHeldPollsPerAddress;
	}

	@SuppressWarnings("unchecked")
	final S self() {
		return (S) this;
	}

}
