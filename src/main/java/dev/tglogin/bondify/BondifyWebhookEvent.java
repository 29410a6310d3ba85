package dev.tglogin.bondify;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A verified Bondify webhook event: {@code auth.confirmed} with the user's identity, or {@code auth.cancelled}.
 *
 * @param confirmed whether the user confirmed ({@code false}: cancelled)
 * @param sessionToken the session the event is about
 * @param telegramId the Telegram id (confirmed only)
 * @param telegramName the display name (confirmed only)
 * @param telegramUsername the username, or {@code null}
 * @param telegramPhone the phone number, or {@code null}
 */
public record BondifyWebhookEvent(boolean confirmed, String sessionToken, @Nullable String telegramId,
		@Nullable String telegramName, @Nullable String telegramUsername, @Nullable String telegramPhone) {

	public BondifyWebhookEvent {
		Assert.hasText(sessionToken, "sessionToken cannot be empty");
		Assert.isTrue(!confirmed || (telegramId != null && telegramName != null),
				"a confirmed event needs telegramId and telegramName");
	}

	/**
	 * Reads an event from its JSON, or returns {@code null} when it is not one this library understands (unknown
	 * event, missing or mistyped fields).
	 * @param json the parsed body
	 * @return the event, or {@code null}
	 */
	public static @Nullable BondifyWebhookEvent from(Map<String, Object> json) {
		String event = string(json, BondifyProtocol.WEBHOOK_EVENT);
		String sessionToken = string(json, BondifyProtocol.SESSION_TOKEN);
		if (event == null || sessionToken == null || sessionToken.length() > 512) {
			return null;
		}
		if (BondifyProtocol.EVENT_CANCELLED.equals(event)) {
			return new BondifyWebhookEvent(false, sessionToken, null, null, null, null);
		}
		if (!BondifyProtocol.EVENT_CONFIRMED.equals(event)) {
			return null;
		}
		String telegramId = TelegramIds.read(json.get(BondifyProtocol.TELEGRAM_ID));
		String name = string(json, BondifyProtocol.TELEGRAM_NAME);
		if (telegramId == null || name == null || name.length() > 1024) {
			return null;
		}
		return new BondifyWebhookEvent(true, sessionToken, telegramId, name,
				string(json, BondifyProtocol.TELEGRAM_USERNAME), string(json, BondifyProtocol.TELEGRAM_PHONE));
	}

	private static @Nullable String string(Map<String, Object> json, String field) {
		return (json.get(field) instanceof String s && !s.isBlank() && s.length() <= 1024) ? s : null;
	}

	@Override
	public String toString() {
		return "BondifyWebhookEvent[" + (this.confirmed ? "confirmed" : "cancelled") + ", sessionToken=[PROTECTED]]";
	}

}
