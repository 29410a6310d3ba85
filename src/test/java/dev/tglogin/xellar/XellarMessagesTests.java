package dev.tglogin.xellar;

import java.net.http.HttpHeaders;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tglogin.http.UpstreamResponse;

import static org.assertj.core.api.Assertions.assertThat;

class XellarMessagesTests {

	@Test
	void sanitizeWhenNumbersOfFiveDigitsOrMoreControlCharactersOrLengthThenMaskedReplacedAndCut() {
		assertThat(XellarMessages.sanitize("Invalid OTP")).isEqualTo("Invalid OTP");
		assertThat(XellarMessages.sanitize("Emulated fault: HTTP 500")).isEqualTo("Emulated fault: HTTP 500");
		assertThat(XellarMessages.sanitize("no user +15551234567")).isEqualTo("no user ***");
		assertThat(XellarMessages.sanitize("no user 1 (555) 123-4567.")).isEqualTo("no user ***.");
		assertThat(XellarMessages.sanitize("code 12345 or 1234")).isEqualTo("code *** or 1234");
		assertThat(XellarMessages.sanitize("a\r\nINFO forged\u0000")).isEqualTo("a??INFO forged?");
		assertThat(XellarMessages.sanitize("\u0661\u0662\u0663\u0664\u0665\u0666")).isEqualTo("??????");
		assertThat(XellarMessages.sanitize("x".repeat(5000))).hasSize(123).endsWith("...");
		assertThat(XellarMessages.sanitize("x".repeat(115) + " 5551234567")).isEqualTo("x".repeat(115) + " ***");
	}

	@Test
	void ofWhenTheEnvelopeHasAMessageThenItSanitisedElseNoMessage() {
		assertThat(XellarMessages.of(answer(Map.of("status", 400, "message", "no user +15551234567"))))
			.isEqualTo("no user ***");
		assertThat(XellarMessages.of(answer(Map.of("status", 400, "message", 12)))).isEqualTo("no message");
		assertThat(XellarMessages.of(answer(null))).isEqualTo("no message");
	}

	private static UpstreamResponse answer(Map<String, Object> json) {
		return new UpstreamResponse(400, HttpHeaders.of(Map.of(), (name, value) -> true), json);
	}

}
