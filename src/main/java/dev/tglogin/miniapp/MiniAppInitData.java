package dev.tglogin.miniapp;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Init data whose signature has been verified: the Telegram user who opened the Mini App and when Telegram issued
 * the data.
 * <p>
 * {@link #signedContent()} is what the signature covers; the provider keys single use on it (its hash), so that a
 * field the signature does not cover (the {@code hash} in the Ed25519 mode) cannot make a replay look new.
 * {@link #toString()} shows neither it nor the user's names.
 *
 * @param userId the user's Telegram id
 * @param firstName the user's first name
 * @param lastName the user's last name, or {@code null}
 * @param username the user's handle without {@code @}, or {@code null}
 * @param languageCode the IETF language tag of the user's client, or {@code null}
 * @param premium whether the user has Telegram Premium
 * @param authDate when Telegram issued the init data
 * @param startParam the {@code start_param} of the link that opened the app, or {@code null}
 * @param signedContent the content the verified signature covers
 */
public record MiniAppInitData(long userId, String firstName, @Nullable String lastName, @Nullable String username,
		@Nullable String languageCode, boolean premium, Instant authDate, @Nullable String startParam,
		String signedContent) {

	public MiniAppInitData {
		Assert.notNull(firstName, "firstName cannot be null");
		Assert.notNull(authDate, "authDate cannot be null");
		Assert.hasText(signedContent, "signedContent cannot be empty");
	}

	@Override
	public String toString() {
		return "MiniAppInitData[userId=" + this.userId + ", authDate=" + this.authDate + "]";
	}

}
