package dev.tglogin.emulator;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

/**
 * The one writer of the emulator's Bondify JSON: every {@link BondifyAnswer} (200 with its body, a
 * {@link BondifyAnswer.Refused} its status and {@code {"error": "<message>", "code": "<CODE>"}}) and the webhook
 * events, with {@link BondifyWire}'s names. A confirmed answer and event carry {@code telegram_username} even when
 * {@code null}, and {@code telegram_phone} only when the user shared one.
 */
final class BondifyBodies {

	private BondifyBodies() {
	}

	/** Writes an answer: 200 and its body, or a refusal's status and error body. */
	static void write(HttpServletResponse response, BondifyAnswer answer) throws IOException {
		int status = (answer instanceof BondifyAnswer.Refused refused) ? refused.httpStatus() : 200;
		EmulatorHttp.writeJson(response, status, body(answer));
	}

	/** Writes Bondify's error body with the given status. */
	static void writeError(HttpServletResponse response, int status, String code, String message)
			throws IOException {
		write(response, new BondifyAnswer.Refused(status, code, message));
	}

	/** The body of an answer. */
	static Map<String, Object> body(BondifyAnswer answer) {
		Map<String, Object> body = new LinkedHashMap<>();
		if (answer instanceof BondifyAnswer.Generated generated) {
			body.put(BondifyWire.SESSION_TOKEN, generated.sessionToken());
			body.put(BondifyWire.DEEPLINK, generated.deeplink());
			body.put(BondifyWire.EXPIRES_AT, generated.expiresAt().toEpochMilli());
		}
		else if (answer instanceof BondifyAnswer.Pending) {
			body.put(BondifyWire.STATUS, BondifyWire.PENDING);
		}
		else if (answer instanceof BondifyAnswer.Confirmed confirmed) {
			body.put(BondifyWire.STATUS, BondifyWire.CONFIRMED);
			putUser(body, confirmed.user(), confirmed.confirmedAt());
			body.put(BondifyWire.PROOF, confirmed.proof());
		}
		else if (answer instanceof BondifyAnswer.Cancelled cancelled) {
			body.put(BondifyWire.STATUS, BondifyWire.CANCELLED);
			body.put(BondifyWire.CANCELLED_AT, cancelled.cancelledAt().toEpochMilli());
		}
		else if (answer instanceof BondifyAnswer.Expired) {
			body.put(BondifyWire.STATUS, BondifyWire.EXPIRED);
		}
		else if (answer instanceof BondifyAnswer.Used) {
			body.put(BondifyWire.STATUS, BondifyWire.USED);
		}
		else if (answer instanceof BondifyAnswer.Refused refused) {
			body.put(BondifyWire.ERROR, refused.message());
			if (refused.code() != null) {
				body.put(BondifyWire.CODE, refused.code());
			}
		}
		else {
			throw new IllegalArgumentException("Unknown answer " + answer.getClass().getSimpleName());
		}
		return body;
	}

	/** The {@value BondifyWire#EVENT_CONFIRMED} webhook event. */
	static Map<String, Object> confirmedEvent(String sessionToken, EmulatedTelegramUser user, Instant confirmedAt) {
		Map<String, Object> event = event(BondifyWire.EVENT_CONFIRMED, sessionToken);
		putUser(event, user, confirmedAt);
		return event;
	}

	/** The {@value BondifyWire#EVENT_CANCELLED} webhook event. */
	static Map<String, Object> cancelledEvent(String sessionToken, Instant cancelledAt) {
		Map<String, Object> event = event(BondifyWire.EVENT_CANCELLED, sessionToken);
		event.put(BondifyWire.CANCELLED_AT, cancelledAt.toEpochMilli());
		return event;
	}

	private static Map<String, Object> event(String name, String sessionToken) {
		Map<String, Object> event = new LinkedHashMap<>();
		event.put(BondifyWire.EVENT, name);
		event.put(BondifyWire.SESSION_TOKEN, sessionToken);
		return event;
	}

	private static void putUser(Map<String, Object> body, EmulatedTelegramUser user, Instant confirmedAt) {
		body.put(BondifyWire.TELEGRAM_ID, user.id());
		body.put(BondifyWire.TELEGRAM_NAME, user.name());
		body.put(BondifyWire.TELEGRAM_USERNAME, user.username());
		if (user.phone() != null) {
			body.put(BondifyWire.TELEGRAM_PHONE, user.phone());
		}
		body.put(BondifyWire.CONFIRMED_AT, confirmedAt.toEpochMilli());
	}

}
