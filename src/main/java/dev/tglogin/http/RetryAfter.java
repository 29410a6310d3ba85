package dev.tglogin.http;

import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * Reads an HTTP {@code Retry-After} header (delta-seconds or HTTP-date), bounded to one hour.
 */
public final class RetryAfter {

	private static final Duration MAX = Duration.ofHours(1);

	private RetryAfter() {
	}

	/**
	 * Parses the header.
	 * @param headers the response headers
	 * @param clock the clock for HTTP-date values
	 * @return the delay, or {@code null} when absent or unreadable
	 */
	public static @Nullable Duration parse(HttpHeaders headers, Clock clock) {
		Optional<String> value = headers.firstValue("Retry-After");
		if (value.isEmpty()) {
			return null;
		}
		String text = value.get().trim();
		try {
			long seconds = Long.parseLong(text);
			return (seconds < 0) ? null : bounded(Duration.ofSeconds(seconds));
		}
		catch (NumberFormatException ex) {
			try {
				ZonedDateTime at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME);
				Duration delay = Duration.between(clock.instant(), at.toInstant());
				return delay.isNegative() ? Duration.ZERO : bounded(delay);
			}
			catch (DateTimeParseException ignored) {
				return null;
			}
		}
	}

	private static Duration bounded(Duration delay) {
		return (delay.compareTo(MAX) > 0) ? MAX : delay;
	}

}
