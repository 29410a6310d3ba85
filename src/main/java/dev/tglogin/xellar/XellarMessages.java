package dev.tglogin.xellar;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.tglogin.http.UpstreamResponse;

/**
 * Xellar's free-text {@code message} made fit for logs and exception messages: it may echo what the request carried,
 * such as the phone number, so it is never used as it arrives.
 */
final class XellarMessages {

	/** Longest part of Xellar's {@code message} kept. */
	private static final int MAX_MESSAGE_LENGTH = 120;

	/** A number in Xellar's {@code message} with at least this many digits is masked. */
	private static final int MASKED_DIGITS = 5;

	/** A number, with the separators a phone number may be written with. */
	private static final Pattern NUMBER = Pattern.compile("\\+?[0-9](?:[0-9 .()/-]*[0-9])?");

	private XellarMessages() {
	}

	/**
	 * The envelope's {@code message} of an answer, {@link #sanitize sanitised}.
	 * @param response the answer
	 * @return the sanitised message, or {@code no message} when the answer has none
	 */
	static String of(UpstreamResponse response) {
		Object message = (response.json() != null) ? response.json().get(XellarProtocol.MESSAGE) : null;
		return (message instanceof String text) ? sanitize(text) : "no message";
	}

	/**
	 * Characters outside printable ASCII (control characters, line breaks, other scripts' digits) become {@code ?},
	 * every number of {@value #MASKED_DIGITS} or more digits (spaces, dots, dashes, parentheses and a leading
	 * {@code +} between them included) becomes {@code ***}, and the result is cut to {@value #MAX_MESSAGE_LENGTH}
	 * characters.
	 * @param message the upstream's message
	 * @return the sanitised message
	 */
	static String sanitize(String message) {
		String text = (message.length() > 4 * MAX_MESSAGE_LENGTH) ? message.substring(0, 4 * MAX_MESSAGE_LENGTH)
				: message;
		text = text.replaceAll("[^\\p{Print}]", "?");
		Matcher numbers = NUMBER.matcher(text);
		StringBuilder masked = new StringBuilder();
		while (numbers.find()) {
			long digits = numbers.group().chars().filter(Character::isDigit).count();
			numbers.appendReplacement(masked, (digits >= MASKED_DIGITS) ? "***" : Matcher.quoteReplacement(numbers.group()));
		}
		numbers.appendTail(masked);
		return (masked.length() > MAX_MESSAGE_LENGTH) ? masked.substring(0, MAX_MESSAGE_LENGTH) + "..."
				: masked.toString();
	}

}
