package dev.tglogin.emulator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletResponse;

import com.nimbusds.jose.util.JSONObjectUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link XellarEnvelopes}: the wire shape of each answer, written with the emulator's own names.
 */
class XellarEnvelopesTests {

	private static final XellarAnswer.WalletTokens V2_TOKENS = new XellarAnswer.WalletTokens("eyJw", "eyJr");

	private static final XellarAnswer.WalletTokens V1_TOKENS = new XellarAnswer.WalletTokens("eyJw", null);

	@Test
	void envelopeWhenOtpSentThenTheTokenUnderItsFieldAndWhetherAWalletExists() {
		assertThat(XellarEnvelopes.envelope(new XellarAnswer.OtpSent("verifyToken", "eyJv", true)))
			.containsExactlyEntriesOf(envelope("ok", Map.of("verifyToken", "eyJv", "isWalletCreated", true)));
	}

	@Test
	void envelopeWhenWalletVerifiedThenV2AddressesAndRefreshTokenAndV1ASingleAddress() {
		assertThat(data(new XellarAnswer.WalletVerified("v2", V2_TOKENS, "0xabc"))).containsExactlyEntriesOf(
				ordered("isWalletCreated", true, "walletToken", "eyJw", "refreshToken", "eyJr", "addresses",
						List.of(Map.of("network", "evm", "address", "0xabc"))));
		assertThat(data(new XellarAnswer.WalletVerified("v1", V1_TOKENS, "0xabc"))).containsExactlyEntriesOf(
				ordered("isWalletCreated", true, "walletToken", "eyJw", "address", "0xabc"));
		assertThat(data(new XellarAnswer.AccessGranted("eyJa")))
			.containsExactlyEntriesOf(ordered("isWalletCreated", false, "accessToken", "eyJa"));
	}

	@Test
	void envelopeWhenWalletCreatedThenItsMessageAndAddressAsAListInV2AndAStringInV1() {
		Map<String, Object> created = XellarEnvelopes
			.envelope(new XellarAnswer.WalletCreated("v2", V2_TOKENS, "0xabc", "s0", "http://e/secret0/1"));
		assertThat(created).containsEntry("status", 200).containsEntry("message", "Create wallet successfully");
		assertThat(data(new XellarAnswer.WalletCreated("v2", V2_TOKENS, "0xabc", "s0", "http://e/secret0/1")))
			.containsExactlyEntriesOf(ordered("walletToken", "eyJw", "refreshToken", "eyJr", "secret0", "s0",
					"secret0Link", "http://e/secret0/1", "address", List.of(Map.of("network", "evm", "address", "0xabc"))));
		assertThat(data(new XellarAnswer.WalletCreated("v1", V1_TOKENS, "0xabc", "s0", "http://e/secret0/1")))
			.containsEntry("address", "0xabc")
			.doesNotContainKey("refreshToken");
	}

	@Test
	void envelopeWhenRefreshedOrSignedThenTheirData() {
		assertThat(XellarEnvelopes.envelope(new XellarAnswer.Refreshed(V2_TOKENS)))
			.containsExactlyEntriesOf(envelope("Refresh Success", ordered("walletToken", "eyJw", "refreshToken", "eyJr")));
		assertThat(data(new XellarAnswer.Signed("0x01"))).containsExactlyEntriesOf(Map.of("signature", "0x01"));
	}

	@Test
	void writeErrorWhenInsideA2xxThenTheHttpStatusDiffersFromTheEnvelopesAndDataIsNull() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		XellarEnvelopes.writeError(response, 200, 400, "Invalid OTP", null);
		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(response.getContentType()).startsWith("application/json");
		Map<String, Object> json = JSONObjectUtils.parse(response.getContentAsString());
		assertThat(json).containsEntry("status", 400L).containsEntry("message", "Invalid OTP").containsKey("data");
		assertThat(json.get("data")).isNull();
	}

	@Test
	void tokensWhenPrintedThenNoTokenShows() {
		assertThat(V2_TOKENS.toString()).doesNotContain("eyJ");
		assertThat(new XellarAnswer.AccessGranted("eyJa").toString()).doesNotContain("eyJ");
		assertThat(new XellarAnswer.WalletCreated("v2", V2_TOKENS, "0xabc", "s0secret", "l").toString())
			.doesNotContain("eyJ")
			.doesNotContain("s0secret");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> data(XellarAnswer answer) {
		return (Map<String, Object>) XellarEnvelopes.envelope(answer).get("data");
	}

	private static Map<String, Object> envelope(String message, Map<String, Object> data) {
		return ordered("status", 200, "message", message, "data", data);
	}

	private static Map<String, Object> ordered(Object... keysAndValues) {
		Map<String, Object> map = new LinkedHashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			map.put((String) keysAndValues[i], keysAndValues[i + 1]);
		}
		return map;
	}

}
