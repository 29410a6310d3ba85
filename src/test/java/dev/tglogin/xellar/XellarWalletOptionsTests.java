package dev.tglogin.xellar;

import java.time.LocalDate;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class XellarWalletOptionsTests {

	@Test
	void defaultsWhenNothingIsSetThenTheBodyIsEmptyAndXellarsDefaultsApply() {
		XellarWalletOptions defaults = XellarWalletOptions.defaults();
		assertThat(defaults.isDefault()).isTrue();
		assertThat(defaults.toBody()).isEmpty();
		assertThat(defaults.getCustodian()).isNull();
		assertThat(defaults.toString()).contains("isCustodian=default", "rampable=none");
	}

	@Test
	void toBodyWhenEverythingIsSetThenXellarsFieldNamesAndAnIsoDate() {
		XellarWalletOptions options = XellarWalletOptions.builder()
			.custodian(false)
			.expireDate(LocalDate.of(2031, 1, 2))
			.rampable("alex", "Alex Johnson", "rampable-password-value")
			.build();
		assertThat(options.isDefault()).isFalse();
		assertThat(options.hasRampable()).isTrue();
		assertThat(options.toBody()).containsEntry("isCustodian", false)
			.containsEntry("expireDate", "2031-01-02")
			.containsEntry("rampable",
					Map.of("username", "alex", "fullName", "Alex Johnson", "password", "rampable-password-value"));
	}

	@Test
	void toStringWhenRampableIsSetThenThePasswordNeverShows() {
		XellarWalletOptions options = XellarWalletOptions.builder()
			.rampable("alex", "Alex Johnson", "rampable-password-value")
			.build();
		assertThat(options.toString()).doesNotContain("rampable-password-value", "alex").contains("[PROTECTED]");
	}

	@Test
	void builderWhenAValueIsMissingThenRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> XellarWalletOptions.builder().rampable("a", "b", " "));
		assertThatIllegalArgumentException().isThrownBy(() -> XellarWalletOptions.builder().expireDate(null));
	}

}
