package dev.tglogin.emulator;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The Telegram account that confirms an emulated login, as the real Bondify bot would report it.
 *
 * @param id the numeric Telegram user id, as a string of digits
 * @param name the display name (first and last name)
 * @param username the handle without {@code @}, or {@code null} when the account has none
 * @param phone the phone number, or {@code null} when not shared (Bondify sends it only on plans with phone
 * collection)
 */
public record EmulatedTelegramUser(String id, String name, @Nullable String username, @Nullable String phone) {

	/** The id the emulated Telegram page suggests. */
	public static final String DEFAULT_ID = "100000001";

	/** The name the emulated Telegram page suggests. */
	public static final String DEFAULT_NAME = "Emulated User";

	/** The username the emulated Telegram page suggests. */
	public static final String DEFAULT_USERNAME = "emulated_user";

	/**
	 * Validates the id (digits only) and name (not blank); empty username or phone become {@code null}.
	 */
	public EmulatedTelegramUser {
		Assert.hasText(id, "id cannot be empty");
		Assert.isTrue(id.chars().allMatch(c -> c >= '0' && c <= '9'), "id must contain digits only");
		Assert.hasText(name, "name cannot be empty");
		username = (username == null || username.isBlank()) ? null : username;
		phone = (phone == null || phone.isBlank()) ? null : phone;
	}

	/**
	 * A user without a phone number.
	 * @param id the numeric Telegram user id
	 * @param name the display name
	 * @param username the handle without {@code @}, or {@code null}
	 * @return the user
	 */
	public static EmulatedTelegramUser of(String id, String name, @Nullable String username) {
		return new EmulatedTelegramUser(id, name, username, null);
	}

	/**
	 * The user the emulated Telegram page suggests: id {@value #DEFAULT_ID}, name {@value #DEFAULT_NAME}, username
	 * {@value #DEFAULT_USERNAME}.
	 * @return the default user
	 */
	public static EmulatedTelegramUser defaultUser() {
		return of(DEFAULT_ID, DEFAULT_NAME, DEFAULT_USERNAME);
	}

}
