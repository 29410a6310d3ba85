package dev.tglogin.http;

import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RetryAfter}.
 */
class RetryAfterTests {

	private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

	private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

	@Test
	void parseWhenDeltaSecondsThenThatDuration() {
		assertThat(parse("7")).isEqualTo(Duration.ofSeconds(7));
		assertThat(parse("120")).isEqualTo(Duration.ofMinutes(2));
	}

	@Test
	void parseWhenZeroThenZero() {
		assertThat(parse("0")).isEqualTo(Duration.ZERO);
	}

	@Test
	void parseWhenSurroundedByWhitespaceThenTrimmed() {
		assertThat(parse("  7 ")).isEqualTo(Duration.ofSeconds(7));
	}

	@Test
	void parseWhenHeaderNameInOtherCaseThenRead() {
		HttpHeaders headers = HttpHeaders.of(Map.of("retry-after", List.of("9")), (name, value) -> true);
		assertThat(RetryAfter.parse(headers, CLOCK)).isEqualTo(Duration.ofSeconds(9));
	}

	@Test
	void parseWhenAbsentThenNull() {
		HttpHeaders headers = HttpHeaders.of(Map.of("Content-Type", List.of("application/json")), (n, v) -> true);
		assertThat(RetryAfter.parse(headers, CLOCK)).isNull();
	}

	@Test
	void parseWhenNegativeThenNull() {
		assertThat(parse("-1")).isNull();
		assertThat(parse("-3600")).isNull();
	}

	@Test
	void parseWhenGarbageThenNull() {
		assertThat(parse("soon")).isNull();
		assertThat(parse("")).isNull();
		assertThat(parse("7s")).isNull();
		assertThat(parse("1.5")).isNull();
		assertThat(parse("0x10")).isNull();
		assertThat(parse("Sun, 99 Mar 2026 12:00:00 GMT")).isNull();
	}

	@Test
	void parseWhenDeltaOverOneHourThenCappedAtOneHour() {
		assertThat(parse("3601")).isEqualTo(Duration.ofHours(1));
		assertThat(parse("86400")).isEqualTo(Duration.ofHours(1));
		assertThat(parse(Long.toString(Long.MAX_VALUE))).isEqualTo(Duration.ofHours(1));
		assertThat(parse("3600")).isEqualTo(Duration.ofHours(1));
	}

	@Test
	void parseWhenNumberOverflowsLongThenNull() {
		assertThat(parse("99999999999999999999999")).isNull();
	}

	@Test
	void parseWhenHttpDateThenDelayUntilIt() {
		assertThat(parse("Sun, 01 Mar 2026 12:00:30 GMT")).isEqualTo(Duration.ofSeconds(30));
		assertThat(parse(httpDate(NOW.plusSeconds(95)))).isEqualTo(Duration.ofSeconds(95));
	}

	@Test
	void parseWhenHttpDateInPastThenZero() {
		assertThat(parse(httpDate(NOW.minusSeconds(10)))).isEqualTo(Duration.ZERO);
		assertThat(parse(httpDate(NOW))).isEqualTo(Duration.ZERO);
	}

	@Test
	void parseWhenHttpDateMoreThanOneHourAwayThenCappedAtOneHour() {
		assertThat(parse(httpDate(NOW.plus(Duration.ofDays(2))))).isEqualTo(Duration.ofHours(1));
	}

	@Test
	void parseWhenSeveralValuesThenFirstUsed() {
		HttpHeaders headers = HttpHeaders.of(Map.of("Retry-After", List.of("5", "50")), (n, v) -> true);
		assertThat(RetryAfter.parse(headers, CLOCK)).isEqualTo(Duration.ofSeconds(5));
	}

	private static Duration parse(String value) {
		return RetryAfter.parse(HttpHeaders.of(Map.of("Retry-After", List.of(value)), (n, v) -> true), CLOCK);
	}

	private static String httpDate(Instant instant) {
		return DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.ofInstant(instant, ZoneOffset.UTC));
	}

}
