package dev.tglogin.emulator;

import dev.tglogin.test.MutableClock;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tglogin.xellar.XellarProtocol;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class XellarEmulatorTests {

	private static final String SECRET = "test-client-secret";

	private static final String V1 = XellarProtocol.API_VERSION_V1;

	private static final String V2 = XellarProtocol.API_VERSION_V2;

	private static final String PHONE = "+12025550189";

	private static final String LINK_BASE = "http://localhost/tglogin-emulator/secret0";

	private static final Instant START = Instant.parse("2026-07-01T10:00:00Z");

	private MutableClock clock;

	private XellarEmulator emulator;

	@BeforeEach
	void setUp() {
		this.clock = new MutableClock(START);
		this.emulator = XellarEmulator.builder()
			.clientSecret(SECRET)
			.otpLifetime(Duration.ofMinutes(5))
			.walletTokenLifetime(Duration.ofMinutes(10))
			.refreshTokenLifetime(Duration.ofDays(7))
			.clock(this.clock)
			.build();
	}

	@Test
	void loginWhenNewPhoneNumberThenRegistersUserWithoutWalletAndAnswersVerificationToken() {
		Map<String, Object> answer = json(this.emulator.login(SECRET, V2, wire(PHONE)));

		assertThat(answer).containsEntry("status", 200).containsEntry("message", "ok");
		Map<String, Object> data = data(answer);
		assertThat(data).containsOnlyKeys("verificationToken", "isWalletCreated")
			.containsEntry("isWalletCreated", false);
		assertThat((String) data.get("verificationToken")).startsWith("eyJ");
		assertThat(this.emulator.uid(PHONE)).hasValueSatisfying(uid -> assertThat(uid).matches("xu_[0-9a-f]{24}"));
		assertThat(this.emulator.hasWallet(PHONE)).isFalse();
		assertThat(this.emulator.lastOtp(PHONE)).hasValueSatisfying(otp -> assertThat(otp).matches("[0-9]{6}"));
	}

	@Test
	void loginWhenNewUserThenVerifyAnswersAccessTokenThenCreateAccountMakesTheWallet() {
		String token = login(PHONE);

		Map<String, Object> verified = data(json(this.emulator.verify(SECRET, V2, token, otp(PHONE))));
		assertThat(verified).containsOnlyKeys("isWalletCreated", "accessToken").containsEntry("isWalletCreated", false);

		Map<String, Object> created = json(this.emulator.createAccount(SECRET, V2, (String) verified.get("accessToken"),
				LINK_BASE));
		assertThat(created).containsEntry("status", 200).containsEntry("message", "Create wallet successfully");
		Map<String, Object> wallet = data(created);
		assertThat(wallet).containsOnlyKeys("walletToken", "refreshToken", "secret0", "secret0Link", "address");
		String address = this.emulator.walletAddress(PHONE).orElseThrow();
		assertThat(address).matches("0x[0-9a-f]{40}");
		assertThat(wallet.get("address")).isEqualTo(List.of(Map.of("network", "evm", "address", address)));
		assertThat((String) wallet.get("secret0Link")).startsWith(LINK_BASE + "/");
		assertThat(this.emulator.hasWallet(PHONE)).isTrue();
		this.clock.advance(Duration.ofMinutes(1));
		assertThat(data(json(this.emulator.login(SECRET, V2, wire(PHONE))))).containsEntry("isWalletCreated", true);
	}

	@Test
	void verifyWhenUserAlreadyHasWalletThenWalletTokenRefreshTokenAndAddresses() {
		this.emulator.seedUserWithWallet(PHONE);
		String token = login(PHONE);

		Map<String, Object> answer = json(this.emulator.verify(SECRET, V2, token, otp(PHONE)));

		assertThat(answer).containsEntry("status", 200).containsEntry("message", "ok");
		Map<String, Object> data = data(answer);
		assertThat(data).containsOnlyKeys("isWalletCreated", "walletToken", "refreshToken", "addresses")
			.containsEntry("isWalletCreated", true)
			.containsEntry("addresses",
					List.of(Map.of("network", "evm", "address", this.emulator.walletAddress(PHONE).orElseThrow())));
	}

	@Test
	void verifyWhenV1ThenSingleAddressStringAndNoRefreshToken() {
		this.emulator.seedUserWithWallet(PHONE);

		Map<String, Object> data = data(json(this.emulator.verify(SECRET, V1, login(PHONE, V1), otp(PHONE))));

		assertThat(data).containsOnlyKeys("isWalletCreated", "walletToken", "address")
			.containsEntry("address", this.emulator.walletAddress(PHONE).orElseThrow());
	}

	@Test
	void createAccountWhenV1ThenSingleAddressStringAndNoRefreshToken() {
		String accessToken = accessToken(PHONE, V1);

		Map<String, Object> data = data(json(this.emulator.createAccount(SECRET, V1, accessToken, LINK_BASE)));

		assertThat(data).containsOnlyKeys("walletToken", "secret0", "secret0Link", "address")
			.containsEntry("address", this.emulator.walletAddress(PHONE).orElseThrow());
	}

	@Test
	void verifyWhenOtpWrongThenInvalidOtpAndTokenStaysUsable() {
		String token = login(PHONE);
		String otp = otp(PHONE);
		String wrong = otp.equals("000000") ? "000001" : "000000";

		assertRefused(() -> json(this.emulator.verify(SECRET, V2, token, wrong)), XellarProtocol.STATUS_WRONG_OTP,
				XellarEmulator.CODE_WRONG_OTP, "Invalid OTP");
		assertRefused(() -> json(this.emulator.verify(SECRET, V2, token, wrong)), 400, XellarEmulator.CODE_WRONG_OTP,
				"Invalid OTP");

		assertThat(this.emulator.lastOtp(PHONE)).contains(otp);
		assertThat(json(this.emulator.verify(SECRET, V2, token, otp))).containsEntry("status", 200);
	}

	@Test
	void verifyWhenOtpExpiredThenInvalidVerificationToken() {
		String token = login(PHONE);
		String otp = otp(PHONE);
		this.clock.advance(Duration.ofMinutes(5));

		assertThat(this.emulator.lastOtp(PHONE)).isEmpty();
		assertInvalidVerificationToken(() -> json(this.emulator.verify(SECRET, V2, token, otp)));
	}

	@Test
	void verifyWhenTokenUnknownThenInvalidVerificationToken() {
		assertInvalidVerificationToken(() -> json(this.emulator.verify(SECRET, V2, "eyJunknown", "123456")));
	}

	@Test
	void verifyWhenTokenAlreadyUsedThenInvalidVerificationToken() {
		String token = login(PHONE);
		String otp = otp(PHONE);
		json(this.emulator.verify(SECRET, V2, token, otp));

		assertThat(this.emulator.lastOtp(PHONE)).isEmpty();
		assertInvalidVerificationToken(() -> json(this.emulator.verify(SECRET, V2, token, otp)));
	}

	@Test
	void verifyWhenFieldsMissingThenInvalidRequest() {
		assertRefused(() -> json(this.emulator.verify(SECRET, V2, null, "123456")), 400, XellarEmulator.CODE_INVALID_REQUEST,
				"Invalid request");
		assertRefused(() -> json(this.emulator.verify(SECRET, V2, "eyJ", " ")), 400, XellarEmulator.CODE_INVALID_REQUEST,
				"Invalid request");
	}

	@Test
	void loginWhenSamePhoneAgainAfterIntervalThenEarlierTokenInvalidated() {
		String first = login(PHONE);
		String firstOtp = otp(PHONE);
		this.clock.advance(XellarProtocol.LOGIN_RATE_LIMIT);

		String second = login(PHONE);

		assertThat(second).isNotEqualTo(first);
		assertInvalidVerificationToken(() -> json(this.emulator.verify(SECRET, V2, first, firstOtp)));
		assertThat(json(this.emulator.verify(SECRET, V2, second, otp(PHONE)))).containsEntry("status", 200);
	}

	@Test
	void loginWhenSamePhoneWithinIntervalThenRateLimitedWithRetryAfterUntilIntervalPassed() {
		login(PHONE);
		this.clock.advance(Duration.ofSeconds(20));

		assertThatExceptionOfType(EmulatorException.class)
			.isThrownBy(() -> json(this.emulator.login(SECRET, V2, "12025550189")))
			.satisfies(ex -> {
				assertThat(ex.status()).isEqualTo(429);
				assertThat(ex.code()).isEqualTo(XellarEmulator.CODE_RATE_LIMITED);
				assertThat(ex.retryAfter()).contains(Duration.ofSeconds(40));
			});
		assertThat(login("+12025550100")).isNotNull();

		this.clock.advance(Duration.ofSeconds(40));
		assertThat(login(PHONE)).isNotNull();
	}

	@Test
	void loginWhenIntervalZeroThenNotRateLimited() {
		XellarEmulator unlimited = XellarEmulator.builder()
			.clientSecret(SECRET)
			.loginInterval(Duration.ZERO)
			.clock(this.clock)
			.build();

		json(unlimited.login(SECRET, V2, wire(PHONE)));

		assertThat(json(unlimited.login(SECRET, V2, wire(PHONE)))).containsEntry("status", 200);
	}

	@Test
	void loginWhenPhoneWithOrWithoutPlusThenSameUser() {
		this.emulator.seedUserWithWallet("12025550189");

		assertThat(data(json(this.emulator.login(SECRET, V2, wire(PHONE))))).containsEntry("isWalletCreated", true);
		assertThat(this.emulator.uid("12025550189")).isEqualTo(this.emulator.uid(PHONE));
	}

	@Test
	void loginWhenPhoneNumberInvalidThenInvalidRequest() {
		for (String phone : new String[] { null, "", "12345", "+1234567890123456", "+1 202 555 0189", "abc123456",
				"+12025550189", "012025550189" }) {
			assertRefused(() -> json(this.emulator.login(SECRET, V2, phone)), 400, XellarEmulator.CODE_INVALID_REQUEST,
					"Invalid request");
		}
	}

	@Test
	void loginWhenVerificationTokenFieldConfiguredThenAnswerUsesThatName() {
		XellarEmulator whatsappStyle = XellarEmulator.builder()
			.clientSecret(SECRET)
			.verificationTokenField(XellarProtocol.VERIFY_TOKEN)
			.clock(this.clock)
			.build();

		Map<String, Object> data = data(json(whatsappStyle.login(SECRET, V2, wire(PHONE))));

		assertThat(data).containsOnlyKeys("verifyToken", "isWalletCreated");
		assertThat(json(whatsappStyle.verify(SECRET, V2, (String) data.get("verifyToken"),
				whatsappStyle.lastOtp(PHONE).orElseThrow())))
			.containsEntry("status", 200);
	}

	@Test
	void createAccountWhenAccessTokenMissingUnknownOrExpiredThenUnauthorized() {
		String accessToken = accessToken(PHONE, V2);
		this.clock.advance(Duration.ofMinutes(10));

		for (String token : new String[] { null, "", "eyJunknown", accessToken }) {
			assertRefused(() -> json(this.emulator.createAccount(SECRET, V2, token, LINK_BASE)), 401,
					XellarEmulator.CODE_INVALID_ACCESS_TOKEN, "Invalid or expired access token");
		}
		assertThat(this.emulator.hasWallet(PHONE)).isFalse();
	}

	@Test
	void createAccountWhenUserAlreadyHasWalletThenConflict() {
		String accessToken = accessToken(PHONE, V2);
		json(this.emulator.createAccount(SECRET, V2, accessToken, LINK_BASE));
		String address = this.emulator.walletAddress(PHONE).orElseThrow();

		assertRefused(() -> json(this.emulator.createAccount(SECRET, V2, accessToken, LINK_BASE)), 409,
				XellarEmulator.CODE_WALLET_EXISTS, "Wallet already created");
		assertThat(this.emulator.walletAddress(PHONE)).contains(address);
	}

	@Test
	void secret0WhenLinkOpenedWithinItsLifetimeThenSecret0ElseEmpty() {
		Map<String, Object> data = data(json(this.emulator.createAccount(SECRET, V2, accessToken(PHONE, V2), LINK_BASE)));
		String link = (String) data.get("secret0Link");
		String linkId = link.substring(link.lastIndexOf('/') + 1);

		assertThat(this.emulator.secret0(linkId)).contains((String) data.get("secret0"));
		assertThat(this.emulator.secret0("unknown")).isEmpty();
		this.clock.advance(XellarProtocol.SECRET0_LINK_LIFETIME);
		assertThat(this.emulator.secret0(linkId)).isEmpty();
	}

	@Test
	void refreshWhenRefreshTokenValidThenRotatesBothTokensAndOldRefreshTokenIsRefused() {
		String refreshToken = walletSession(PHONE).get("refreshToken");

		Map<String, Object> answer = json(this.emulator.refresh(SECRET, refreshToken));

		assertThat(answer).containsEntry("status", 200).containsEntry("message", "Refresh Success");
		Map<String, Object> data = data(answer);
		assertThat(data).containsOnlyKeys("walletToken", "refreshToken");
		assertThat(data.get("refreshToken")).isNotEqualTo(refreshToken);
		assertRefused(() -> json(this.emulator.refresh(SECRET, refreshToken)), 401,
				XellarEmulator.CODE_INVALID_REFRESH_TOKEN, "Invalid refresh token");
		assertThat(json(this.emulator.refresh(SECRET, (String) data.get("refreshToken")))).containsEntry("status", 200);
		assertThat(this.emulator.refreshCount()).isEqualTo(3);
	}

	@Test
	void refreshWhenRefreshTokenExpiredThenRefused() {
		String refreshToken = walletSession(PHONE).get("refreshToken");
		this.clock.advance(Duration.ofDays(7));

		assertRefused(() -> json(this.emulator.refresh(SECRET, refreshToken)), 401,
				XellarEmulator.CODE_INVALID_REFRESH_TOKEN, "Invalid refresh token");
	}

	@Test
	void refreshWhenRefreshTokenMissingThenInvalidRequest() {
		assertRefused(() -> json(this.emulator.refresh(SECRET, null)), 400, XellarEmulator.CODE_INVALID_REQUEST,
				"Invalid request");
	}

	@Test
	void refreshWhenSixteenConcurrentCallsWithSameTokenThenExactlyOneSucceeds() throws Exception {
		String refreshToken = walletSession(PHONE).get("refreshToken");
		ExecutorService executor = Executors.newFixedThreadPool(16);
		CountDownLatch start = new CountDownLatch(1);
		try {
			List<Callable<Integer>> calls = new ArrayList<>();
			for (int i = 0; i < 16; i++) {
				calls.add(() -> {
					start.await();
					try {
						return (Integer) json(this.emulator.refresh(SECRET, refreshToken)).get("status");
					}
					catch (EmulatorException ex) {
						return ex.status();
					}
				});
			}
			List<Future<Integer>> futures = new ArrayList<>();
			for (Callable<Integer> call : calls) {
				futures.add(executor.submit(call));
			}
			start.countDown();
			List<Integer> statuses = new ArrayList<>();
			for (Future<Integer> future : futures) {
				statuses.add(future.get());
			}
			assertThat(statuses).filteredOn(status -> status == 200).hasSize(1);
			assertThat(statuses).filteredOn(status -> status == 401).hasSize(15);
			assertThat(this.emulator.refreshCount()).isEqualTo(16);
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void tokensWhenIssuedThenHs256JwtsWithUidIatExpAndWalletPermission() throws Exception {
		String verificationToken = login(PHONE);
		Map<String, String> session = walletSession("+12025550100");
		String uid = this.emulator.uid(PHONE).orElseThrow();

		JWTClaimsSet verification = claims(verificationToken);
		assertThat(verification.getStringClaim("uid")).isEqualTo(uid);
		assertThat(verification.getIssueTime().toInstant()).isEqualTo(START);
		assertThat(verification.getExpirationTime().toInstant()).isEqualTo(START.plus(Duration.ofMinutes(5)));
		assertThat(verification.getClaim("isPermissionGranted")).isNull();

		JWTClaimsSet wallet = claims(session.get("walletToken"));
		assertThat(wallet.getStringClaim("uid")).isEqualTo(this.emulator.uid("+12025550100").orElseThrow());
		assertThat(wallet.getBooleanClaim("isPermissionGranted")).isTrue();
		assertThat(wallet.getExpirationTime().toInstant()).isEqualTo(START.plus(Duration.ofMinutes(10)));
		assertThat(wallet.getJWTID()).isNotBlank();

		JWTClaimsSet refresh = claims(session.get("refreshToken"));
		assertThat(refresh.getExpirationTime().toInstant()).isEqualTo(START.plus(Duration.ofDays(7)));
	}

	@Test
	void callsWhenClientSecretMissingOrWrongThenInvalidClientSecret() {
		String token = login(PHONE);
		for (String secret : new String[] { null, "", "test-client-secreT", SECRET + "x" }) {
			assertInvalidClientSecret(() -> json(this.emulator.login(secret, V2, "+12025550100")));
			assertInvalidClientSecret(() -> json(this.emulator.verify(secret, V2, token, otp(PHONE))));
			assertInvalidClientSecret(() -> json(this.emulator.createAccount(secret, V2, "eyJ", LINK_BASE)));
			assertInvalidClientSecret(() -> json(this.emulator.refresh(secret, "eyJ")));
		}
		assertThat(this.emulator.lastOtp(PHONE)).isPresent();
		assertThat(this.emulator.uid("+12025550100")).isEmpty();
	}

	@Test
	void clientSecretWhenNotGivenThenRandomPrintableAndAtLeast32Characters() {
		String one = XellarEmulator.builder().build().clientSecret();
		String two = XellarEmulator.builder().build().clientSecret();

		assertThat(one).hasSizeGreaterThanOrEqualTo(32).matches("[\\x21-\\x7e]+");
		assertThat(one).isNotEqualTo(two);
	}

	@Test
	void builderWhenInvalidSettingsThenRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> XellarEmulator.builder().clientSecret(" "));
		assertThatIllegalArgumentException().isThrownBy(() -> XellarEmulator.builder().clientSecret("a b"));
		assertThatIllegalArgumentException().isThrownBy(() -> XellarEmulator.builder().verificationTokenField(""));
		assertThatIllegalArgumentException().isThrownBy(() -> XellarEmulator.builder().otpLifetime(Duration.ZERO));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> XellarEmulator.builder().loginInterval(Duration.ofSeconds(-1)));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> XellarEmulator.builder().walletTokenLifetime(Duration.ZERO));
		assertThatIllegalArgumentException().isThrownBy(() -> XellarEmulator.builder().refreshTokenLifetime(null));
		assertThatIllegalArgumentException().isThrownBy(() -> XellarEmulator.builder().clock(null));
	}

	@Test
	void javaApiWhenVersionOrPhoneNumberInvalidThenRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> json(this.emulator.login(SECRET, "v3", PHONE)));
		assertThatIllegalArgumentException().isThrownBy(() -> this.emulator.seedUserWithWallet("12"));
		assertThatIllegalArgumentException().isThrownBy(() -> this.emulator.lastOtp(null));
	}

	@Test
	void pendingOtpsWhenSeveralLoginsThenLiveOnesNewestFirstWithMaskedPhoneNumbers() {
		login(PHONE);
		this.clock.advance(Duration.ofMinutes(1));
		login("+4915112345678");
		login("+33612345678");
		json(this.emulator.verify(SECRET, V2, login("+447700900123"), otp("+447700900123")));

		List<XellarEmulator.PendingOtp> otps = this.emulator.pendingOtps();

		assertThat(otps).extracting(XellarEmulator.PendingOtp::maskedPhoneNumber)
			.containsExactly("+33***78", "+49***78", "+12***89");
		assertThat(otps.get(2).otp()).isEqualTo(otp(PHONE));
		assertThat(otps.get(2).expiresAt()).isEqualTo(START.plus(Duration.ofMinutes(5)));
	}

	@Test
	void signMessageWhenTheWalletTokenIsUsedOnceThenItIsSpentAndAfterItsMinuteItIsDead() {
		XellarEmulator xellar = XellarEmulator.builder().clientSecret(SECRET).clock(this.clock).build();
		xellar.seedUserWithWallet(PHONE);
		String token = (String) data(json(xellar.login(SECRET, V2, wire(PHONE)))).get("verificationToken");
		Map<String, Object> wallet = data(json(xellar.verify(SECRET, V2, token, xellar.lastOtp(PHONE).orElseThrow())));
		String walletToken = (String) wallet.get("walletToken");

		assertThat(data(json(xellar.signMessage(SECRET, walletToken, "hello")))).containsKey("signature");
		assertRefused(() -> json(xellar.signMessage(SECRET, walletToken, "hello")), 401,
				XellarEmulator.CODE_INVALID_WALLET_TOKEN, "Invalid or expired wallet token");
		// the refreshed token lives Xellar's one minute
		String next = (String) data(json(xellar.refresh(SECRET, (String) wallet.get("refreshToken")))).get("walletToken");
		this.clock.advance(Duration.ofMinutes(1));
		assertRefused(() -> json(xellar.signMessage(SECRET, next, "hello")), 401, XellarEmulator.CODE_INVALID_WALLET_TOKEN,
				"Invalid or expired wallet token");
	}

	@Test
	void signMessageWhenPermissionIsNotGrantedThen407WithThePageAndTheTokenSaysSoUntilGranted() throws Exception {
		XellarEmulator xellar = XellarEmulator.builder()
			.clientSecret(SECRET)
			.permissionGranted(false)
			.clock(this.clock)
			.build();
		xellar.seedUserWithWallet(PHONE);
		String token = (String) data(json(xellar.login(SECRET, V2, wire(PHONE)))).get("verificationToken");
		Map<String, Object> wallet = data(json(xellar.verify(SECRET, V2, token, xellar.lastOtp(PHONE).orElseThrow())));
		String walletToken = (String) wallet.get("walletToken");
		JWTClaimsSet claims = claims(walletToken);
		assertThat(claims.getBooleanClaim("isPermissionGranted")).isFalse();
		String page = claims.getStringClaim("acceptPermissionPage");
		assertThat(page).endsWith("/xellar/permission/" + xellar.uid(PHONE).orElseThrow());

		assertThatExceptionOfType(EmulatorException.class)
			.isThrownBy(() -> json(xellar.signMessage(SECRET, walletToken, "hello")))
			.satisfies((ex) -> {
				assertThat(ex.status()).isEqualTo(407);
				assertThat(ex.code()).isEqualTo(XellarEmulator.CODE_PERMISSION_REQUIRED);
				assertThat(ex.getMessage()).isEqualTo(page);
			});
		assertThat(xellar.grantPermission(xellar.uid(PHONE).orElseThrow())).isTrue();
		assertThat(xellar.grantPermission("xu_unknown")).isFalse();
		// the token was not spent by the refusal
		assertThat(data(json(xellar.signMessage(SECRET, walletToken, "hello")))).containsKey("signature");
		String next = (String) data(json(xellar.refresh(SECRET, (String) wallet.get("refreshToken")))).get("walletToken");
		assertThat(claims(next).getBooleanClaim("isPermissionGranted")).isTrue();
		assertThat(claims(next).getClaim("acceptPermissionPage")).isNull();
	}

	@Test
	void loginWhenAcceptPlusThenTheFormWithPlusIsTheSameUser() {
		XellarEmulator xellar = XellarEmulator.builder().clientSecret(SECRET).acceptPlus(true).build();
		assertThat(json(xellar.login(SECRET, V2, PHONE))).containsEntry("status", 200);
		assertThat(xellar.uid(wire(PHONE))).isEqualTo(xellar.uid(PHONE));
	}

	@Test
	void accessTokenLifetimeIsItsOwnAndOutlivesTheWalletTokensMinute() {
		XellarEmulator xellar = XellarEmulator.builder().clientSecret(SECRET).clock(this.clock).build();
		String token = (String) data(json(xellar.login(SECRET, V2, wire(PHONE)))).get("verificationToken");
		String access = (String) data(json(xellar.verify(SECRET, V2, token, xellar.lastOtp(PHONE).orElseThrow())))
			.get("accessToken");
		this.clock.advance(Duration.ofMinutes(5));
		assertThat(data(json(xellar.createAccount(SECRET, V2, access, "http://localhost/secret0")))).containsKey("walletToken");
	}

	// ---------------------------------------------------------------- helpers

	private String login(String phone) {
		return login(phone, V2);
	}

	private String login(String phone, String version) {
		return (String) data(json(this.emulator.login(SECRET, version, wire(phone)))).get("verificationToken");
	}

	/** The number as Xellar's login takes it: digits only. */
	private static String wire(String phone) {
		return phone.startsWith("+") ? phone.substring(1) : phone;
	}

	private String otp(String phone) {
		return this.emulator.lastOtp(phone).orElseThrow();
	}

	private String accessToken(String phone, String version) {
		String token = login(phone, version);
		return (String) data(json(this.emulator.verify(SECRET, version, token, otp(phone)))).get("accessToken");
	}

	/** A v2 user with a wallet, logged in: walletToken and refreshToken. */
	private Map<String, String> walletSession(String phone) {
		this.emulator.seedUserWithWallet(phone);
		String token = login(phone);
		Map<String, Object> data = data(json(this.emulator.verify(SECRET, V2, token, otp(phone))));
		return Map.of("walletToken", (String) data.get("walletToken"), "refreshToken",
				(String) data.get("refreshToken"));
	}

	/** The answer as the emulator's one writer puts it on the wire. */
	private static Map<String, Object> json(XellarAnswer answer) {
		return XellarEnvelopes.envelope(answer);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> data(Map<String, Object> envelope) {
		return (Map<String, Object>) envelope.get("data");
	}

	private static JWTClaimsSet claims(String token) throws Exception {
		SignedJWT jwt = SignedJWT.parse(token);
		assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.HS256);
		assertThat(jwt.getHeader().getType()).isEqualTo(JOSEObjectType.JWT);
		return jwt.getJWTClaimsSet();
	}

	private static void assertInvalidVerificationToken(ThrowingCallable call) {
		assertRefused(call, XellarProtocol.STATUS_EXPIRED_VERIFICATION, XellarEmulator.CODE_INVALID_VERIFICATION_TOKEN,
				"Invalid or expired verification token");
	}

	private static void assertInvalidClientSecret(ThrowingCallable call) {
		assertRefused(call, 401, XellarEmulator.CODE_INVALID_CLIENT_SECRET, "Invalid client secret");
	}

	private static void assertRefused(ThrowingCallable call, int status, String code, String message) {
		assertThatExceptionOfType(EmulatorException.class).isThrownBy(call).satisfies(ex -> {
			assertThat(ex.status()).isEqualTo(status);
			assertThat(ex.code()).isEqualTo(code);
			assertThat(ex.getMessage()).isEqualTo(message);
			assertThat(ex.retryAfter()).isEmpty();
		});
	}

}
