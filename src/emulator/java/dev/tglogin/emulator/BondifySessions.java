package dev.tglogin.emulator;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The emulated Bondify sessions in memory and their life cycle: generated pending, confirmed or cancelled once, the
 * proof delivered by exactly one status call, expired by the clock. Sessions are purged once created more than twice
 * the session lifetime ago, and at most a maximum number is kept (the oldest is evicted beyond it).
 * <p>
 * This class is thread-safe: every method runs under one lock.
 */
final class BondifySessions {

	private static final String TOKEN_PREFIX = "sess_";

	private final Duration lifetime;

	private final int maxSessions;

	private final SecureRandom random;

	private final Object lock = new Object();

	/** Insertion order is creation order. Guarded by {@link #lock}. */
	private final LinkedHashMap<String, Session> sessions = new LinkedHashMap<>();

	/**
	 * @param lifetime how long a session stays usable
	 * @param maxSessions most sessions kept
	 * @param random the source of session tokens
	 */
	BondifySessions(Duration lifetime, int maxSessions, SecureRandom random) {
		Assert.isTrue(lifetime != null && lifetime.toMillis() >= 1, "lifetime must be at least 1 ms");
		Assert.isTrue(maxSessions >= 1, "maxSessions must be at least 1");
		Assert.notNull(random, "random cannot be null");
		this.lifetime = lifetime;
		this.maxSessions = maxSessions;
		this.random = random;
	}

	/**
	 * Creates a pending session with an unguessable token, evicting the oldest when full.
	 * @param now the creation time
	 * @param deeplinkBase the deeplink without query; {@code ?start=<session_token>} is appended
	 * @return the new session
	 */
	BondifyAnswer.Generated create(Instant now, String deeplinkBase) {
		synchronized (this.lock) {
			purge(now);
			while (this.sessions.size() >= this.maxSessions) {
				Iterator<Session> oldest = this.sessions.values().iterator();
				oldest.next();
				oldest.remove();
			}
			String token;
			do {
				token = TOKEN_PREFIX + Tokens.randomUrlSafe(this.random, 24);
			}
			while (this.sessions.containsKey(token));
			Session session = new Session(token, now, now.plus(this.lifetime));
			this.sessions.put(token, session);
			return new BondifyAnswer.Generated(token, deeplinkBase + "?start=" + token, session.expiresAt);
		}
	}

	/**
	 * A status call: counts it and answers the session's status; the first call after a confirmation takes the proof
	 * and marks the session used.
	 * @param sessionToken the session token
	 * @param now the time of the call
	 * @param proofs signs the proof of a confirmed session
	 * @return the status
	 * @throws EmulatorException 404 {@code SESSION_EXPIRED} for an unknown (or purged) token
	 */
	BondifyAnswer.Status status(@Nullable String sessionToken, Instant now, BondifyProofSigner proofs) {
		synchronized (this.lock) {
			purge(now);
			Session session = find(sessionToken);
			session.statusCalls++;
			return switch (session.stateAt(now)) {
				case PENDING -> new BondifyAnswer.Pending();
				case CONFIRMED -> {
					EmulatedTelegramUser user = confirmedUser(session);
					Instant confirmedAt = confirmedAt(session);
					session.state = SessionView.State.USED;
					yield new BondifyAnswer.Confirmed(user, confirmedAt,
							proofs.sign(session.token, user, confirmedAt, now));
				}
				case USED -> new BondifyAnswer.Used();
				case CANCELLED -> new BondifyAnswer.Cancelled(cancelledAt(session));
				case EXPIRED -> new BondifyAnswer.Expired();
			};
		}
	}

	/**
	 * Confirms a pending session.
	 * @throws EmulatorException 404 {@code SESSION_EXPIRED} for an unknown token, 409
	 * {@value EmulatorException#CODE_SESSION_NOT_PENDING} when the session is not pending any more
	 */
	void confirm(@Nullable String sessionToken, EmulatedTelegramUser user, Instant now) {
		synchronized (this.lock) {
			Session session = findPending(sessionToken, now);
			session.state = SessionView.State.CONFIRMED;
			session.user = user;
			session.confirmedAt = now;
		}
	}

	/**
	 * Cancels a pending session.
	 * @throws EmulatorException 404 {@code SESSION_EXPIRED} for an unknown token, 409
	 * {@value EmulatorException#CODE_SESSION_NOT_PENDING} when the session is not pending any more
	 */
	void cancel(@Nullable String sessionToken, Instant now) {
		synchronized (this.lock) {
			Session session = findPending(sessionToken, now);
			session.state = SessionView.State.CANCELLED;
			session.cancelledAt = now;
		}
	}

	/** How many status calls of the session were answered (zero when unknown or purged). */
	int statusCalls(@Nullable String sessionToken) {
		synchronized (this.lock) {
			Session session = (sessionToken != null) ? this.sessions.get(sessionToken) : null;
			return (session != null) ? session.statusCalls : 0;
		}
	}

	/** Snapshots of the sessions still in memory, newest first. */
	List<SessionView> views(Instant now) {
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

	/** A snapshot of one session, or empty when unknown or purged. */
	Optional<SessionView> view(@Nullable String sessionToken, Instant now) {
		synchronized (this.lock) {
			purge(now);
			Session session = (sessionToken != null) ? this.sessions.get(sessionToken) : null;
			return Optional.ofNullable(session).map((s) -> s.view(now));
		}
	}

	private Session find(@Nullable String sessionToken) {
		Session session = (sessionToken != null) ? this.sessions.get(sessionToken) : null;
		if (session == null) {
			throw new EmulatorException(404, BondifyWire.SESSION_EXPIRED, "Session not found or expired");
		}
		return session;
	}

	private Session findPending(@Nullable String sessionToken, Instant now) {
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

	/** Drops sessions created more than twice the lifetime ago. Caller holds {@link #lock}. */
	private void purge(Instant now) {
		Instant cutoff = now.minus(this.lifetime.multipliedBy(2));
		for (Iterator<Session> it = this.sessions.values().iterator(); it.hasNext();) {
			if (it.next().createdAt.isAfter(cutoff)) {
				break; // creation order: the rest are newer
			}
			it.remove();
		}
	}

	private static EmulatedTelegramUser confirmedUser(Session session) {
		Assert.state(session.user != null, "a confirmed session has a user");
		return session.user;
	}

	private static Instant confirmedAt(Session session) {
		Assert.state(session.confirmedAt != null, "a confirmed session has a confirmation time");
		return session.confirmedAt;
	}

	private static Instant cancelledAt(Session session) {
		Assert.state(session.cancelledAt != null, "a cancelled session has a cancellation time");
		return session.cancelledAt;
	}

	/** Mutable session state. Guarded by the sessions' lock. */
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

}
