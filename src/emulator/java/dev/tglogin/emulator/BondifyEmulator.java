package dev.tglogin.emulator;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.util.Assert;

/**
 * A local, in-memory emulation of Bondify's public login API, for development and tests only.
 * <p>
 * It behaves like the real service as documented: {@link #generate(String, String)} creates a session that lives
 * {@link BondifyWire#SESSION_LIFETIME} (configurable here for tests); {@link #verify(String, String)} answers
 * {@code pending}, then after {@link #confirm(String, EmulatedTelegramUser)} answers {@code confirmed} with an HS256
 * proof JWT exactly once and {@code used} afterwards; {@link #cancel(String)} leads to {@code cancelled}; a session
 * that is past its expiry without a delivered confirmation answers {@code expired}. Proofs are signed with
 * {@link #secret()}, a random secret made at construction unless one is given, so the library under test must be
 * configured with it. Sessions are purged once expired for twice the session lifetime (then verify answers 404
 * {@value BondifyWire#SESSION_EXPIRED}), and at most {@value #MAX_SESSIONS} are kept, so memory stays bounded. Errors
 * carry Bondify's codes: a wrong project 404 {@value BondifyWire#PROJECT_NOT_FOUND}, public access off 403
 * {@value BondifyWire#PUBLIC_ACCESS_DISABLED}, an inactive project 403 {@value BondifyWire#PROJECT_INACTIVE}. With a
 * {@link Builder#webhookUrl(Supplier) webhook URL} every confirmation and cancellation is also sent to the app as a
 * signed webhook, with Bondify's retries.
 * <p>
 * Answers are {@link BondifyAnswer} records, which {@link BondifyBodies} writes as Bondify's JSON; the sessions' life
 * cycle is {@link BondifySessions}', the proofs {@link BondifyProofSigner}'s.
 * <p>
 * HTTP access, the emulated Telegram page and fault injection are in {@link EmulatorServlet}. Never use this in
 * production: anyone who can reach it can confirm any login. A warning is logged at construction.
 * <p>
 * This class is thread-safe.
 */
public final class BondifyEmulator {

	/** The default project id. */
	public static final String DEFAULT_PROJECT_ID = "proj_emulator";

	/** Most sessions kept in memory; the oldest is evicted beyond this. */
	public static final int MAX_SESSIONS = 10_000;

	/** Minimum secret length for HS256. */
	private static final int MIN_SECRET_BYTES = 32;

	private static final Log logger = LogFactory.getLog(BondifyEmulator.class);

	private final String projectId;

	private final byte[] secret;

	private final Clock clock;

	private final BondifyProofSigner proofs;

	private final EmulatorFaults faults = new EmulatorFaults();

	private final boolean publicAccess;

	private final boolean projectActive;

	private final @Nullable WebhookSender webhooks;

	private final BondifySessions sessions;

	private BondifyEmulator(Builder builder, SecureRandom random) {
		this.projectId = builder.projectId;
		this.secret = (builder.secret != null) ? builder.secret.clone() : Tokens.randomBytes(random, MIN_SECRET_BYTES);
		this.sessions = new BondifySessions(builder.sessionLifetime, MAX_SESSIONS, random);
		this.clock = builder.clock;
		this.publicAccess = builder.publicAccess;
		this.projectActive = builder.projectActive;
		this.webhooks = (builder.webhookUrl != null)
				? new WebhookSender(this.secret, builder.webhookUrl, builder.webhookDelay, builder.webhookRetryDelay)
				: null;
		this.proofs = new BondifyProofSigner(this.secret, this.projectId, builder.proofLifetime);
		String nl = System.lineSeparator();
		logger.warn(nl + "****************************************************************************" + nl
				+ "* tglogin EMULATOR IS ON: Bondify logins are emulated locally for project" + nl
				+ "* '" + this.projectId + "'. Proofs are signed with the emulator's own secret and anyone" + nl
				+ "* who can reach the emulator can confirm any login." + nl
				+ "* Development and tests only: NEVER use it in production." + nl
				+ "****************************************************************************");
	}

