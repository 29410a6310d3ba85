package dev.tglogin.xellar;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tglogin.core.UpstreamException;
import dev.tglogin.core.UpstreamRateLimitedException;
import dev.tglogin.core.UpstreamServerErrorException;
import dev.tglogin.core.UpstreamTimeoutException;
import dev.tglogin.core.UpstreamUnavailableException;
import dev.tglogin.emulator.BondifyEmulator;
import dev.tglogin.emulator.EmulatorFaults;
import dev.tglogin.emulator.Fault;
import dev.tglogin.emulator.XellarEmulator;
import dev.tglogin.http.UpstreamHttpClient;
import dev.tglogin.test.EmulatorServer;
import dev.tglogin.test.LogCapture;

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

	private final List<UpstreamHttpClient> https = new ArrayList<>();

	@AfterEach
	void clear() {
		upstream.xellar().faults().clear();
		this.https.forEach(UpstreamHttpClient::close);
	}

	/** Returns a new upstream HTTP client of the transport under test, closed after the test. */
	UpstreamHttpClient http(Duration readTimeout) {
		UpstreamHttpClient http = newHttp("xellar", Duration.ofSeconds(2), readTimeout);
		this.https.add(http);
		return http;
	}

	/** Makes an upstream HTTP client of the transport under test (the JDK's here). */
	UpstreamHttpClient newHttp(String upstream, Duration connectTimeout, Duration readTimeout) {
		return new UpstreamHttpClient(upstream, connectTimeout, readTimeout);
	}

	private HttpXellarClient client(EmulatorServer server, String version) {
		return new HttpXellarClient(http(Duration.ofMillis(800)),
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
				new Object[] { Fault.status(500), UpstreamServerErrorException.class },
				new Object[] { Fault.status(502), UpstreamServerErrorException.class },
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
	void verifyOtpWhenA4xxSaysNothingThenWrongOtpUnless410AndA2xxWithoutTokensIsAnUpstreamError() {
		HttpXellarClient client = client(upstream, "v2");
		int mark = LogCapture.mark();
		for (int status : new int[] { 400, 401, 402, 403, 404, 409, 418, 422 }) {
			upstream.xellar().faults().enqueue(EmulatorFaults.VERIFY_OTP, Fault.status(status), 1);
			assertThatExceptionOfType(WrongOtpException.class).as("" + status)
				.isThrownBy(() -> client.verifyOtp("verification-token", "123456"));
		}
		assertThat(LogCapture.since(mark)).contains("Xellar refused verify-telegram with 401 (Emulated fault: HTTP 401)"
				+ ": counted as a wrong code");
		upstream.xellar().faults().enqueue(EmulatorFaults.VERIFY_OTP, Fault.status(410), 1);
		assertThatExceptionOfType(ExpiredVerificationException.class)
			.isThrownBy(() -> client.verifyOtp("verification-token", "123456"));
		for (Fault fault : List.of(Fault.wrongTypes(), Fault.malformedJson(), Fault.hugeBody(1024 * 1024))) {
			upstream.xellar().faults().enqueue(EmulatorFaults.VERIFY_OTP, fault, 1);
			assertThatExceptionOfType(UpstreamException.class).as(fault.toString())
				.isThrownBy(() -> client.verifyOtp("verification-token", "123456"))
				.isExactlyInstanceOf(UpstreamException.class);
		}
	}

	@Test
	void verifyOtpWhenTheTextDecidesThenWrongCodeExpiredVerificationOrARefusedCredentialThatJudgedNothing()
			throws IOException {
		AtomicReference<String> answer = new AtomicReference<>();
		HttpServer stub = stub(answer);
		try {
			HttpXellarClient client = stubClient(stub);
			// the status that used to mean "expired" with a text that says the code is wrong: a wrong code
			answer.set("401 {\"status\":401,\"message\":\"Invalid OTP\",\"data\":null}");
			assertThatExceptionOfType(WrongOtpException.class)
				.isThrownBy(() -> client.verifyOtp("verification-token", "123456"));
			// the wrong-code status with a text that says the verification is gone: a new code is needed
			answer.set("400 {\"status\":400,\"message\":\"OTP has expired\",\"data\":null}");
			assertThatExceptionOfType(ExpiredVerificationException.class)
				.isThrownBy(() -> client.verifyOtp("verification-token", "123456"));
			// our client secret refused: Xellar judged no code
			int mark = LogCapture.mark();
			answer.set("401 {\"status\":401,\"message\":\"Invalid client secret\",\"data\":null}");
			assertThatExceptionOfType(UpstreamUnavailableException.class)
				.isThrownBy(() -> client.verifyOtp("verification-token", "123456"))
				.withMessageNotContaining("stub-secret");
			assertThat(LogCapture.since(mark)).contains("check tglogin.xellar.client-secret");
		}
		finally {
			stub.stop(0);
		}
	}

	@Test
	void callsWhenClientSecretIsWrongThenUpstreamErrorNamingNoSecret() {
		HttpXellarClient client = new HttpXellarClient(
				http(Duration.ofSeconds(2)), upstream.baseUrl(), "v2",
				"wrong-secret-value");
		assertThatExceptionOfType(UpstreamException.class).isThrownBy(() -> client.sendOtp(phone()))
			.withMessageContaining("401")
			.withMessageNotContaining("wrong-secret-value");
		assertThat(client.toString()).doesNotContain("wrong-secret-value");
	}

	@Test
	void errorsWhenXellarsMessageEchoesThePhoneNumberThenNeitherTheExceptionNorTheLogShowsIt() throws IOException {
		String phone = "+447911123456";
		AtomicReference<String> answer = new AtomicReference<>();
		HttpServer stub = stub(answer);
		try {
			HttpXellarClient client = stubClient(stub);
			int mark = LogCapture.mark();
			answer.set("403 {\"status\":403,\"message\":\"Phone number " + phone
					+ " (+44 7911 123-456) is not allowed\\n\\u001b[31mforged log line\",\"data\":null}");
			assertThatExceptionOfType(UpstreamException.class).isThrownBy(() -> client.sendOtp(phone))
				.satisfies((ex) -> assertThat(ex.getMessage()).contains("login answered 403 (Phone number *** (***) is not allowed")
					.doesNotContain("7911", "123456", "\n", "\u001b"));
			answer.set("500 {\"status\":500,\"message\":\"upstream failed for 447911123456\",\"data\":null}");
			assertThatExceptionOfType(UpstreamException.class)
				.isThrownBy(() -> client.verifyOtp("verification-token", "123456"))
				.satisfies((ex) -> assertThat(ex.getMessage()).contains("upstream failed for ***").doesNotContain("7911"));
			String logged = LogCapture.since(mark);
			assertThat(logged).contains("Xellar refused login with 403 (Phone number *** (***) is not allowed");
			assertThat(logged).doesNotContain("7911", "123456", "123-456", "forged log line\n", "\u001b");
		}
		finally {
			stub.stop(0);
		}
	}

	@Test
	void sendOtpWhenDefaultsThenDigitsOnlyToTheInferredPathAndBothAreConfigurable() throws IOException {
		java.util.List<String> requests = new java.util.concurrent.CopyOnWriteArrayList<>();
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/", (exchange) -> {
			requests.add(exchange.getRequestURI().getPath() + " "
					+ new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
			byte[] body = "{\"status\":200,\"message\":\"ok\",\"data\":{\"verificationToken\":\"vt\"}}"
				.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		server.start();
		try {
			HttpXellarClient client = stubClient(server);
			client.sendOtp("+447700900123");
			assertThat(requests.get(0)).isEqualTo("/api/v2/auth/login-telegram {\"phoneNumber\":\"447700900123\"}");
			client.setSendOtpPath("/api/{version}/auth/telegram/send-otp");
			client.setPhoneNumberFormat(PhoneNumberFormat.E164);
			client.sendOtp("+447700900123");
			assertThat(requests.get(1))
				.isEqualTo("/api/v2/auth/telegram/send-otp {\"phoneNumber\":\"+447700900123\"}");
		}
		finally {
			server.stop(0);
		}
	}

	@Test
	void callsWhenAnErrorArrivesInsideA2xxEnvelopeThenItIsHandledAsTheEnvelopesStatus() throws IOException {
		AtomicReference<String> answer = new AtomicReference<>();
		HttpServer stub = stub(answer);
		try {
			HttpXellarClient client = stubClient(stub);
			answer.set("200 {\"status\":400,\"message\":\"Invalid OTP\",\"data\":null}");
			assertThatExceptionOfType(WrongOtpException.class)
				.isThrownBy(() -> client.verifyOtp("verification-token", "123456"));
			answer.set("200 {\"status\":401,\"message\":\"Verification expired\",\"data\":null}");
			assertThatExceptionOfType(ExpiredVerificationException.class)
				.isThrownBy(() -> client.verifyOtp("verification-token", "123456"));
			answer.set("200 {\"status\":429,\"message\":\"Too many requests\",\"data\":null}");
			assertThatExceptionOfType(UpstreamRateLimitedException.class).isThrownBy(() -> client.sendOtp(phone()));
			answer.set("200 {\"status\":500,\"message\":\"Internal error\",\"data\":{\"verificationToken\":\"x\"}}");
			assertThatExceptionOfType(UpstreamException.class).isThrownBy(() -> client.sendOtp(phone()));
		}
		finally {
			stub.stop(0);
		}
	}

	@Test
	void createWalletWhenOptionsAreSetThenXellarsFieldsAreSentAndWhenNoneThenAnEmptyBody() throws IOException {
		List<String> requests = new java.util.concurrent.CopyOnWriteArrayList<>();
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/", (exchange) -> {
			requests.add(exchange.getRequestURI().getPath() + " "
					+ new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
			byte[] body = ("{\"status\":201,\"message\":\"Create wallet successfully\",\"data\":{\"walletToken\":\"w\","
					+ "\"refreshToken\":\"r\",\"secret0\":\"s0\",\"address\":[{\"network\":\"evm\",\"address\":\"0x1\"}]}}")
				.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(201, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		server.start();
		try {
			HttpXellarClient client = stubClient(server);
			client.createWallet("access-token");
			assertThat(requests.get(0)).isEqualTo("/api/v2/account/create {}");
			XellarWalletCreation creation = client.createWallet("access-token", XellarWalletOptions.builder()
				.custodian(false)
				.expireDate(java.time.LocalDate.of(2031, 1, 2))
				.rampable("alex", "Alex Johnson", "pw-value")
				.build());
			assertThat(requests.get(1)).startsWith("/api/v2/account/create {")
				.contains("\"isCustodian\":false", "\"expireDate\":\"2031-01-02\"",
						"\"rampable\":{\"username\":\"alex\"", "\"password\":\"pw-value\"");
			assertThat(creation.credentials().getAddresses()).containsExactly(new WalletAddress("evm", "0x1"));
		}
		finally {
			server.stop(0);
		}
	}

	@Test
	void callsWhenXellarAnswers407ThenPermissionRequiredWithThePageFromDataMessage() throws IOException {
		AtomicReference<String> answer = new AtomicReference<>();
		HttpServer stub = stub(answer);
		try {
			HttpXellarClient client = stubClient(stub);
			XellarWalletCredentials credentials = XellarWalletCredentials.wallet("w", "r", List.of());
			answer.set("407 {\"status\":407,\"message\":\"Permission required\","
					+ "\"data\":{\"message\":\"https://passport.xellar.co/permission/app-1\"}}");
			assertThatExceptionOfType(XellarPermissionRequiredException.class).isThrownBy(() -> client.refresh(credentials))
				.satisfies((ex) -> assertThat(ex.getAcceptPermissionPage())
					.isEqualTo("https://passport.xellar.co/permission/app-1"))
				.withMessageNotContaining("passport");
			// inside a 2xx envelope too
			answer.set("200 {\"status\":407,\"message\":\"https://passport.xellar.co/permission/app-2\",\"data\":null}");
			assertThatExceptionOfType(XellarPermissionRequiredException.class)
				.isThrownBy(() -> client.createWallet("access-token"))
				.satisfies((ex) -> assertThat(ex.getAcceptPermissionPage())
					.isEqualTo("https://passport.xellar.co/permission/app-2"));
		}
		finally {
			stub.stop(0);
		}
	}

	private HttpXellarClient stubClient(HttpServer stub) {
		return new HttpXellarClient(http(Duration.ofSeconds(2)),
				"http://127.0.0.1:" + stub.getAddress().getPort(), "v2", "stub-secret");
	}

	/** A Xellar stand-in that answers every call with {@code "<status> <body>"} as set in the reference. */
	private static HttpServer stub(AtomicReference<String> answer) throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/", (exchange) -> {
			exchange.getRequestBody().readAllBytes();
			String scripted = answer.get();
			byte[] body = scripted.substring(4).getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(Integer.parseInt(scripted.substring(0, 3)), (body.length > 0) ? body.length : -1);
			if (body.length > 0) {
				exchange.getResponseBody().write(body);
			}
			exchange.close();
		});
		server.start();
		return server;
	}

	@SuppressWarnings("unchecked")
	private static Class<? extends UpstreamException> asException(Object type) {
		return (Class<? extends UpstreamException>) type;
	}

}
