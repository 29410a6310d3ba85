package dev.tglogin.xellar;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class XellarAnswersTests {

	@Test
	void addressesWhenV2ListOrV1StringThenWalletAddresses() {
		assertThat(XellarAnswers.addresses(Map.of("addresses",
				List.of(Map.of("network", "evm", "address", "0xabc"), Map.of("network", "solana", "address", "So1")))))
			.containsExactly(new WalletAddress("evm", "0xabc"), new WalletAddress("solana", "So1"));
		assertThat(XellarAnswers.addresses(Map.of("address", "0xdef")))
			.containsExactly(new WalletAddress("evm", "0xdef"));
		assertThat(XellarAnswers.addresses(Map.of("address", List.of(Map.of("network", "", "address", "0x1")))))
			.isEmpty();
	}

	@Test
	void permissionPageWhenDataMessageIsAUrlThenItElseTheEnvelopesMessageIfAUrl() {
		Map<String, Object> inData = new HashMap<>();
		inData.put("message", "Permission required");
		inData.put("data", Map.of("message", "https://passport.xellar.co/permission?app=1"));
		assertThat(XellarAnswers.permissionPage(inData)).isEqualTo("https://passport.xellar.co/permission?app=1");
		assertThat(XellarAnswers.permissionPage(Map.of("message", "https://passport.xellar.co/p")))
			.isEqualTo("https://passport.xellar.co/p");
		assertThat(XellarAnswers.permissionPage(Map.of("message", "javascript:alert(1)"))).isNull();
		assertThat(XellarAnswers.permissionPage(Map.of("data", Map.of("message", "not a url")))).isNull();
		assertThat(XellarAnswers.permissionPage(null)).isNull();
	}

	@Test
	void stringWhenBlankOrNotAStringThenNull() {
		assertThat(XellarAnswers.string(Map.of("a", " ", "b", 1, "c", "x"), "a")).isNull();
		assertThat(XellarAnswers.string(Map.of("a", " ", "b", 1, "c", "x"), "b")).isNull();
		assertThat(XellarAnswers.string(Map.of("a", " ", "b", 1, "c", "x"), "c")).isEqualTo("x");
	}

}
