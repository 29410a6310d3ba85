package dev.tglogin.web.xellar;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tglogin.emulator.BondifyEmulator;
import dev.tglogin.emulator.XellarEmulator;
import dev.tglogin.http.UpstreamHttpClient;
import dev.tglogin.test.Browser;
import dev.tglogin.test.Browser.Response;
import dev.tglogin.test.EmulatorServer;
import dev.tglogin.test.TestApp;
import dev.tglogin.xellar.HttpXellarClient;
import dev.tglogin.xellar.XellarClient;
import dev.tglogin.xellar.XellarWalletService;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Xellar flow over HTTP against an emulator that plays Xellar's awkward parts: digits-only phone numbers, every
 * refusal inside a 200 envelope, users who have not granted the app permission (407 with the accept-permission
 * page), single-use wallet tokens of one minute.
 */
class XellarUpstreamFidelityIntegrationTests {

	private static EmulatorServer upstream;

	private static TestApp app;

	private static int phoneCounter = 300;

	@BeforeAll
	static void start() {
		XellarEmulator xellar = XellarEmulator.builder()
			.loginInterval(Duration.ZERO)
			.errorsInside2xx(true)
			.permissionGranted(false)
			.build();
		upstream = new EmulatorServer(BondifyEmulator.builder().build(), xellar);
		XellarClient client = new HttpXellarClient(
				new UpstreamHttpClient("xellar", Duration.ofSeconds(2), Duration.ofSeconds(2)), upstream.baseUrl(), "v2",
				xellar.clientSecret());
		app = new TestApp((telegram) -> telegram.throttle((throttle) -> throttle.otpSendInterval(Duration.ZERO))
			.xellar((x) -> x.client(client).maxOtpAttempts(3)), new XellarWalletService(client));
	}

	@AfterAll
	static void stop() throws Exception {
		app.close();
		upstream.close();
	}

	@Test
	void loginWhenXellarAnswersRefusalsInsideA200ThenTheyAreRefusalsStill() {
		String phone = newPhone();
		upstream.xellar().seedUserWithWallet(phone);
		Browser browser = app.browser().openLoginPage();
		// typed with spaces and a leading 00: sent to the digits-only emulator as digits
		String typed = "00 44 7700 " + phone.substring(7);
		assertThat(browser.post("/login/telegram/otp", "{\"phoneNumber\":\"" + typed + "\"}").status()).isEqualTo(200);
		String otp = upstream.xellar().lastOtp(phone).orElseThrow();

		Response wrong = browser.post("/login/telegram/otp/verify",
				"{\"otp\":\"" + (otp.equals("000000") ? "111111" : "000000") + "\"}");
		assertThat(wrong.status()).isEqualTo(401);
		assertThat(wrong.json()).containsEntry("error", "invalid_otp").containsEntry("attemptsLeft", 2L);
		assertThat(browser.post("/login/telegram/otp/verify", "{\"otp\":\"" + otp + "\"}").json())
			.containsEntry("status", "confirmed");
	}

	@Test
	void walletWhenTheUserHasNotGrantedPermissionThenTheAppSeesItAndXellarAnswers407UntilGranted() throws Exception {
		String phone = newPhone();
		upstream.xellar().seedUserWithWallet(phone);
		Browser browser = app.browser().openLoginPage();
		browser.post("/login/telegram/otp", "{\"phoneNumber\":\"" + phone + "\"}");
		browser.post("/login/telegram/otp/verify", "{\"otp\":\"" + upstream.xellar().lastOtp(phone).orElseThrow() + "\"}");
		String uid = upstream.xellar().uid(phone).orElseThrow();
		String page = upstream.baseUrl() + "/xellar/permission/" + uid;
		assertThat(browser.get("/me?permission").body()).endsWith("permissionGranted=false page=" + page);

		String walletToken = browser.openLoginPage().post("/wallet/token").field("walletToken");
		HttpResponse<String> refused = signMessage(walletToken);
		// inside a 200, as every refusal of this emulator
		assertThat(refused.body()).contains("\"status\":407").contains("\"message\":\"" + page + "\"");

		// the user accepts on Xellar's page; the next wallet token (refreshed: the last one was handed out) says so
		assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(page)).build(),
				HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
		String next = browser.openLoginPage().post("/wallet/token").field("walletToken");
		assertThat(next).isNotEqualTo(walletToken);
		assertThat(browser.get("/me?permission").body()).endsWith("permissionGranted=true page=null");
		assertThat(signMessage(next).body()).contains("\"status\":200", "\"signature\"");
		// single use: the same wallet token a second time is refused
		assertThat(signMessage(next).body()).contains("\"status\":401");
	}

	private static HttpResponse<String> signMessage(String walletToken) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(upstream.uri("/api/v2/wallet/sign-message"))
				.header("Content-Type", "application/json")
				.header("x-client-secret", upstream.xellar().clientSecret())
				.header("Authorization", "Bearer " + walletToken)
				.POST(HttpRequest.BodyPublishers.ofString("{\"network\":\"ethereum\",\"message\":\"hello\"}"))
				.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static synchronized String newPhone() {
		return "+4477009" + String.format("%05d", ++phoneCounter);
	}

}
