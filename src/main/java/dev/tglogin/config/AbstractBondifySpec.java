package dev.tglogin.config;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

import dev.tglogin.bondify.BondifyClient;
import dev.tglogin.bondify.BondifyProofVerifier;
import dev.tglogin.bondify.BondifyProtocol;
import dev.tglogin.bondify.BondifyStatusPoller;
import dev.tglogin.bondify.BondifyWebhookVerifier;
import dev.tglogin.web.BondifyLoginFilter;

/**
 * The settings behind {@link TelegramLoginConfigurer.BondifySpec}: the DSL methods and what they set, read by
 * {@link BondifyLoginConfigurer}. Generic in the spec's own type so that chained calls keep returning the public spec.
 *
 * @param <S> the public spec type
 */
abstract class AbstractBondifySpec<S extends AbstractBondifySpec<S>> {

	private @Nullable String projectId;

	private byte @Nullable [] secret;

	private final List<byte[]> additionalSecrets = new ArrayList<>();

	private String baseUrl = BondifyProtocol.DEFAULT_BASE_URL;

	private Duration pollInterval = BondifyProtocol.POLL_INTERVAL;

	private boolean webhook;

	private Duration webhookFallbackCheckInterval = BondifyStatusPoller.DEFAULT_WEBHOOK_FALLBACK_CHECK_INTERVAL;

	private @Nullable Duration upstreamPollInterval;

	private Duration longPollMaxWait = Duration.ofSeconds(BondifyLoginFilter.MAX_WAIT_SECONDS);

	private int maxConcurrentStatusCalls = BondifyLoginFilter.DEFAULT_MAX_CONCURRENT_STATUS_CALLS;

	private int maxHeldPolls = BondifyLoginFilter.DEFAULT_MAX_HELD_POLLS;

	private int maxHeldPollsPerSession = BondifyLoginFilter.DEFAULT_MAX_HELD_POLLS_PER_SESSION;

	private int maxHeldPollsPerAddress = BondifyLoginFilter.DEFAULT_MAX_HELD_POLLS_PER_ADDRESS;

	private boolean proofWithoutPendingLogin;

	private @Nullable BondifyWebhookVerifier webhookVerifier;

	private @Nullable BondifyClient client;

	private @Nullable Executor statusExecutor;

	private @Nullable BondifyProofVerifier verifier;

	AbstractBondifySpec() {
	}

	/**
	 * Sets the project id ({@code proj_...}).
	 * @param projectId the project id
	 * @return this
	 */
	public S projectId(String projectId) {
		Assert.hasText(projectId, "projectId cannot be empty");
		this.projectId = projectId;
		return self();
	}