	/** @return a builder with the defaults described on each of its methods */
	public static Builder builder() {
		return new Builder();
	}

	/** @return a copy of the HS256 secret that signs proofs: configure the library under test with it */
	public byte[] secret() {
		return this.secret.clone();
	}

	/** @return the only project id this emulator knows */
	public String projectId() {
		return this.projectId;
	}

	/** @return the fault queue {@link EmulatorServlet} consults before answering */
	public EmulatorFaults faults() {
		return this.faults;
	}

	/**
	 * Creates a pending login session, like {@code POST} {@link BondifyWire#GENERATE_PATH}.
	 * @param projectId the project id sent by the client
	 * @param deeplinkBase the URL the deeplink points to, without query (the real service uses
	 * {@code https://t.me/<bot>}); {@code ?start=<session_token>} is appended
	 * @return the new session's token, deeplink and expiry (answered as {@code session_token}, {@code deeplink} and
	 * {@code expires_at} in Unix milliseconds)
	 * @throws EmulatorException 404 {@code PROJECT_NOT_FOUND} for another project id
	 */
	public BondifyAnswer.Generated generate(String projectId, String deeplinkBase) {
		checkProject(projectId);
		Assert.hasText(deeplinkBase, "deeplinkBase cannot be empty");
		BondifyAnswer.Generated generated = this.sessions.create(this.clock.instant(), deeplinkBase);
		if (logger.isInfoEnabled()) {
			logger.info("Emulated Bondify session generated [" + Tokens.fingerprint(generated.sessionToken()) + "]");
		}
		return generated;
	}

	/**
	 * Reads a session's status, like {@code POST} {@link BondifyWire#VERIFY_PATH}.
	 * <p>
	 * {@link BondifyAnswer.Pending} until confirmed or cancelled; the first call after a confirmation answers
	 * {@link BondifyAnswer.Confirmed} with the user, the confirmation time and the proof, and marks the session used;
	 * later calls answer {@link BondifyAnswer.Used}. A cancelled session answers {@link BondifyAnswer.Cancelled}; a
	 * session past its expiry (other than a used one) answers {@link BondifyAnswer.Expired}.
	 * @param projectId the project id sent by the client
	 * @param sessionToken the session token sent by the client
	 * @return the session's status
	 * @throws EmulatorException 404 {@code PROJECT_NOT_FOUND} for another project id, 404 {@code SESSION_EXPIRED}
	 * for an unknown (or purged) session token
	 */
	public BondifyAnswer.Status verify(String projectId, String sessionToken) {
		checkProject(projectId);
		BondifyAnswer.Status status = this.sessions.status(sessionToken, this.clock.instant(), this.proofs);
		if (status instanceof BondifyAnswer.Confirmed && logger.isInfoEnabled()) {
			logger.info("Emulated Bondify proof delivered [" + Tokens.fingerprint(sessionToken) + "]");
		}
		return status;
	}

	/**
	 * Confirms a pending session as a Telegram user would in the bot.
	 * @param sessionToken the session token
	 * @param user the confirming Telegram user
	 * @throws EmulatorException 404 {@code SESSION_EXPIRED} for an unknown token, 409
	 * {@value EmulatorException#CODE_SESSION_NOT_PENDING} when the session is not pending any more
	 */
	public void confirm(String sessionToken, EmulatedTelegramUser user) {
		Assert.notNull(user, "user cannot be null");
		Instant now = this.clock.instant();
		this.sessions.confirm(sessionToken, user, now);
		if (this.webhooks != null) {
			this.webhooks.send(BondifyBodies.confirmedEvent(sessionToken, user, now));
		}
		if (logger.isInfoEnabled()) {
			logger.info("Emulated Bondify session confirmed [" + Tokens.fingerprint(sessionToken) + "]");
		}
	}

