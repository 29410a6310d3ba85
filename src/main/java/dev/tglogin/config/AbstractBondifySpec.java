package dev.tglogin.config;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

import dev.tglogin.bondify.BondifyClient;
import dev.tglogin.bondify.BondifyProofVerifier;
import dev.tglogin.bondify.BondifyProtocol;
import dev.tglogin.bondify.BondifyStatusPoller;
import dev.tglogin.bondify.BondifyWebhookVerifier;

/**
 * The settings behind {@link TelegramLoginConfigurer.BondifySpec}: the DSL methods and what they set, read by
 * {@link BondifyLoginConfigurer}: the credentials, the collaborators and the webhook; the status endpoint's settings
 * are {@link AbstractBondifyStatusSpec}'s. Generic in the spec's own type so that chained calls keep returning the
 * public spec.
 *
 * @param <S> the public spec type
 */
abstract class AbstractBondifySpec<S extends AbstractBondifySpec<S>> extends AbstractBondifyStatusSpec<S> {

	private @Nullable String projectId;

	private byte @Nullable [] secret;

	private final List<byte[]> additionalSecrets = new ArrayList<>();

	private String baseUrl = BondifyProtocol.DEFAULT_BASE_URL;

	private boolean webhook;

	private Duration webhookFallbackCheckInterval = BondifyStatusPoller.DEFAULT_WEBHOOK_FALLBACK_CHECK_INTERVAL;

	private boolean proofWithoutPendingLogin;

	private @Nullable BondifyWebhookVerifier webhookVerifier;

	private @Nullable BondifyClient client;

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

}
