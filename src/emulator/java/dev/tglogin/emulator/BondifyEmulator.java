package dev.tglogin.emulator;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
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

	private static final String TOKEN_PREFIX = "sess_";

	private static final Log logger = LogFactory.getLog(BondifyEmulator.class);

	private final String projectId;

	private final byte[] secret;

	private final Duration sessionLifetime;

	private final Duration proofLifetime;

	private final Clock clock;

	private final SecureRandom random;

	private final MACSigner signer;

	private final EmulatorFaults faults = new EmulatorFaults();

	private final boolean publicAccess;

	private final boolean projectActive;

	private final @Nullable WebhookSender webhooks;

	private final Object lock = new Object();

	/** Insertion order is creation order. Guarded by {@link #lock}. */
	private final LinkedHashMap<String, Session> sessions = new LinkedHashMap<>();

	private BondifyEmulator(Builder builder, SecureRandom random) {
		this.projectId = builder.projectId;
		this.random = random;
		this.secret = (builder.secret != null) ? builder.secret.clone() : Tokens.randomBytes(random, MIN_SECRET_BYTES);
		this.sessionLifetime = builder.sessionLifetime;
		this.proofLifetime = builder.proofLifetime;
		this.clock = builder.clock;
		this.publicAccess = builder.publicAccess;
		this.projectActive = builder.projectActive;
		this.webhooks = (builder.webhookUrl != null)
				? new WebhookSender(this.secret, builder.webhookUrl, builder.webhookDelay, builder.webhookRetryDelay)
				: null;
		try {
			this.signer = new MACSigner(this.secret);
		}
		catch (JOSEException ex) {
			throw new IllegalArgumentException("secret is not usable for HS256", ex);
		}
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
	 * @return the response body: {@code session_token}, {@code deeplink} and {@code expires_at} (Unix milliseconds)
	 * @throws EmulatorException 404 {@code PROJECT_NOT_FOUND} for another project id
	 */
	public Map<String, Object> generate(String projectId, String deeplinkBase) {
		checkProject(projectId);
		Assert.hasText(deeplinkBase, "deeplinkBase cannot be empty");
		Instant now = this.clock.instant();
		Session session;
		synchronized (this.lock) {
			purge(now);
			while (this.sessions.size() >= MAX_SESSIONS) {
				Iterator<Session> oldest = this.sessions.values().iterator();
				oldest.next();
				oldest.remove();
			}
			String token;
			do {
				token = TOKEN_PREFIX + Tokens.randomUrlSafe(this.random, 24);
			}
			while (this.sessions.containsKey(token));
			session = new Session(token, now, now.plus(this.sessionLifetime));
			this.sessions.put(token, session);
		}
		if (logger.isInfoEnabled()) {
			logger.info("Emulated Bondify session generated [" + Tokens.fingerprint(session.token) + "]");
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put(BondifyWire.SESSION_TOKEN, session.token);
		body.put(BondifyWire.DEEPLINK, deeplinkBase + "?start=" + session.token);
		body.put(BondifyWire.EXPIRES_AT, session.expiresAt.toEpochMilli());
		return Collections.unmodifiableMap(body);
	}

	/**
	 * Reads a session's status, like {@code POST} {@link BondifyWire#VERIFY_PATH}.
	 * <p>
	 * {@code {"status":"pending"}} until confirmed or cancelled; the first call after a confirmation answers
	 * {@code confirmed} with the user's fields, {@code confirmed_at} and the {@code proof}, and marks the session
	 * used; later calls answer {@code {"status":"used"}}. A cancelled session answers {@code cancelled} with
	 * {@code cancelled_at}; a session past its expiry (other than a used one) answers {@code {"status":"expired"}}.
	 * @param projectId the project id sent by the client
	 * @param sessionToken the session token sent by the client
	 * @return the response body
	 * @throws EmulatorException 404 {@code PROJECT_NOT_FOUND} for another project id, 404 {@code SESSION_EXPIRED}
	 * for an unknown (or purged) session token
	 */
	public Map<String, Object> verify(String projectId, String sessionToken) {
		checkProject(projectId);
		Instant now = this.clock.instant();
		Map<String, Object> body = new LinkedHashMap<>();
		synchronized (this.lock) {
			purge(now);
			Session session = find(sessionToken);
			session.statusCalls++;
			SessionView.State state = session.stateAt(now);
			switch (state) {
				case PENDING -> body.put(BondifyWire.STATUS, BondifyWire.PENDING);
				case CONFIRMED -> {
					EmulatedTelegramUser user = session.user;
					body.put(BondifyWire.STATUS, BondifyWire.CONFIRMED);
					body.put(BondifyWire.TELEGRAM_ID, user.id());
					body.put(BondifyWire.TELEGRAM_NAME, user.name());
					body.put(BondifyWire.TELEGRAM_USERNAME, user.username());
					if (user.phone() != null) {
						body.put(BondifyWire.TELEGRAM_PHONE, user.phone());
					}
					body.put(BondifyWire.CONFIRMED_AT, session.confirmedAt.toEpochMilli());
					body.put(BondifyWire.PROOF, proof(session, now));
					session.state = SessionView.State.USED;
				}
				case USED -> body.put(BondifyWire.STATUS, BondifyWire.USED);
				case CANCELLED -> {
					body.put(BondifyWire.STATUS, BondifyWire.CANCELLED);
					body.put(BondifyWire.CANCELLED_AT, session.cancelledAt.toEpochMilli());
				}
				case EXPIRED -> body.put(BondifyWire.STATUS, BondifyWire.EXPIRED);
			}
			if (state == SessionView.State.CONFIRMED && logger.isInfoEnabled()) {
				logger.info("Emulated Bondify proof delivered [" + Tokens.fingerprint(session.token) + "]");
			}
		}
		return Collections.unmodifiableMap(body);
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
		synchronized (this.lock) {
			Session session = findPending(sessionToken, now);
			session.state = SessionView.State.CONFIRMED;
			session.user = user;
			session.confirmedAt = now;
		}
		if (this.webhooks != null) {
			Map<String, Object> event = new LinkedHashMap<>();
			event.put(BondifyWire.EVENT, BondifyWire.EVENT_CONFIRMED);
			event.put(BondifyWire.SESSION_TOKEN, sessionToken);
			event.put(BondifyWire.TELEGRAM_ID, user.id());
			event.put(BondifyWire.TELEGRAM_NAME, user.name());
			event.put(BondifyWire.TELEGRAM_USERNAME, user.username());
			if (user.phone() != null) {
				event.put(BondifyWire.TELEGRAM_PHONE, user.phone());
			}
			event.put(BondifyWire.CONFIRMED_AT, now.toEpochMilli());
			this.webhooks.send(event);
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
		synchronized (this.lock) {
			Session session = findPending(sessionToken, now);
			session.state = SessionView.State.CANCELLED;
			session.cancelledAt = now;
		}
		if (this.webhooks != null) {
			Map<String, Object> event = new LinkedHashMap<>();
			event.put(BondifyWire.EVENT, BondifyWire.EVENT_CANCELLED);
			event.put(BondifyWire.SESSION_TOKEN, sessionToken);
			event.put(BondifyWire.CANCELLED_AT, now.toEpochMilli());
			this.webhooks.send(event);
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
		synchronized (this.lock) {
			Session session = (sessionToken != null) ? this.sessions.get(sessionToken) : null;
			return (session != null) ? session.statusCalls : 0;
		}
	}

	/** @return a snapshot of the sessions still in memory, newest first */
	public List<SessionView> sessions() {
		Instant now = this.clock.instant();
		synchronized (this.lock) {
			purge(now);
			List<SessionView> views = new ArrayList<>(this.sessions.size());
			for (Session session : this.sessions.values()) {
				views.add(session.view(now));
			}
			Collections.reverse(views);
			return Collections.unmodifiableList(views);
		}
	}

	/**
	 * @param sessionToken a session token
	 * @return a snapshot of that session, or empty when unknown or purged
	 */
	public Optional<SessionView> session(String sessionToken) {
		Instant now = this.clock.instant();
		synchronized (this.lock) {
			purge(now);
			Session session = (sessionToken != null) ? this.sessions.get(sessionToken) : null;
			return Optional.ofNullable(session).map(s -> s.view(now));
		}
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

	private Session find(String sessionToken) {
		Session session = (sessionToken != null) ? this.sessions.get(sessionToken) : null;
		if (session == null) {
			throw new EmulatorException(404, BondifyWire.SESSION_EXPIRED, "Session not found or expired");
		}
		return session;
	}

	private Session findPending(String sessionToken, Instant now) {
		purge(now);
		Session session = find(sessionToken);
		String problem = switch (session.stateAt(now)) {
			case PENDING -> null;
			case CONFIRMED, USED -> "Session is already confirmed";
			case CANCELLED -> "Session was cancelled";
			case EXPIRED -> "Session has expired";
		};
		if (problem != null) {
			throw new EmulatorException(409, EmulatorException.CODE_SESSION_NOT_PENDING, problem);
		}
		return session;
	}

	/** Drops sessions created more than twice the session lifetime ago. Caller holds {@link #lock}. */
	private void purge(Instant now) {
		Instant cutoff = now.minus(this.sessionLifetime.multipliedBy(2));
		for (Iterator<Session> it = this.sessions.values().iterator(); it.hasNext();) {
			if (it.next().createdAt.isAfter(cutoff)) {
				break; // creation order: the rest are newer
			}
			it.remove();
		}
	}

	private String proof(Session session, Instant now) {
		EmulatedTelegramUser user = session.user;
		long issuedAt = now.getEpochSecond();
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().serializeNullClaims(true)
			.claim(BondifyWire.TELEGRAM_ID, user.id())
			.claim(BondifyWire.TELEGRAM_NAME, user.name())
			.claim(BondifyWire.TELEGRAM_USERNAME, user.username());
		if (user.phone() != null) {
			claims.claim(BondifyWire.TELEGRAM_PHONE, user.phone());
		}
		claims.claim(BondifyWire.PROJECT_ID, this.projectId)
			.claim(BondifyWire.SESSION_TOKEN, session.token)
			.claim(BondifyWire.CONFIRMED_AT, session.confirmedAt.toEpochMilli())
			.issueTime(new Date(issuedAt * 1000))
			.expirationTime(new Date((issuedAt + this.proofLifetime.getSeconds()) * 1000));
		return Tokens.hs256(this.signer, claims.build());
	}

	/** Mutable session state. Guarded by the emulator's lock. */
	private static final class Session {

		private final String token;

		private final Instant createdAt;

		private final Instant expiresAt;

		/** PENDING, CONFIRMED, USED or CANCELLED; EXPIRED is derived from the clock. */
		private SessionView.State state = SessionView.State.PENDING;

		private @Nullable EmulatedTelegramUser user;

		private @Nullable Instant confirmedAt;

		private @Nullable Instant cancelledAt;

		/** Status calls answered for the session (faults answered before them are not counted). */
		private int statusCalls;

		private Session(String token, Instant createdAt, Instant expiresAt) {
			this.token = token;
			this.createdAt = createdAt;
			this.expiresAt = expiresAt;
		}

		private SessionView.State stateAt(Instant now) {
			if (this.state != SessionView.State.USED && !now.isBefore(this.expiresAt)) {
				return SessionView.State.EXPIRED;
			}
			return this.state;
		}

		private SessionView view(Instant now) {
			SessionView.State current = stateAt(now);
			EmulatedTelegramUser shownUser = (current == SessionView.State.CONFIRMED
					|| current == SessionView.State.USED) ? this.user : null;
			return new SessionView(this.token, current, this.createdAt, this.expiresAt, shownUser);
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