	/**
	 * Cancels a pending session as a Telegram user would in the bot.
	 * @param sessionToken the session token
	 * @throws EmulatorException 404 {@code SESSION_EXPIRED} for an unknown token, 409
	 * {@value EmulatorException#CODE_SESSION_NOT_PENDING} when the session is not pending any more
	 */
	public void cancel(String sessionToken) {
		Instant now = this.clock.instant();
		this.sessions.cancel(sessionToken, now);
		if (this.webhooks != null) {
			this.webhooks.send(BondifyBodies.cancelledEvent(sessionToken, now));
		}
		if (logger.isInfoEnabled()) {
			logger.info("Emulated Bondify session cancelled [" + Tokens.fingerprint(sessionToken) + "]");
		}
	}

	/** @return how many webhook deliveries were attempted, retries included (zero without webhooks) */
	public int webhookAttempts() {
		return (this.webhooks != null) ? this.webhooks.attempts() : 0;
	}

	/** @return how many webhooks the app answered 2xx (zero without webhooks) */
	public int webhooksDelivered() {
		return (this.webhooks != null) ? this.webhooks.delivered() : 0;
	}

	/** @return whether no webhook delivery is waiting or running (always without webhooks) */
	public boolean webhooksIdle() {
		return this.webhooks == null || this.webhooks.isIdle();
	}

	/**
	 * @param sessionToken a session token
	 * @return how many status calls of the session the emulator answered (zero when unknown or purged)
	 */
	public int statusCalls(String sessionToken) {
		return this.sessions.statusCalls(sessionToken);
	}

	/** @return a snapshot of the sessions still in memory, newest first */
	public List<SessionView> sessions() {
		return this.sessions.views(this.clock.instant());
	}

	/**
	 * @param sessionToken a session token
	 * @return a snapshot of that session, or empty when unknown or purged
	 */
	public Optional<SessionView> session(String sessionToken) {
		return this.sessions.view(sessionToken, this.clock.instant());
	}

	private void checkProject(String projectId) {
		if (!this.projectId.equals(projectId)) {
			throw new EmulatorException(404, BondifyWire.PROJECT_NOT_FOUND, "Project not found");
		}
		if (!this.projectActive) {
			throw new EmulatorException(403, BondifyWire.PROJECT_INACTIVE, "Project is inactive");
		}
		if (!this.publicAccess) {
			throw new EmulatorException(403, BondifyWire.PUBLIC_ACCESS_DISABLED,
					"Public access is disabled for this project");
		}
	}

	/**
	 * Configures a {@link BondifyEmulator}. Not thread-safe.
	 */
	public static final class Builder {

		private String projectId = DEFAULT_PROJECT_ID;

		private byte @Nullable [] secret;

		private Duration sessionLifetime = BondifyWire.SESSION_LIFETIME;

		private Duration proofLifetime = BondifyWire.PROOF_LIFETIME;

		private Clock clock = Clock.systemUTC();

		private boolean publicAccess = true;

		private boolean projectActive = true;

		private @Nullable Supplier<String> webhookUrl;

		private Duration webhookDelay = Duration.ZERO;

		private Duration webhookRetryDelay = Duration.ofSeconds(1);

		private Builder() {
		}

		/**
		 * @param publicAccess whether the project's public endpoints are on; default {@code true}. With
		 * {@code false} both answer 403 {@value BondifyWire#PUBLIC_ACCESS_DISABLED}, as Bondify does until
		 * "Mobile SDK" access is switched on
		 * @return this builder
		 */
		public Builder publicAccess(boolean publicAccess) {
			this.publicAccess = publicAccess;
			return this;
		}

		/**
		 * @param projectActive whether the project is active; default {@code true}. With {@code false} both
		 * endpoints answer 403 {@value BondifyWire#PROJECT_INACTIVE}
		 * @return this builder
		 */
		public Builder projectActive(boolean projectActive) {
			this.projectActive = projectActive;
			return this;
		}

