package dev.tglogin.web.bondify;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tglogin.emulator.BondifyEmulator;
import dev.tglogin.emulator.EmulatedTelegramUser;
import dev.tglogin.emulator.EmulatorFaults;
import dev.tglogin.emulator.Fault;
import dev.tglogin.test.Browser;
import dev.tglogin.test.Browser.Response;
import dev.tglogin.test.EmulatorServer;
import dev.tglogin.test.TestApp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Webhooks the emulator sends, as Bondify does, to an app that has them on: the signed {@code auth.confirmed} and
 * {@code auth.cancelled} reach the app's webhook endpoint over HTTP and decide the waiting browser's login while
 * Bondify's status endpoint fails (so polling could not have).
 */
class BondifyWebhookDeliveryIntegrationTests {

	private static final AtomicReference<TestApp> appRef = new AtomicReference<>();

	private static EmulatorServer upstream;

	private static TestApp app;

	@BeforeAll
	static void start() {
		upstream = new EmulatorServer(BondifyEmulator.builder()
			.webhookUrl(() -> appRef.get().uri() + "/login/telegram/webhook")
			.build());
		app = new TestApp((telegram) -> telegram.bondify((bondify) -> bondify.projectId(upstream.bondify().projectId())
			.secret(upstream.bondify().secret())
			.baseUrl(upstream.baseUrl())
			.webhook(true)));
		appRef.set(app);
	}

	@AfterAll
	static void stop() throws Exception {
		app.close();
		upstream.close();
	}

	@AfterEach
	void clearFaults() {
		upstream.bondify().faults().clear();
	}

	@Test
	void confirmWhenTheEmulatorSendsTheWebhookThenTheLoginCompletesFromItWithoutPollingBondify() throws Exception {
		Browser browser = app.browser().openLoginPage();
		String token = token(browser.post("/login/telegram/start"));
		upstream.bondify().faults().enqueue(EmulatorFaults.VERIFY, Fault.status(500), 1);
		int delivered = upstream.bondify().webhooksDelivered();

		upstream.bondify().confirm(token, EmulatedTelegramUser.of("777001", "Hooked User", "hooked"));
		EmulatorServer.awaitWebhooks(upstream.bondify());

		assertThat(upstream.bondify().webhooksDelivered()).isEqualTo(delivered + 1);
		assertThat(browser.post("/login/telegram/status").json()).containsEntry("status", "confirmed")
			.containsEntry("user", Map.of("id", "777001", "name", "Hooked User", "username", "hooked"));
		assertThat(browser.get("/me").body()).isEqualTo("Hello, Hooked User (777001)");
		assertThat(upstream.bondify().faults().next(EmulatorFaults.VERIFY)).as("Bondify was not polled").isPresent();
	}

	@Test
	void cancelWhenTheEmulatorSendsTheWebhookThenTheLoginIsCancelledWithoutPollingBondify() throws Exception {
		Browser browser = app.browser().openLoginPage();
		String token = token(browser.post("/login/telegram/start"));
		upstream.bondify().faults().enqueue(EmulatorFaults.VERIFY, Fault.status(500), 1);

		upstream.bondify().cancel(token);
		EmulatorServer.awaitWebhooks(upstream.bondify());

		assertThat(browser.post("/login/telegram/status").json()).containsEntry("status", "cancelled");
		assertThat(upstream.bondify().faults().next(EmulatorFaults.VERIFY)).as("Bondify was not polled").isPresent();
	}

	private static String token(Response start) {
		String deeplink = start.field("deeplink");
		return deeplink.substring(deeplink.indexOf("start=") + "start=".length());
	}

}
