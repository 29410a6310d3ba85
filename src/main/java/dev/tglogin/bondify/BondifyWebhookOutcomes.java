package dev.tglogin.bondify;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTParser;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.AuthenticationException;
import org.springframework.util.Assert;

import dev.tglogin.store.StoreKeys;
import dev.tglogin.store.TelegramLoginStore;

/**
 * What the {@link TelegramLoginStore} keeps per Bondify login, read and written from this one place: the verified
 * webhook events ({@code auth.confirmed}, {@code auth.cancelled}), the decisive status answers one instance got from
 * Bondify ({@link #share}: {@code confirmed} with its proof, {@code cancelled}, {@code expired}) for the instances
 * that did not ask, the lease that decides which instance checks a login upstream ({@link #tryCheck}), and the marker
 * of a confirmation whose proof a browser session keeps.
 * <p>
 * Writes of events fail with the store's {@link AuthenticationException} (the webhook endpoint answers it and Bondify
 * retries); the other writes and every read are tolerant: a store that cannot be read is logged and read as "nothing
 * recorded" (and {@link #isReadable() not readable} until a read succeeds), so polling stays the fallback. An event
 * recorded on this instance is also told at once to the {@link #addListener listeners} (the in-JVM wake-up of waiting
 * status requests); other instances find it at their next read. Keys are hashes of the session token
 * ({@link StoreKeys}), never the token. A shared proof is a credential: it is kept no longer than its {@code exp}, it
 * completes a login only through the usual verification and single use of its Bondify session, and it is never
 * logged.
 * <p>
 * This class is thread-safe.
 */
public final class BondifyWebhookOutcomes {

	private static final Log logger = LogFactory.getLog(BondifyWebhookOutcomes.class);

	/** Store namespace of webhook outcomes. */
	public static final String OUTCOME_NAMESPACE = "bondify-webhook";

	/** Store namespace of the markers of confirmed logins whose proof a browser session keeps. */
	public static final String CONFIRMED_NAMESPACE = "bondify-confirmed";

	/** Store namespace of the leases of upstream status checks. */
	public static final String CHECK_NAMESPACE = "bondify-check";

	private final TelegramLoginStore store;

	private final List<Consumer<BondifyWebhookEvent>> listeners = new CopyOnWriteArrayList<>();

	private volatile boolean readable = true;

	private Clock clock = Clock.systemUTC();

	/**
	 * Creates the outcomes over a store.
	 * @param store the store, shared by all instances
	 */
	public BondifyWebhookOutcomes(TelegramLoginStore store) {
		Assert.notNull(store, "store cannot be null");
		this.store = store;
	}

