package dev.tglogin.emulator;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;

/**
 * The Xellar emulator's phone numbers: what its login accepts, their normalized form ({@code +digits}), a typed
 * number's, and their masked form for logs and the emulated Telegram page.
 */
final class XellarPhoneNumbers {

	private static final Pattern PHONE_NUMBER = Pattern.compile("\\+?([0-9]{6,15})");

	/** What Xellar's own UI kit validates and sends: digits only, no leading zero. */
	private static final Pattern DIGITS_ONLY = Pattern.compile("[1-9][0-9]{5,14}");

	private XellarPhoneNumbers() {
	}

	/**
	 * @param phoneNumber a phone number as a login sent it
	 * @return whether it is digits only, 6 to 15 of them, without a leading zero, as Xellar's UI kit sends it
	 */
	static boolean isDigitsOnly(String phoneNumber) {
		return DIGITS_ONLY.matcher(phoneNumber).matches();
	}

	/** @return {@code +digits}, or empty when not 6 to 15 digits after an optional {@code +} */
	static Optional<String> normalize(@Nullable String phoneNumber) {
		if (phoneNumber == null) {
			return Optional.empty();
		}
		Matcher matcher = PHONE_NUMBER.matcher(phoneNumber);
		return matcher.matches() ? Optional.of("+" + matcher.group(1)) : Optional.empty();
	}

	/**
	 * @param phoneNumber a phone number, with or without {@code +}
	 * @return it normalized
	 * @throws IllegalArgumentException when it is not 6 to 15 digits after an optional {@code +}
	 */
	static String require(String phoneNumber) {
		Optional<String> phone = normalize(phoneNumber);
		Assert.isTrue(phone.isPresent(), "phoneNumber must be 6 to 15 digits, optionally after a +");
		return phone.get();
	}

	/**
	 * @param typed a phone number as a person types it: spaces, dots, dashes and parentheses allowed
	 * @return it normalized ({@code +digits}), or empty when it is not 6 to 15 digits after an optional {@code +}
	 */
	static Optional<String> typed(String typed) {
		return normalize(typed.replaceAll("[\\s().-]", ""));
	}

	/**
	 * @param phone a normalized phone number
	 * @return it masked for logs and the page: {@code +12***89}
	 */
	static String mask(String phone) {
		return phone.substring(0, 3) + "***" + phone.substring(phone.length() - 2);
	}

}
