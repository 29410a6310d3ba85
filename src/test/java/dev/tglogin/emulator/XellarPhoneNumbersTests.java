package dev.tglogin.emulator;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link XellarPhoneNumbers}: what the login accepts, the normalized, typed and masked forms.
 */
class XellarPhoneNumbersTests {

	@Test
	void isDigitsOnlyWhenDigitsWithoutLeadingZeroThenTrue() {
		assertThat(XellarPhoneNumbers.isDigitsOnly("15550100")).isTrue();
		assertThat(XellarPhoneNumbers.isDigitsOnly("123456789012345")).isTrue();
	}

	@Test
	void isDigitsOnlyWhenPlusLeadingZeroOrWrongLengthThenFalse() {
		assertThat(XellarPhoneNumbers.isDigitsOnly("+15550100")).isFalse();
		assertThat(XellarPhoneNumbers.isDigitsOnly("015550100")).isFalse();
		assertThat(XellarPhoneNumbers.isDigitsOnly("12345")).isFalse();
		assertThat(XellarPhoneNumbers.isDigitsOnly("1234567890123456")).isFalse();
	}

	@Test
	void normalizeWhenWithOrWithoutPlusThenPlusDigits() {
		assertThat(XellarPhoneNumbers.normalize("15550100")).contains("+15550100");
		assertThat(XellarPhoneNumbers.normalize("+15550100")).contains("+15550100");
	}

	@Test
	void normalizeWhenNullOrNotAPhoneNumberThenEmpty() {
		assertThat(XellarPhoneNumbers.normalize(null)).isEmpty();
		assertThat(XellarPhoneNumbers.normalize("12345")).isEmpty();
		assertThat(XellarPhoneNumbers.normalize("+1 555 0100")).isEmpty();
		assertThat(XellarPhoneNumbers.normalize("++15550100")).isEmpty();
	}

	@Test
	void requireWhenValidThenNormalized() {
		assertThat(XellarPhoneNumbers.require("15550100")).isEqualTo("+15550100");
	}

	@Test
	void requireWhenInvalidThenIllegalArgument() {
		assertThatIllegalArgumentException().isThrownBy(() -> XellarPhoneNumbers.require("abc"))
			.withMessageContaining("phoneNumber");
	}

	@Test
	void typedWhenSpacesDotsDashesParenthesesThenIgnored() {
		assertThat(XellarPhoneNumbers.typed("+1 (555) 010-0.1")).contains("+155501001");
	}

	@Test
	void typedWhenLettersThenEmpty() {
		assertThat(XellarPhoneNumbers.typed("+1 555 CALL")).isEmpty();
	}

	@Test
	void maskWhenNormalizedThenFirstTwoDigitsAndLastTwo() {
		assertThat(XellarPhoneNumbers.mask("+15550189")).isEqualTo("+15***89");
	}

}
