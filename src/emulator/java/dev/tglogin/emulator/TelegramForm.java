package dev.tglogin.emulator;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import jakarta.servlet.http.HttpServletRequest;

/**
 * A form posted by the emulated Telegram page's Confirm or Cancel button, read and checked; a bad form throws
 * {@link InvalidFormException} with a message the page shows.
 */
final class TelegramForm {

	private static final String FORM_CONTENT_TYPE = "application/x-www-form-urlencoded";

	private static final int MAX_NAME_LENGTH = 128;

	private static final Pattern TELEGRAM_ID = Pattern.compile("[0-9]{1,19}");

	private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_]{1,32}");

	private static final Pattern PHONE = Pattern.compile("\\+?[0-9]{5,20}");

	private final Map<String, String> fields;

	private TelegramForm(Map<String, String> fields) {
		this.fields = fields;
	}

	/** Reads the request's form body (the first value of each field). */
	static TelegramForm read(HttpServletRequest request) throws IOException {
		String contentType = request.getContentType();
		if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith(FORM_CONTENT_TYPE)) {
			throw new InvalidFormException("Expected a form (" + FORM_CONTENT_TYPE + ").");
		}
		String body = new String(EmulatorHttp.readBody(request), StandardCharsets.UTF_8);
		Map<String, String> form = new LinkedHashMap<>();
		try {
			for (String pair : body.split("&")) {
				if (pair.isEmpty()) {
					continue;
				}
				int eq = pair.indexOf('=');
				String name = URLDecoder.decode((eq < 0) ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
				String value = (eq < 0) ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
				form.putIfAbsent(name, value);
			}
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidFormException("The form is not properly encoded.");
		}
		return new TelegramForm(form);
	}

	/** The session token of the login request the form acts on. */
	String sessionToken() {
		String token = this.fields.get(BondifyWire.SESSION_TOKEN);
		if (token == null || token.isBlank() || token.length() > EmulatorHttp.MAX_TOKEN_LENGTH) {
			throw new InvalidFormException("Missing or invalid session token.");
		}
		return token;
	}

	/** The Telegram user the Confirm form confirms as. */
	EmulatedTelegramUser user() {
		String id = field(BondifyWire.TELEGRAM_ID);
		if (!TELEGRAM_ID.matcher(id).matches()) {
			throw new InvalidFormException("The Telegram id must be 1 to 19 digits.");
		}
		String name = field(BondifyWire.TELEGRAM_NAME);
		if (name.isEmpty() || name.length() > MAX_NAME_LENGTH || name.chars().anyMatch(Character::isISOControl)) {
			throw new InvalidFormException("The name must be 1 to " + MAX_NAME_LENGTH + " characters.");
		}
		String username = field(BondifyWire.TELEGRAM_USERNAME);
		if (username.startsWith("@")) {
			username = username.substring(1);
		}
		if (!username.isEmpty() && !USERNAME.matcher(username).matches()) {
			throw new InvalidFormException("The username must be 1 to 32 letters, digits or underscores.");
		}
		String phone = field(BondifyWire.TELEGRAM_PHONE);
		if (!phone.isEmpty() && !PHONE.matcher(phone).matches()) {
			throw new InvalidFormException("The phone must be 5 to 20 digits, optionally after a +.");
		}
		return new EmulatedTelegramUser(id, name, username, phone);
	}

	/** A field's value, stripped, or {@code null} when it is missing or empty. */
	@Nullable String value(String name) {
		String value = field(name);
		return value.isEmpty() ? null : value;
	}

	private String field(String name) {
		return this.fields.getOrDefault(name, "").strip();
	}

	/** A form value the page rejects; the message is shown on the page. */
	static final class InvalidFormException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		InvalidFormException(String message) {
			super(message);
		}

	}

}
