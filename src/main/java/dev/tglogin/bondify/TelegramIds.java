package dev.tglogin.bondify;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Reads a Telegram id as Bondify sends it: a string of digits, or (as some SDKs do) a JSON integer.
 */
final class TelegramIds {

	private static final Pattern DIGITS = Pattern.compile("[0-9]{1,20}");

	private TelegramIds() {
	}

	/**
	 * Returns the id as a string of 1 to 20 digits, or {@code null} when the value is not a Telegram id.
	 * @param value a claim or JSON field value
	 * @return the id, or {@code null}
	 */
	static @Nullable String read(@Nullable Object value) {
		String id = (value instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue()))
				? Long.toString(number.longValue()) : ((value instanceof String s) ? s : null);
		return (id != null && DIGITS.matcher(id).matches()) ? id : null;
	}

}