	/** Sets the clock leases and shared answers are timed by. Defaults to the system UTC clock. */
	public void setClock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
	}

	/**
	 * Adds what to tell when an event is recorded on this instance.
	 * @param listener the listener
	 */
	public void addListener(Consumer<BondifyWebhookEvent> listener) {
		Assert.notNull(listener, "listener cannot be null");
		this.listeners.add(listener);
	}

	/**
	 * Records a verified event (idempotently: Bondify retries) and tells the listeners.
	 * @param event the event
	 * @param expiresAt until when to keep it
	 * @throws AuthenticationException when the store cannot be written
	 */
	public void record(BondifyWebhookEvent event, Instant expiresAt) {
		this.store.putOutcome(StoreKeys.key(OUTCOME_NAMESPACE, event.sessionToken()), toJson(event), expiresAt);
		this.listeners.forEach((listener) -> listener.accept(event));
	}

	/**
	 * Returns the event recorded for a login.
	 * @param sessionToken the Bondify session token
	 * @return the event, or {@code null} when none came, the record is unreadable or the store cannot be read
	 */
	public @Nullable BondifyWebhookEvent find(String sessionToken) {
		String recorded = read(OUTCOME_NAMESPACE, sessionToken, "Webhook outcomes cannot be read, polling Bondify instead");
		return (recorded != null) ? fromJson(recorded) : null;
	}

	/**
	 * Returns the decisive state recorded for a login: a webhook event ({@link BondifyLoginState.ConfirmedByWebhook}
	 * or {@code Cancelled}) or an answer {@link #share shared} by the instance that got it from Bondify. One store read.
	 * @param sessionToken the Bondify session token
	 * @return the state, or {@code null} when none is recorded, the record is unreadable or the store cannot be read
	 */
	public @Nullable BondifyLoginState findState(String sessionToken) {
		String recorded = read(OUTCOME_NAMESPACE, sessionToken, "Webhook outcomes cannot be read, polling Bondify instead");
		if (recorded == null) {
			return null;
		}
		BondifyWebhookEvent event = fromJson(recorded);
		return (event != null) ? BondifyLoginState.of(event) : SharedAnswers.fromJson(recorded);
	}

	/**
	 * Shares a decisive answer this instance got from Bondify with the other instances, which find it with
	 * {@link #findState} (Bondify answers {@code used} after it has handed out a proof once, so they could not learn
	 * it themselves): {@code confirmed} with its proof, kept until the proof's {@code exp} at the latest, or
	 * {@code cancelled} or {@code expired} for the session's lifetime. Other states are not shared. A store that
	 * cannot be written is logged (without the proof).
	 * @param sessionToken the Bondify session token
	 * @param state the answer
	 */
	public void share(String sessionToken, BondifyLoginState state) {
		Instant now = this.clock.instant();
		Instant expiresAt = (state instanceof BondifyLoginState.Confirmed confirmed) ? proofExpiry(confirmed.proof())
				: now.plus(BondifyProtocol.SESSION_LIFETIME);
		String json = SharedAnswers.toJson(state);
		if (json == null || expiresAt == null || !expiresAt.isAfter(now)) {
			return;
		}
		try {
			this.store.putOutcome(StoreKeys.key(OUTCOME_NAMESPACE, sessionToken), json,
					min(expiresAt, now.plus(BondifyProtocol.SESSION_LIFETIME)));
		}
		catch (AuthenticationException ex) {
			logger.warn("Telegram login status answer cannot be shared (bondify session "
					+ StoreKeys.logRef(sessionToken) + "): " + ex.getClass().getSimpleName());
		}
	}

	/**
	 * Takes the lease of a login's upstream status check for the interval, so that instances sharing the store make
	 * at most one check per login per interval between them ({@link TelegramLoginStore#tryLease}). A store that
	 * cannot be written is logged and answers {@code true}: the check is made (a lease saves calls, it guards
	 * nothing).
	 * @param sessionToken the Bondify session token
	 * @param interval the check interval
	 * @return whether this instance checks the login now
	 */
	public boolean tryCheck(String sessionToken, Duration interval) {
		try {
			return this.store.tryLease(StoreKeys.key(CHECK_NAMESPACE, sessionToken), this.clock.instant().plus(interval));
		}
		catch (AuthenticationException ex) {
			logger.debug("Telegram login status check lease not taken, checking anyway (bondify session "
					+ StoreKeys.logRef(sessionToken) + "): " + ex.getMessage());
			return true;
		}
	}

	/**
	 * Whether the last read of the store succeeded: while it does not, webhook events cannot be seen and the status
	 * endpoint polls Bondify as without webhooks.
	 * @return whether the store could be read
	 */
	public boolean isReadable() {
		return this.readable;
	}

	/**
	 * Marks that Bondify confirmed a login, so that an instance whose copy of the session predates the confirmation
	 * answers Bondify's later {@code used} with {@code pending} instead of dropping the login. A store that cannot
	 * be written is logged.
	 * @param sessionToken the Bondify session token
	 * @param expiresAt the login's expiry
	 */
	public void markConfirmed(String sessionToken, Instant expiresAt) {
		try {
			this.store.putOutcome(StoreKeys.key(CONFIRMED_NAMESPACE, sessionToken), "confirmed", expiresAt);
		}
		catch (AuthenticationException ex) {
			logger.warn("Telegram login confirmation cannot be recorded (bondify session "
					+ StoreKeys.logRef(sessionToken) + "): " + ex.getMessage());
		}
	}

	/**
	 * Marks a confirmation (see {@link #markConfirmed(String, Instant)}) until the Bondify session ends, by this
	 * outcomes' clock.
	 */
	void markConfirmed(String sessionToken) {
		markConfirmed(sessionToken, this.clock.instant().plus(BondifyProtocol.SESSION_LIFETIME));
	}

	/**
	 * Returns whether a login was {@link #markConfirmed marked confirmed}.
	 * @param sessionToken the Bondify session token
	 * @return whether it was ({@code false} when the store cannot be read)
	 */
	public boolean isMarkedConfirmed(String sessionToken) {
		return read(CONFIRMED_NAMESPACE, sessionToken, "Telegram login confirmations cannot be read") != null;
	}

	private @Nullable String read(String namespace, String sessionToken, String failure) {
		try {
			String found = this.store.findOutcome(StoreKeys.key(namespace, sessionToken));
			this.readable = true;
			return found;
		}
		catch (AuthenticationException ex) {
			this.readable = false;
			logger.warn(failure + " (bondify session " + StoreKeys.logRef(sessionToken) + "): " + ex.getMessage());
			return null;
		}
	}

	/** The proof's {@code exp}, read without verifying it (only to bound how long it is kept); {@code null} if none. */
	private static @Nullable Instant proofExpiry(String proof) {
		try {
			java.util.Date exp = JWTParser.parse(proof).getJWTClaimsSet().getExpirationTime();
			return (exp != null) ? exp.toInstant() : null;
		}
		catch (ParseException ex) {
			return null;
		}
	}

	private static Instant min(Instant a, Instant b) {
		return a.isBefore(b) ? a : b;
	}

	/** The recorded form of an event: its fields under Bondify's names. */
	static String toJson(BondifyWebhookEvent event) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put(BondifyProtocol.WEBHOOK_EVENT,
				event.confirmed() ? BondifyProtocol.EVENT_CONFIRMED : BondifyProtocol.EVENT_CANCELLED);
		json.put(BondifyProtocol.SESSION_TOKEN, event.sessionToken());
		putIfPresent(json, BondifyProtocol.TELEGRAM_ID, event.telegramId());
		putIfPresent(json, BondifyProtocol.TELEGRAM_NAME, event.telegramName());
		putIfPresent(json, BondifyProtocol.TELEGRAM_USERNAME, event.telegramUsername());
		putIfPresent(json, BondifyProtocol.TELEGRAM_PHONE, event.telegramPhone());
		return JSONObjectUtils.toJSONString(json);
	}

	/** Reads a recorded event back; {@code null} when it is not one. */
	static @Nullable BondifyWebhookEvent fromJson(String json) {
		try {
			return BondifyWebhookEvent.from(JSONObjectUtils.parse(json));
		}
		catch (ParseException ex) {
			return null;
		}
	}

	private static void putIfPresent(Map<String, Object> json, String field, @Nullable String value) {
		if (value != null) {
			json.put(field, value);
		}
	}

}
