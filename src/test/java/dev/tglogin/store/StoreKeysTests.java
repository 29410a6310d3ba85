package dev.tglogin.store;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link StoreKeys}.
 */
class StoreKeysTests {

	private static final String TOKEN = "sess_secret_token_value";

	@Test
	void keyWhenCalledThenNamespaceAndSha256HexWithoutTheValue() {
		String key = StoreKeys.key("bondify-session", TOKEN);
		assertThat(key).matches("bondify-session:[0-9a-f]{64}").doesNotContain(TOKEN);
	}

	@Test
	void keyWhenKnownValueThenKnownSha256() {
		assertThat(StoreKeys.key("ns", "abc"))
			.isEqualTo("ns:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	}

	@Test
	void keyWhenSameValueThenSameKeyAndOtherValueOrNamespaceThenOtherKey() {
		assertThat(StoreKeys.key("ns", TOKEN)).isEqualTo(StoreKeys.key("ns", TOKEN));
		assertThat(StoreKeys.key("ns", TOKEN)).isNotEqualTo(StoreKeys.key("ns", TOKEN + "x"));
		assertThat(StoreKeys.key("ns", TOKEN)).isNotEqualTo(StoreKeys.key("other", TOKEN));
	}

	@Test
	void logRefWhenCalledThenTwelveHexDigitsPrefixOfHash() {
		String ref = StoreKeys.logRef(TOKEN);
		assertThat(ref).matches("[0-9a-f]{12}").doesNotContain(TOKEN);
		assertThat(StoreKeys.key("ns", TOKEN)).startsWith("ns:" + ref);
		assertThat(StoreKeys.logRef("abc")).isEqualTo("ba7816bf8f01");
	}

}