		/**
		 * Sends Bondify's webhooks ({@value BondifyWire#EVENT_CONFIRMED}, {@value BondifyWire#EVENT_CANCELLED})
		 * to the app, signed with {@link BondifyEmulator#secret()}; default none.
		 * @param webhookUrl the app's webhook endpoint, asked at each delivery (so it may become known after the
		 * app's server started)
		 * @return this builder
		 */
		public Builder webhookUrl(Supplier<String> webhookUrl) {
			Assert.notNull(webhookUrl, "webhookUrl cannot be null");
			this.webhookUrl = webhookUrl;
			return this;
		}

		/**
		 * @param webhookDelay how long after a confirmation or cancellation its webhook is first sent; default zero
		 * @return this builder
		 */
		public Builder webhookDelay(Duration webhookDelay) {
			Assert.isTrue(webhookDelay != null && !webhookDelay.isNegative(), "webhookDelay cannot be negative");
			this.webhookDelay = webhookDelay;
			return this;
		}

		/**
		 * @param webhookRetryDelay the wait before the first retry of a delivery the app did not answer 2xx, doubled
		 * for each of the {@value BondifyWire#WEBHOOK_RETRIES} retries (Bondify's intervals are undocumented); default
		 * one second
		 * @return this builder
		 */
		public Builder webhookRetryDelay(Duration webhookRetryDelay) {
			Assert.isTrue(webhookRetryDelay != null && !webhookRetryDelay.isNegative(),
					"webhookRetryDelay cannot be negative");
			this.webhookRetryDelay = webhookRetryDelay;
			return this;
		}

		/**
		 * @param projectId the only project id the emulator accepts; default {@value #DEFAULT_PROJECT_ID}
		 * @return this builder
		 */
		public Builder projectId(String projectId) {
			Assert.hasText(projectId, "projectId cannot be empty");
			this.projectId = projectId;
			return this;
		}

		/**
		 * @param secret the HS256 secret that signs proofs, at least 32 bytes (copied); default 32 random bytes from
		 * {@link SecureRandom} made at construction
		 * @return this builder
		 */
		public Builder secret(byte[] secret) {
			Assert.notNull(secret, "secret cannot be null");
			Assert.isTrue(secret.length >= MIN_SECRET_BYTES, "secret must be at least " + MIN_SECRET_BYTES + " bytes");
			this.secret = secret.clone();
			return this;
		}

		/**
		 * @param sessionLifetime how long a session stays usable; default {@link BondifyWire#SESSION_LIFETIME}
		 * (shorten it in tests)
		 * @return this builder
		 */
		public Builder sessionLifetime(Duration sessionLifetime) {
			Assert.notNull(sessionLifetime, "sessionLifetime cannot be null");
			Assert.isTrue(sessionLifetime.toMillis() >= 1, "sessionLifetime must be at least 1 ms");
			this.sessionLifetime = sessionLifetime;
			return this;
		}

		/**
		 * @param proofLifetime {@code exp - iat} of proofs, whole seconds of at least 1; default
		 * {@link BondifyWire#PROOF_LIFETIME}
		 * @return this builder
		 */
		public Builder proofLifetime(Duration proofLifetime) {
			Assert.notNull(proofLifetime, "proofLifetime cannot be null");
			Assert.isTrue(proofLifetime.getSeconds() >= 1 && proofLifetime.getNano() == 0,
					"proofLifetime must be whole seconds, at least 1");
			this.proofLifetime = proofLifetime;
			return this;
		}

		/**
		 * @param clock the clock for session expiry, timestamps and proof {@code iat}/{@code exp}; default
		 * {@link Clock#systemUTC()}
		 * @return this builder
		 */
		public Builder clock(Clock clock) {
			Assert.notNull(clock, "clock cannot be null");
			this.clock = clock;
			return this;
		}

		/** @return a new emulator; logs a warning that it must never be used in production */
		public BondifyEmulator build() {
			return new BondifyEmulator(this, new SecureRandom());
		}

	}

}
