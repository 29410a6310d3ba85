package dev.tglogin.miniapp;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Strict parsing of init data, the query string {@code Telegram.WebApp.initData}: {@code key=value} pairs separated
 * by {@code &}, keys and values URL-decoded as a browser's {@code URLSearchParams} does it ({@code +} is a space),
 * which is how Telegram's own data-check string is made. Anything a lenient parser would guess about is refused:
 * an empty pair, a pair without {@code =}, an empty key, a malformed escape, a key given twice.
 */
final class InitDataParser {

	/** Longer than any init data Telegram sends (a few hundred bytes, up to about 4 KB with a long start parameter). */
	static final int MAX_LENGTH = 8 * 1024;

	private InitDataParser() {
	}

	/**
	 * Parses init data into its fields, sorted by key (the order of the data-check string).
	 * @param initData the raw query string
	 * @return the decoded fields, sorted by key
	 * @throws InvalidInitDataException when the string is not strict init data
	 */
	static Map<String, String> parse(String initData) {
		if (initData.isEmpty() || initData.length() > MAX_LENGTH) {
			throw malformed("The init data is empty or too long");
		}
		Map<String, String> fields = new TreeMap<>();
		for (String pair : initData.split("&", -1)) {
			int equals = pair.indexOf('=');
			if (equals <= 0) {
				throw malformed("The init data has a field without a name or a value");
			}
			String key = decode(pair.substring(0, equals));
			String value = decode(pair.substring(equals + 1));
			if (key.isEmpty() || fields.putIfAbsent(key, value) != null) {
				throw malformed("The init data has an empty or repeated field name");
			}
		}
		return fields;
	}

	/**
	 * Returns the data-check string: the {@code key=value} lines of the given fields, sorted by key, joined by
	 * {@code \n}, leaving out the named keys.
	 * @param fields the fields sorted by key
	 * @param excluded the keys to leave out
	 * @return the data-check string
	 */
	static String dataCheckString(Map<String, String> fields, String... excluded) {
		Map<String, String> kept = new LinkedHashMap<>(fields);
		for (String key : excluded) {
			kept.remove(key);
		}
		StringBuilder lines = new StringBuilder();
		kept.forEach((key, value) -> {
			if (!lines.isEmpty()) {
				lines.append('\n');
			}
			lines.append(key).append('=').append(value);
		});
		return lines.toString();
	}

	private static String decode(String value) {
		try {
			return URLDecoder.decode(value, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			throw malformed("The init data has a malformed escape");
		}
	}

	private static InvalidInitDataException malformed(String message) {
		return new InvalidInitDataException("malformed", message);
	}

}
