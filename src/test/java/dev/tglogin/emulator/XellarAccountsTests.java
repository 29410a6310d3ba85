package dev.tglogin.emulator;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link XellarAccounts}: the users' and tokens' life cycle, with the time passed in.
 */
class XellarAccountsTests {

	private static final String PHONE = "+15550100";

	private static final Instant NOW = Instant.parse("2026-07-01T10:00:00Z");

	private final XellarAccounts accounts = accounts(true);

	@Test
	void loginWhenNewPhoneThenRegisteredWithAnOtpAndNoWallet() {
		XellarAccounts.OtpSent sent = this.accounts.login(PHONE, NOW);

		assertThat(sent.walletCreated()).isFalse();
		assertThat(this.accounts.uid(PHONE)).hasValueSatisfying((uid) -> assertThat(uid).startsWith("xu_"));
		assertThat(this.accounts.lastOtp(PHONE, NOW)).hasValueSatisfying((otp) -> assertThat(otp).matches("[0-9]{6}"));
		assertThat(sent.toString()).doesNotContain(sent.verificationToken());
	}

	@Test
	void loginWhenWithinTheIntervalThenRateLimitedWithTheWait() {
		this.accounts.login(PHONE, NOW);

		assertThatExceptionOfType(EmulatorException.class)
			.isThrownBy(() -> this.accounts.login(PHONE, NOW.plusSeconds(20)))
			.satisfies((ex) -> {
				assertThat(ex.status()).isEqualTo(429);
				assertThat(ex.retryAfter()).contains(Duration.ofSeconds(40));
			});
	}

	@Test
	void loginWhenAgainAfterTheIntervalThenTheEarlierVerificationTokenIsInvalid() {
		String first = this.accounts.login(PHONE, NOW).verificationToken();
		String otp = this.accounts.lastOtp(PHONE, NOW).orElseThrow();
		this.accounts.login(PHONE, NOW.plusSeconds(60));

		assertThatExceptionOfType(EmulatorException.class)
			.isThrownBy(() -> this.accounts.verify(XellarWire.V2, first, otp, NOW.plusSeconds(61)))
			.satisfies((ex) -> assertThat(ex.status()).isEqualTo(XellarWire.STATUS_EXPIRED_VERIFICATION));
	}

	@Test
	void verifyWhenWrongOtpThenRefusedAndTheTokenStaysUsable() {
		String token = this.accounts.login(PHONE, NOW).verificationToken();
		String otp = this.accounts.lastOtp(PHONE, NOW).orElseThrow();
		String wrong = otp.equals("000000") ? "000001" : "000000";

		assertThatExceptionOfType(EmulatorException.class)
			.isThrownBy(() -> this.accounts.verify(XellarWire.V2, token, wrong, NOW))
			.satisfies((ex) -> assertThat(ex.status()).isEqualTo(XellarWire.STATUS_WRONG_OTP));
		assertThat(this.accounts.verify(XellarWire.V2, token, otp, NOW))
			.isInstanceOf(XellarAnswer.AccessGranted.class);
	}

	@Test
	void verifyWhenOtpExpiredThenRefused() {
		String token = this.accounts.login(PHONE, NOW).verificationToken();
		String otp = this.accounts.lastOtp(PHONE, NOW).orElseThrow();
		Instant later = NOW.plus(XellarWire.OTP_LIFETIME);

		assertThat(this.accounts.lastOtp(PHONE, later)).isEmpty();
		assertThatExceptionOfType(EmulatorException.class)
			.isThrownBy(() -> this.accounts.verify(XellarWire.V2, token, otp, later))
			.satisfies((ex) -> assertThat(ex.status()).isEqualTo(XellarWire.STATUS_EXPIRED_VERIFICATION));
	}

