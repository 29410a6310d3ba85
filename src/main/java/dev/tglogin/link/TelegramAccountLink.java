package dev.tglogin.link;

import org.springframework.util.Assert;

import dev.tglogin.core.TelegramLoginFlow;

/**
 * A Telegram identity linked to a local account: the flow and the identity's stable id in it (the Telegram id for
 * Bondify, the Xellar user id for Xellar, as in {@code TelegramUser#getId()}), and the local username.
 *
 * @param flow the flow the identity belongs to
 * @param telegramId the identity's stable id within the flow, at most {@value #MAX_LENGTH} characters
 * @param username the local username, at most {@value #MAX_LENGTH} characters
 */
public record TelegramAccountLink(TelegramLoginFlow flow, String telegramId, String username) {

	/** The longest id and username a link may have (the width of the JDBC columns). */
	public static final int MAX_LENGTH = 255;

	public TelegramAccountLink {
		Assert.notNull(flow, "flow cannot be null");
		Assert.isTrue(telegramId != null && !telegramId.isBlank() && telegramId.length() <= MAX_LENGTH,
				"telegramId must have 1 to " + MAX_LENGTH + " characters");
		Assert.isTrue(username != null && !username.isBlank() && username.length() <= MAX_LENGTH,
				"username must have 1 to " + MAX_LENGTH + " characters");
	}

}
