package dev.tglogin.bondify;

import org.jspecify.annotations.Nullable;

/**
 * Reads a Telegram id as Bondify sends it: a string of digits, or (as some SDKs do) a JSON integer.
 */
final class TelegramIds {

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
		return (id != null && isDigits(id)) ? id : null;
	}

	/** Whether the text is 1 to 20 ASCII digits. */
	private static boolean isDigits(String text) {
		if (text.isEmpty() || text.length() > 20) {
			return false;
		}
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c < '0' || c > '9') {
				return false;
			}
		}
		return true;
	}

}
