package dev.tglogin.http;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link JsonCodec}.
 */
class JsonCodecTests {

	@Test
	void parseObjectWhenAJsonObjectThenItsFields() {
		assertThat(JsonCodec.parseObject("{\"a\":\"b\",\"n\":2,\"l\":[1]}", -1)).containsEntry("a", "b")
			.containsEntry("n", 2L)
			.containsEntry("l", List.of(1L));
		assertThat(JsonCodec.parseObject("{\"a\":\"\u00e9\"}".getBytes(StandardCharsets.UTF_8), 100))
			.containsEntry("a", "\u00e9");
	}

	@Test
	void parseObjectWhenNotAJsonObjectOrTooLongThenNullNeverAnException() {
		for (String text : new String[] { "", " ", "null", "[1]", "\"text\"", "{\"a\":", "{\"a\":1}}x", "[".repeat(100_000),
				"{\"a\":".repeat(100_000) }) {
			assertThat(JsonCodec.parseObject(text, -1)).as(text.substring(0, Math.min(text.length(), 20))).isNull();
		}
		assertThat(JsonCodec.parseObject("{\"a\":\"" + "x".repeat(100) + "\"}", 50)).isNull();
		assertThat(JsonCodec.parseObject(new byte[0], -1)).isNull();
	}

	@Test
	void toJsonWhenAnObjectThenItsTextInOrderWithNullsAndToBytesItsUtf8() {
		Map<String, Object> object = new LinkedHashMap<>();
		object.put("status", 200L);
		object.put("message", "\u00e9t\u00e9");
		object.put("data", null);
		assertThat(JsonCodec.toJson(object)).isEqualTo("{\"status\":200,\"message\":\"\u00e9t\u00e9\",\"data\":null}");
		assertThat(JsonCodec.toBytes(Map.of("a", "\u00e9")))
			.isEqualTo("{\"a\":\"\u00e9\"}".getBytes(StandardCharsets.UTF_8));
		assertThat(JsonCodec.parseObject(JsonCodec.toJson(object), -1)).isEqualTo(object);
	}

}
