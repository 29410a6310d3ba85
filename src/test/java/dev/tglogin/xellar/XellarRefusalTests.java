package dev.tglogin.xellar;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class XellarRefusalTests {

	@Test
	void ofWhenTheTextSaysTheVerificationIsGoneThenVerificationGoneWhateverTheStatus() {
		for (int status : new int[] { 400, 401, 403, 404, 422 }) {
			assertThat(XellarRefusal.of(status, envelope("Invalid or expired verification token")))
				.isEqualTo(XellarRefusal.VERIFICATION_GONE);
			assertThat(XellarRefusal.of(status, envelope("OTP expired"))).isEqualTo(XellarRefusal.VERIFICATION_GONE);
			assertThat(XellarRefusal.of(status, envelope("Verification not found")))
				.isEqualTo(XellarRefusal.VERIFICATION_GONE);
			assertThat(XellarRefusal.of(status, envelope("Code already used")))
				.isEqualTo(XellarRefusal.VERIFICATION_GONE);
			assertThat(XellarRefusal.of(status, envelope("Invalid token"))).isEqualTo(XellarRefusal.VERIFICATION_GONE);
		}
	}

	@Test
	void ofWhenTheTextSaysTheCodeIsWrongThenWrongCodeWhateverTheStatus() {
		for (int status : new int[] { 400, 401, 410 }) {
			assertThat(XellarRefusal.of(status, envelope("Invalid OTP"))).isEqualTo(XellarRefusal.WRONG_CODE);
			assertThat(XellarRefusal.of(status, envelope("The code does not match")))
				.isEqualTo(XellarRefusal.WRONG_CODE);
			assertThat(XellarRefusal.of(status, envelope("Wrong OTP token"))).isEqualTo(XellarRefusal.WRONG_CODE);
		}
	}

	@Test
	void ofWhenTheCodeFieldSaysItThenItDecidesToo() {
		Map<String, Object> json = envelope("Bad request");
		json.put(XellarProtocol.CODE, "VERIFICATION_EXPIRED");
		assertThat(XellarRefusal.of(400, json)).isEqualTo(XellarRefusal.VERIFICATION_GONE);
		Map<String, Object> inData = envelope("Bad request");
		inData.put(XellarProtocol.DATA, Map.of(XellarProtocol.CODE, "WRONG_OTP"));
		assertThat(XellarRefusal.of(401, inData)).isEqualTo(XellarRefusal.WRONG_CODE);
		Map<String, Object> error = new LinkedHashMap<>();
		error.put(XellarProtocol.ERROR, "otp_expired");
		assertThat(XellarRefusal.of(400, error)).isEqualTo(XellarRefusal.VERIFICATION_GONE);
	}

	@Test
	void ofWhenTheTextNamesTheClientSecretThenCredentialNotAJudgementOfTheCode() {
		assertThat(XellarRefusal.of(401, envelope("Invalid client secret"))).isEqualTo(XellarRefusal.CREDENTIAL);
		assertThat(XellarRefusal.of(403, envelope("x-client-secret is required"))).isEqualTo(XellarRefusal.CREDENTIAL);
		assertThat(XellarRefusal.of(403, envelope("Origin not allowed for this app id")))
			.isEqualTo(XellarRefusal.CREDENTIAL);
	}

	@Test
	void ofWhenTheTextSaysNothingThenOnly410IsGoneAndEverythingElseCountsAsAWrongCode() {
		assertThat(XellarRefusal.said(envelope("Emulated fault: HTTP 401"))).isNull();
		assertThat(XellarRefusal.said(null)).isNull();
		assertThat(XellarRefusal.of(410, envelope("Gone"))).isEqualTo(XellarRefusal.VERIFICATION_GONE);
		for (int status : new int[] { 400, 401, 403, 404, 409, 418, 422 }) {
			assertThat(XellarRefusal.of(status, envelope("Emulated fault: HTTP " + status))).as("" + status)
				.isEqualTo(XellarRefusal.WRONG_CODE);
			assertThat(XellarRefusal.of(status, null)).isEqualTo(XellarRefusal.WRONG_CODE);
		}
		// words of one kind without a name of the thing they describe decide nothing
		assertThat(XellarRefusal.said(envelope("Request expired, unknown user"))).isNull();
		assertThat(XellarRefusal.said(envelope("unused"))).isNull();
	}

	private static Map<String, Object> envelope(String message) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put(XellarProtocol.STATUS, 400);
		json.put(XellarProtocol.MESSAGE, message);
		json.put(XellarProtocol.DATA, null);
		return json;
	}

}
