package dev.tglogin.web;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link JsonRequests}.
 */
class JsonRequestsTests {

	@Test
	void readObjectWhenJsonObjectThenItsFields() throws Exception {
		Map<String, Object> json = JsonRequests.readObject(request("{\"otp\":\"123456\",\"n\":2}"), 100);
		assertThat(json).containsEntry("otp", "123456").containsEntry("n", 2L);
	}

	@Test
	void readObjectWhenEmptyObjectWithOrWithoutSpacesThenEmptyAndWhenUndeclaredLengthThenTheSame() throws Exception {
		for (String body : new String[] { "{}", " {}", "{ }", "{}\n", "\t{\r\n}" }) {
			assertThat(JsonRequests.readObject(request(body), 100)).as(body).isEmpty();
			assertThat(JsonRequests.readOptionalObject(request(body), 100)).as(body).isEmpty();
			assertThat(JsonRequests.readObject(undeclared(body), 100)).as(body).isEmpty();
		}
		assertThat(JsonRequests.readObject(request("{}"), 100).get("waitSeconds")).isNull();
	}

	@Test
	void readObjectWhenNotAnObjectThenInvalidRequest() {
		for (String body : new String[] { "", "null", "[1]", "\"text\"", "{\"a\":", "[".repeat(5000), "{", "}", "{}}",
				"{}{}", "{{}" }) {
			assertThatExceptionOfType(InvalidRequestException.class)
				.isThrownBy(() -> JsonRequests.readObject(request(body), 16 * 1024))
				.satisfies((ex) -> assertThat(ex.getError().code()).isEqualTo("invalid_request"));
		}
	}

	@Test
	void readObjectWhenNotUtf8ThenInvalidRequest() {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/");
		request.setContent(new byte[] { '{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}' });
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> JsonRequests.readObject(request, 100))
			.satisfies((ex) -> assertThat(ex.getError().message()).contains("UTF-8"));
	}

	@Test
	void readObjectWhenDeclaredLengthOverTheLimitThenPayloadTooLarge() {
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> JsonRequests.readObject(request("{\"a\":\"" + "x".repeat(100) + "\"}"), 50))
			.satisfies((ex) -> {
				assertThat(ex.getError().status()).isEqualTo(413);
				assertThat(ex.getError().code()).isEqualTo("payload_too_large");
			});
	}

	@Test
	void readObjectWhenUndeclaredBodyOverTheLimitThenPayloadTooLargeWithoutReadingItAll() throws Exception {
		MockHttpServletRequest request = undeclared("{\"a\":\"" + "x".repeat(100) + "\"}");
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> JsonRequests.readObject(request, 50))
			.satisfies((ex) -> assertThat(ex.getError().status()).isEqualTo(413));
	}

	@Test
	void readOptionalObjectWhenEmptyOrNotAnObjectThenEmpty() throws Exception {
		MockHttpServletRequest empty = new MockHttpServletRequest("POST", "/");
		empty.setContent(new byte[0]);
		assertThat(JsonRequests.readOptionalObject(empty, 100)).isEmpty();
		assertThat(JsonRequests.readOptionalObject(request("not json"), 100)).isEmpty();
		assertThat(JsonRequests.readOptionalObject(request("{\"waitSeconds\":5}"), 100)).containsEntry("waitSeconds",
				5L);
	}

	@Test
	void readOptionalObjectWhenOverTheLimitThenStillPayloadTooLarge() {
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> JsonRequests.readOptionalObject(request("x".repeat(200)), 100))
			.satisfies((ex) -> assertThat(ex.getError().status()).isEqualTo(413));
	}

	@Test
	void requireBodyWithinWhenWithinThenNothingAndOverThenPayloadTooLarge() throws Exception {
		JsonRequests.requireBodyWithin(request("x".repeat(100)), 100);
		JsonRequests.requireBodyWithin(undeclared("x".repeat(100)), 100);
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> JsonRequests.requireBodyWithin(request("x".repeat(101)), 100));
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> JsonRequests.requireBodyWithin(undeclared("x".repeat(101)), 100));
	}

	@Test
	void readBodyWhenWithinTheLimitThenTheBytesAndOverItThenNullWithTheRestThrownAway() throws Exception {
		assertThat(JsonRequests.readBody(request("x".repeat(100)), 100)).hasSize(100);
		assertThat(JsonRequests.readBody(undeclared("x".repeat(100)), 100)).hasSize(100);
		MockHttpServletRequest declared = request("x".repeat(101));
		assertThat(JsonRequests.readBody(declared, 100)).isNull();
		assertThat(declared.getInputStream().read()).isEqualTo(-1);
		MockHttpServletRequest chunked = undeclared("x".repeat(5000));
		assertThat(JsonRequests.readBody(chunked, 100)).isNull();
		assertThat(chunked.getInputStream().read()).isEqualTo(-1);
	}

	@Test
	void requiredStringWhenMissingBlankWrongTypeOrTooLongThenInvalidRequestNamingTheField() throws Exception {
		assertThat(JsonRequests.requiredString(Map.of("otp", "1234"), "otp", 4)).isEqualTo("1234");
		for (Map<String, Object> json : java.util.List.<Map<String, Object>>of(Map.of(), Map.of("otp", " "),
				Map.of("otp", 1234L), Map.of("otp", "12345"))) {
			assertThatExceptionOfType(InvalidRequestException.class)
				.isThrownBy(() -> JsonRequests.requiredString(json, "otp", 4))
				.satisfies((ex) -> {
					assertThat(ex.getError().code()).isEqualTo("invalid_request");
					assertThat(ex.getError().message()).contains("\"otp\"");
				});
		}
	}

	private static MockHttpServletRequest request(String body) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/");
		request.setContent(body.getBytes(StandardCharsets.UTF_8));
		return request;
	}

	/** A chunked request: no declared length. */
	private static MockHttpServletRequest undeclared(String body) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/") {

			@Override
			public long getContentLengthLong() {
				return -1;
			}

			@Override
			public int getContentLength() {
				return -1;
			}

		};
		request.setContent(body.getBytes(StandardCharsets.UTF_8));
		return request;
	}

}
