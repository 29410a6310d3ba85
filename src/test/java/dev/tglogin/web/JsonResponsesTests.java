package dev.tglogin.web;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link JsonResponses}.
 */
class JsonResponsesTests {

	@Test
	void writeWhenCalledThenUtf8JsonNeverCachedWithItsLength() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		JsonResponses.write(response, 201, Map.of("name", "Äda \"quoted\" </script>"));
		assertThat(response.getStatus()).isEqualTo(201);
		assertThat(response.getContentType()).isEqualTo("application/json;charset=UTF-8");
		assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store");
		byte[] body = response.getContentAsByteArray();
		assertThat(response.getContentLength()).isEqualTo(body.length);
		assertThat(new String(body, StandardCharsets.UTF_8)).startsWith("{\"name\":\"Äda \\\"quoted\\\"");
		assertThat(response.isCommitted()).isTrue();
	}

	@Test
	void writeWhenSerializedOnceThenTheSameAnswerEveryTime() throws Exception {
		byte[] pending = JsonResponses.serialize(Map.of("status", "pending"));
		for (int i = 0; i < 2; i++) {
			MockHttpServletResponse response = new MockHttpServletResponse();
			JsonResponses.write(response, 200, pending);
			assertThat(response.getStatus()).isEqualTo(200);
			assertThat(response.getContentType()).isEqualTo("application/json;charset=UTF-8");
			assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store");
			assertThat(response.getContentLength()).isEqualTo(pending.length);
			assertThat(response.getContentAsString()).isEqualTo("{\"status\":\"pending\"}");
		}
	}

	@Test
	void writeWhenTheResponseIsCommittedThenNothingIsWritten() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		response.setStatus(204);
		response.flushBuffer();
		JsonResponses.write(response, 200, Map.of("status", "late"));
		assertThat(response.getStatus()).isEqualTo(204);
		assertThat(response.getContentAsString()).isEmpty();
	}

	@Test
	void errorWhenRetryAfterThenTheHeaderAndTheContract() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		JsonResponses.error(response, TelegramLoginError.rateLimited(30));
		assertThat(response.getStatus()).isEqualTo(429);
		assertThat(response.getHeader("Retry-After")).isEqualTo("30");
		assertThat(response.getContentAsString())
			.isEqualTo("{\"error\":\"rate_limited\",\"message\":\"Too many login attempts; try again later\"}");
	}

	@Test
	void errorWhenNoRetryAfterThenNoHeader() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		JsonResponses.error(response, TelegramLoginError.noPendingLogin());
		assertThat(response.getStatus()).isEqualTo(409);
		assertThat(response.getHeader("Retry-After")).isNull();
	}

	@Test
	void objectWhenNullValuesThenLeftOutAndTheOrderKept() {
		Map<String, Object> map = JsonResponses.object("b", 1, "gone", null, "a", "x");
		assertThat(map).isInstanceOf(LinkedHashMap.class).containsOnlyKeys("b", "a");
		assertThat(map.keySet()).containsExactly("b", "a");
		map.put("c", true);
		assertThat(map).containsKey("c");
	}

}
