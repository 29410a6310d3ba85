package dev.tglogin.xellar;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tglogin.core.UpstreamException;
import dev.tglogin.core.UpstreamRateLimitedException;
import dev.tglogin.core.UpstreamTimeoutException;
import dev.tglogin.core.UpstreamUnavailableException;
import dev.tglogin.emulator.BondifyEmulator;
import dev.tglogin.emulator.EmulatorFaults;
import dev.tglogin.emulator.Fault;
import dev.tglogin.emulator.XellarEmulator;
import dev.tglogin.http.UpstreamHttpClient;
import dev.tglogin.test.EmulatorServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The Xellar client against the emulator over HTTP: both API versions, both names of the verification token, the
 * typed errors, and no secret in any message.
 */
class HttpXellarClientTests {

	private static EmulatorServer upstream;

	private static EmulatorServer verifyTokenUpstream;

	private static int phones = 1000;

	@BeforeAll
	static void start() {
		upstream = new EmulatorServer(BondifyEmulator.builder().build(),
				XellarEmulator.builder().loginInterval(Duration.ZERO).build());
		verifyTokenUpstream = new EmulatorServer(BondifyEmulator.builder().build(),
				XellarEmulator.builder()
					.loginInterval(Duration.ZERO)
					.verificationTokenField(XellarProtocol.VERIFY_TOKEN)
					.build());
	}

	@AfterAll
	static void stop() throws Exception {
		upstream.close();
		verifyTokenUpstream.close();
	}

	@AfterEach
	void clear() {
		upstream.xellar().faults().clear();
	}

	private static HttpXellarClient client(EmulatorServer server, String version) {
		return new HttpXellarClient(new UpstreamHttpClient("xellar", Duration.ofSeconds(2), Duration.ofMillis(800)),
				server.baseUrl(), version, server.xellar().clientSecret());
	}

	private static synchronized String phone() {
		return "+4479" + String.format("%08d", phones++);
	}

	@Test
	void verifyOtpWhenUserHasAWalletThenV2TokensAndAddresses() {
		String phone = phone();
		upstream.xellar().seedUserWithWallet(phone);
		HttpXellarClient client = client(upstream, "v2");
		XellarOtpChallenge challenge = client.sendOtp(phone);
		assertThat(challenge.walletCreated()).isTrue();

		XellarWalletCredentials credentials = client.verifyOtp(challenge.verificationToken(),
				upstream.xellar().lastOtp(phone).orElseThrow());

		assertThat(credentials.isWalletCreated()).isTrue();
		assertThat(credentials.getWalletToken()).isNotBlank();
		assertThat(credentials.getRefreshToken()).isNotBlank();
		assertThat(credentials.getAccessToken()).isNull();
		assertThat(credentials.getAddresses()).extracting(WalletAddress::network).containsExactly("evm");
		assertThat(credentials.getAddresses().get(0).address())
			.isEqualTo(upstream.xellar().walletAddress(phone).orElseThrow());
		assertThat(XellarTokenClaims.uid(credentials.getWalletToken()))
			.isEqualTo(upstream.xellar().uid(phone).orElseThrow());
	}

	@Test
	void verifyOtpWhenApiV1ThenSingleAddressAndNoRefreshToken() {
		String phone = phone();
		upstream.xellar().seedUserWithWallet(phone);
		HttpXellarClient client = client(upstream, "v1");
		XellarOtpChallenge challenge = client.sendOtp(phone);

		XellarWalletCredentials credentials = client.verifyOtp(challenge.verificationToken(),
				upstream.xellar().lastOtp(phone).orElseThrow());

		assertThat(credentials.getRefreshToken()).isNull();
		assertThat(credentials.getAddresses()).hasSize(1);
	}

	@Test
	void sendOtpWhenTheAnswerNamesTheTokenVerifyTokenThenItIsAccepted() {
		String phone = phone();
		HttpXellarClient client = client(verifyTokenUpstream, "v2");
		XellarOtpChallenge challenge = client.sendOtp(phone);
		XellarWalletCredentials credentials = client.verifyOtp(challenge.verificationToken(),
				verifyTokenUpstream.xellar().lastOtp(phone).orElseThrow());
		assertThat(credentials.isWalletCreated()).isFalse();
		assertThat(credentials.getAccessToken()).isNotBlank();
	}

