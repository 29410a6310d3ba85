package dev.tglogin.xellar;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Validates phone numbers before any upstream call: E.164 ({@code +} then 7 to 15 digits, no leading zero), with
 * spaces, dashes, dots and parentheses allowed as separators and {@code 00} read as {@code +}: the same person
 * typing their number two ways is one number (one Xellar user, one throttle key).
 */
public final class PhoneNumbers {

	private static final Pattern SEPARATORS = Pattern.compile("[\\s().-]");

	private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");

	private PhoneNumbers() {
	}

	/**
	 * Returns the number in E.164 form, or {@code null} when it is not a phone number.
	 * @param input what the user typed
	 * @return the normalized number, or {@code null}
	 */
	public static @Nullable String normalize(@Nullable String input) {
		if (input == null || input.length() > 32) {
			return null;
		}
		String compact = SEPARATORS.matcher(input).replaceAll("");
		if (compact.startsWith("00")) {
			// the international call prefix many countries dial instead of '+'
			compact = "+" + compact.substring(2);
		}
		return E164.matcher(compact).matches() ? compact : null;
	}

	/**
	 * Returns the number masked for logs and pages: {@code +12*****89}.
	 * @param phoneNumber a normalized number
	 * @return the masked number
	 */
	public static String mask(String phoneNumber) {
		if (phoneNumber.length() <= 5) {
			return "***";
		}
		return phoneNumber.substring(0, 3) + "*".repeat(phoneNumber.length() - 5)
				+ phoneNumber.substring(phoneNumber.length() - 2);
	}

}