	@Test
	void createAccountWhenAccessTokenThenAWalletOnceAndTheSecret0LinkWorks() {
		String access = ((XellarAnswer.AccessGranted) verified(NOW)).accessToken();

		XellarAnswer.WalletCreated created = this.accounts.createAccount(XellarWire.V2, access, "http://emu/s0", NOW);

		assertThat(this.accounts.walletAddress(PHONE)).contains(created.address());
		String linkId = created.secret0Link().substring("http://emu/s0/".length());
		assertThat(this.accounts.secret0(linkId, NOW)).contains(created.secret0());
		assertThatExceptionOfType(EmulatorException.class)
			.isThrownBy(() -> this.accounts.createAccount(XellarWire.V2, access, "http://emu/s0", NOW))
			.satisfies((ex) -> assertThat(ex.status()).isEqualTo(409));
	}

	@Test
	void refreshWhenUsedTwiceThenTheSecondIsRefused() {
		this.accounts.seedUserWithWallet(PHONE);
		XellarAnswer.WalletVerified verified = (XellarAnswer.WalletVerified) verified(NOW);
		String refreshToken = verified.tokens().refreshToken();

		assertThat(this.accounts.refresh(refreshToken, NOW).tokens().refreshToken()).isNotEqualTo(refreshToken);
		assertThatExceptionOfType(EmulatorException.class)
			.isThrownBy(() -> this.accounts.refresh(refreshToken, NOW))
			.satisfies((ex) -> assertThat(ex.status()).isEqualTo(401));
	}

	@Test
	void spendWalletTokenWhenNoPermissionThenThePageAndAfterTheGrantSpentOnce() {
		XellarAccounts withoutPermission = accounts(false);
		withoutPermission.usePublicBase("http://emu");
		withoutPermission.seedUserWithWallet(PHONE);
		String token = withoutPermission.login(PHONE, NOW).verificationToken();
		String otp = withoutPermission.lastOtp(PHONE, NOW).orElseThrow();
		String walletToken = ((XellarAnswer.WalletVerified) withoutPermission.verify(XellarWire.V2, token, otp, NOW))
			.tokens()
			.walletToken();
		String uid = withoutPermission.uid(PHONE).orElseThrow();

		assertThatExceptionOfType(EmulatorException.class)
			.isThrownBy(() -> withoutPermission.spendWalletToken(walletToken, NOW))
			.satisfies((ex) -> assertThat(ex.getMessage()).contains("http://emu" + XellarApi.PERMISSION_PATH + "/" + uid));
		assertThat(withoutPermission.grantPermission(uid)).isTrue();
		withoutPermission.spendWalletToken(walletToken, NOW);
		assertThatExceptionOfType(EmulatorException.class)
			.isThrownBy(() -> withoutPermission.spendWalletToken(walletToken, NOW))
			.satisfies((ex) -> assertThat(ex.status()).isEqualTo(401));
	}

	@Test
	void grantPermissionWhenUnknownUidThenFalse() {
		assertThat(this.accounts.grantPermission("xu_unknown")).isFalse();
	}

	@Test
	void pendingOtpsWhenTwoPhonesThenNewestFirstMaskedAndFilteredByPhone() {
		this.accounts.login(PHONE, NOW);
		this.accounts.login("+4412345678", NOW);

		assertThat(this.accounts.pendingOtps(null, NOW)).extracting(XellarEmulator.PendingOtp::maskedPhoneNumber)
			.containsExactly("+44***78", "+15***00");
		assertThat(this.accounts.pendingOtps(PHONE, NOW)).extracting(XellarEmulator.PendingOtp::maskedPhoneNumber)
			.containsExactly("+15***00");
	}

	private XellarAnswer verified(Instant now) {
		String token = this.accounts.login(PHONE, now).verificationToken();
		String otp = this.accounts.lastOtp(PHONE, now).orElseThrow();
		return this.accounts.verify(XellarWire.V2, token, otp, now);
	}

	private static XellarAccounts accounts(boolean permissionGranted) {
		return new XellarAccounts(XellarWire.OTP_LIFETIME, Duration.ofMinutes(1), Duration.ofMinutes(10),
				Duration.ofMinutes(1), XellarWire.REFRESH_TOKEN_LIFETIME, permissionGranted, new SecureRandom());
	}

}
