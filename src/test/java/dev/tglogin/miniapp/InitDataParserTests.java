package dev.tglogin.miniapp;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link InitDataParser}: strict parsing and the data-check string.
 */
class InitDataParserTests {

	@Test
	void parseWhenStrictThenDecodedAndSortedByKey() {
		Map<String, String> fields = InitDataParser.parse("user=%7B%22a%22%3A1%7D&auth_date=1&b=x+y%20z&empty=");
		assertThat(fields).containsExactly(Map.entry("auth_date", "1"), Map.entry("b", "x y z"),
				Map.entry("empty", ""), Map.entry("user", "{\"a\":1}"));
	}

	@Test
	void parseWhenKeyRepeatedEvenEncodedDifferentlyThenMalformed() {
		assertMalformed("a=1&a=1");
		assertMalformed("a=1&%61=2");
	}

	@Test
	void parseWhenPairIncompleteThenMalformed() {
		assertMalformed("a=1&&b=2");
		assertMalformed("a");
		assertMalformed("=1");
		assertMalformed("%zz=1");
		assertMalformed("");
	}

	@Test
	void dataCheckStringWhenKeysExcludedThenSortedLinesWithoutThem() {
		Map<String, String> fields = InitDataParser.parse("user=u&hash=h&auth_date=1&signature=s");
		assertThat(InitDataParser.dataCheckString(fields, "hash")).isEqualTo("auth_date=1\nsignature=s\nuser=u");
		assertThat(InitDataParser.dataCheckString(fields, "hash", "signature")).isEqualTo("auth_date=1\nuser=u");
	}

	private static void assertMalformed(String initData) {
		assertThatExceptionOfType(InvalidInitDataException.class).isThrownBy(() -> InitDataParser.parse(initData))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo("malformed"));
	}

}
