package dev.tglogin.emulator;

import java.security.SecureRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link XellarUsers}: registration, lookup and the bounded number of users.
 */
class XellarUsersTests {

	private final XellarUsers users = new XellarUsers(2, false, new SecureRandom());

	@Test
	void registerWhenNewPhoneThenAUserWithAnIdNoWalletAndTheDefaultPermission() {
		XellarUsers.User user = this.users.register("+15550100");

		assertThat(user.uid).matches("xu_[0-9a-f]{24}");
		assertThat(user.address).isNull();
		assertThat(user.permissionGranted).isFalse();
		assertThat(this.users.get("+15550100")).isSameAs(user);
		assertThat(user.toString()).doesNotContain("+15550100");
	}

	@Test
	void getWhenUnknownPhoneThenNull() {
		assertThat(this.users.get("+15550100")).isNull();
	}

	@Test
	void registerWhenFullThenTheOldestIsEvicted() {
		this.users.register("+15550101");
		this.users.register("+15550102");
		this.users.register("+15550103");

		assertThat(this.users.get("+15550101")).isNull();
		assertThat(this.users.values()).extracting((user) -> user.phone).containsExactly("+15550102", "+15550103");
	}

	@Test
	void registerWhenTwoUsersThenDifferentIds() {
		assertThat(this.users.register("+15550101").uid).isNotEqualTo(this.users.register("+15550102").uid);
	}

}
