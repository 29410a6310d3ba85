package dev.tglogin.bondify;

import java.text.ParseException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.AuthenticationException;
import org.springframework.util.Assert;

import dev.tglogin.store.StoreKeys;
import dev.tglogin.store.TelegramLoginStore;

/**
 * What the {@link TelegramLoginStore} keeps per Bondify login, read and written from this one place: the verified
 * webhook events ({@code auth.confirmed}, {@code auth.cancelled}) and the marker of a confirmation whose proof a
 * browser session keeps.
 * <p>
 * Writes fail with the store's {@link AuthenticationException} (the webhook endpoint answers it and Bondify retries);
 * reads are tolerant: a store that cannot be read is logged and read as "nothing recorded", so polling stays the
 * fallback. An event recorded on this instance is also told at once to the {@link #addListener listeners} (the
 * in-JVM wake-up of waiting status requests); other instances find it at their next read. Keys are hashes of the
 * session token ({@link StoreKeys}), never the token; no secret is stored.
 * <p>
 * This class is thread-safe.
 */
public final class BondifyWebhookOutcomes {

	private static final Log logger = LogFactory.getLog(BondifyWebhookOutcomes.class);

	/** Store namespace of webhook outcomes. */
	public static final String OUTCOME_NAMESPACE = "bondify-webhook";

	/** Store namespace of the markers of confirmed logins whose proof a browser session keeps. */
	public static final String CONFIRMED_NAMESPACE = "bondify-confirmed";

	private final TelegramLoginStore store;

	private final List<Consumer<BondifyWebhookEvent>> listeners = new CopyOnWriteArrayList<>();

	/**
	 * Creates the outcomes over a store.
	 * @param store the store, shared by all instances
	 */
	public BondifyWebhookOutcomes(TelegramLoginStore store) {
		Assert.notNull(store, "store cannot be null");
		this.store = store;
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
	 * Returns whether a login was {@link #markConfirmed marked confirmed}.
	 * @param sessionToken the Bondify session token
	 * @return whether it was ({@code false} when the store cannot be read)
	 */
	public boolean isMarkedConfirmed(String sessionToken) {
		return read(CONFIRMED_NAMESPACE, sessionToken, "Telegram login confirmations cannot be read") != null;
	}

	private @Nullable String read(String namespace, String sessionToken, String failure) {
		try {
			return this.store.findOutcome(StoreKeys.key(namespace, sessionToken));
		}
		catch (AuthenticationException ex) {
			logger.warn(failure + " (bondify session " + StoreKeys.logRef(sessionToken) + "): " + ex.getMessage());
			return null;
		}
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