	@Test
	void newUserThenAccessTokenCreatesAWalletWhoseTokensRefreshWithRotation() {
		String phone = phone();
		HttpXellarClient client = client(upstream, "v2");
		XellarOtpChallenge challenge = client.sendOtp(phone);
		XellarWalletCredentials noWallet = client.verifyOtp(challenge.verificationToken(),
				upstream.xellar().lastOtp(phone).orElseThrow());

		XellarWalletCreation creation = client.createWallet(noWallet.getAccessToken());
		assertThat(creation.secret0()).isNotBlank();
		assertThat(creation.secret0Link()).startsWith("http");
		assertThat(creation.credentials().isWalletCreated()).isTrue();
		assertThat(creation.toString()).doesNotContain(creation.secret0());

		XellarWalletCredentials rotated = client.refresh(creation.credentials());
		assertThat(rotated.getWalletToken()).isNotEqualTo(creation.credentials().getWalletToken());
		assertThat(rotated.getRefreshToken()).isNotEqualTo(creation.credentials().getRefreshToken());
		assertThat(rotated.getAddresses()).isEqualTo(creation.credentials().getAddresses());
		// the old refresh token was single-use
		assertThatExceptionOfType(UpstreamException.class).isThrownBy(() -> client.refresh(creation.credentials()))
			.withMessageContaining("401")
			.withMessageNotContaining(creation.credentials().getRefreshToken());
	}

	@Test
	void verifyOtpWhenCodeIsWrongThenWrongOtpAndTheTokenStillWorks() {
		String phone = phone();
		HttpXellarClient client = client(upstream, "v2");
		XellarOtpChallenge challenge = client.sendOtp(phone);
		String otp = upstream.xellar().lastOtp(phone).orElseThrow();

		assertThatExceptionOfType(WrongOtpException.class)
			.isThrownBy(() -> client.verifyOtp(challenge.verificationToken(), otp.equals("000000") ? "111111" : "000000"));
		assertThat(client.verifyOtp(challenge.verificationToken(), otp)).isNotNull();
		assertThatExceptionOfType(ExpiredVerificationException.class)
			.isThrownBy(() -> client.verifyOtp(challenge.verificationToken(), otp));
	}

	@Test
	void callsWhenUpstreamMisbehavesThenTypedErrorsWithoutSecrets() {
		HttpXellarClient client = client(upstream, "v2");
		String secret = upstream.xellar().clientSecret();
		List<Object[]> cases = List.of(new Object[] { Fault.status(503), UpstreamUnavailableException.class },
				new Object[] { Fault.status(500), UpstreamException.class },
				new Object[] { Fault.rateLimited(Duration.ofSeconds(9)), UpstreamRateLimitedException.class },
				new Object[] { Fault.malformedJson(), UpstreamException.class },
				new Object[] { Fault.wrongTypes(), UpstreamException.class },
				new Object[] { Fault.hugeBody(1024 * 1024), UpstreamException.class },
				new Object[] { Fault.drop(), UpstreamUnavailableException.class },
				new Object[] { Fault.latency(Duration.ofSeconds(3)), UpstreamTimeoutException.class });
		for (Object[] c : cases) {
			upstream.xellar().faults().enqueue(EmulatorFaults.LOGIN, (Fault) c[0], 1);
			assertThatExceptionOfType(UpstreamException.class).as(c[0].toString())
				.isThrownBy(() -> client.sendOtp(phone()))
				.isExactlyInstanceOf(asException(c[1]))
				.withMessageNotContaining(secret);
		}
		upstream.xellar().faults().enqueue(EmulatorFaults.LOGIN, Fault.rateLimited(Duration.ofSeconds(9)), 1);
		assertThatExceptionOfType(UpstreamRateLimitedException.class).isThrownBy(() -> client.sendOtp(phone()))
			.satisfies((ex) -> assertThat(ex.getRetryAfter()).isEqualTo(Duration.ofSeconds(9)));
	}

	@Test
	void callsWhenClientSecretIsWrongThenUpstreamErrorNamingNoSecret() {
		HttpXellarClient client = new HttpXellarClient(
				new UpstreamHttpClient("xellar", Duration.ofSeconds(2), Duration.ofSeconds(2)), upstream.baseUrl(), "v2",
				"wrong-secret-value");
		assertThatExceptionOfType(UpstreamException.class).isThrownBy(() -> client.sendOtp(phone()))
			.withMessageContaining("401")
			.withMessageNotContaining("wrong-secret-value");
		assertThat(client.toString()).doesNotContain("wrong-secret-value");
	}

	@SuppressWarnings("unchecked")
	private static Class<? extends UpstreamException> asException(Object type) {
		return (Class<? extends UpstreamException>) type;
	}

}