	/**
	 * Sets the secret that signs proofs (UTF-8 bytes of the string), at least 32 bytes.
	 * @param secret the secret
	 * @return this
	 */
	public S secret(String secret) {
		Assert.hasText(secret, "secret cannot be empty");
		return secret(secret.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Sets the secret that signs proofs, at least 32 bytes.
	 * @param secret the secret
	 * @return this
	 */
	public S secret(byte[] secret) {
		Assert.notNull(secret, "secret cannot be null");
		this.secret = Arrays.copyOf(secret, secret.length);
		return self();
	}

	/**
	 * Sets more secrets whose proofs and webhooks are accepted too (UTF-8 bytes of each string): which of the
	 * project's secrets signs proofs is disputed upstream, and a previous secret stays valid while a new one is rolled
	 * out. Each at least 32 bytes. Defaults to none.
	 * @param secrets the secrets
	 * @return this
	 */
	public S additionalSecrets(String... secrets) {
		Assert.notNull(secrets, "secrets cannot be null");
		this.additionalSecrets.clear();
		for (String secret : secrets) {
			Assert.hasText(secret, "secrets cannot contain empty entries");
			this.additionalSecrets.add(secret.getBytes(StandardCharsets.UTF_8));
		}
		return self();
	}

	/**
	 * Sets Bondify's base URL. Defaults to {@value BondifyProtocol#DEFAULT_BASE_URL}.
	 * @param baseUrl the base URL
	 * @return this
	 */
	public S baseUrl(String baseUrl) {
		Assert.hasText(baseUrl, "baseUrl cannot be empty");
		this.baseUrl = baseUrl;
		return self();
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
	 * Whether {@code POST <base>/proof} accepts a proof when the browser has no pending Bondify login (a native
	 * client that generated the session and polled Bondify itself). Defaults to {@code false}: a proof then
	 * completes only the login the browser started. <strong>Risk:</strong> when on, whoever reads a session
	 * token off a deeplink or QR code and polls Bondify before the user's client does can log in as that user;
	 * turn it on only for clients that keep their session tokens to themselves. Proofs are throttled per
	 * session and per address.
	 * @param enabled whether to accept such proofs
	 * @return this
	 */
	public S proofWithoutPendingLogin(boolean enabled) {
		this.proofWithoutPendingLogin = enabled;
		return self();
	}

	/**
	 * Whether to accept Bondify webhooks at {@code POST <base>/webhook} (CSRF-exempt, authenticated by their
	 * {@code X-Bondify-Signature}) and let waiting browsers complete from them without polling: while a login is
	 * pending, Bondify is asked only by a slow fallback check ({@link #webhookFallbackCheckInterval}). Defaults to
	 * {@code false}.
	 * @param enabled whether webhooks are on
	 * @return this
	 */
	public S webhook(boolean enabled) {
		this.webhook = enabled;
		return self();
	}

	/**
	 * Sets the least time between two Bondify status calls of one pending login while webhooks are on: the fallback
	 * check in case a webhook is lost (the upstream poll interval when that is longer). Defaults to 15 seconds.
	 * @param interval the interval, positive
	 * @return this
	 */
	public S webhookFallbackCheckInterval(Duration interval) {
		Assert.isTrue(interval != null && interval.compareTo(Duration.ZERO) > 0,
				"webhookFallbackCheckInterval must be positive");
		this.webhookFallbackCheckInterval = interval;
		return self();
	}

	/**
	 * Uses the given webhook verifier instead of one built from the secret.
	 * @param webhookVerifier the verifier
	 * @return this
	 */
	public S webhookVerifier(BondifyWebhookVerifier webhookVerifier) {
		Assert.notNull(webhookVerifier, "webhookVerifier cannot be null");
		this.webhookVerifier = webhookVerifier;
		return self();
	}

	/**
	 * Sets the executor the status endpoint's background checks and long-poll ticks run on (they may read the store).
	 * Defaults to a small pool of daemon threads of the library's own; Spring Boot passes its
	 * {@code applicationTaskExecutor}.
	 * @param statusExecutor the executor
	 * @return this
	 */
	public S statusExecutor(Executor statusExecutor) {
		Assert.notNull(statusExecutor, "statusExecutor cannot be null");
		this.statusExecutor = statusExecutor;
		return self();
	}

	/**
	 * Uses the given client instead of one built from the settings.
	 * @param client the client
	 * @return this
	 */
	public S client(BondifyClient client) {
		Assert.notNull(client, "client cannot be null");
		this.client = client;
		return self();
	}

	/**
	 * Uses the given verifier instead of one built from the settings.
	 * @param verifier the verifier
	 * @return this
	 */
	public S verifier(BondifyProofVerifier verifier) {
		Assert.notNull(verifier, "verifier cannot be null");
		this.verifier = verifier;
		return self();
	}

	@Nullable Executor statusExecutor() {
		return this.statusExecutor;
	}

	@Nullable String projectId() {
		return this.projectId;
	}

	byte @Nullable [] secret() {
		return this.secret;
	}

	List<byte[]> additionalSecrets() {
		return List.copyOf(this.additionalSecrets);
	}

	String baseUrl() {
		return this.baseUrl;
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

	boolean proofWithoutPendingLogin() {
		return this.proofWithoutPendingLogin;
	}

	boolean webhook() {
		return this.webhook;
	}

	Duration webhookFallbackCheckInterval() {
		return this.webhookFallbackCheckInterval;
	}

	@Nullable BondifyWebhookVerifier webhookVerifier() {
		return this.webhookVerifier;
	}

	@Nullable BondifyClient client() {
		return this.client;
	}

	@Nullable BondifyProofVerifier verifier() {
		return this.verifier;
	}

	@SuppressWarnings("unchecked")
	private S self() {
		return (S) this;
	}

}
