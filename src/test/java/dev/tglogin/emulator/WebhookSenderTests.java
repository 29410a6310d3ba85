package dev.tglogin.emulator;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tglogin.bondify.BondifyWebhookVerifier;
import dev.tglogin.test.EmulatorServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The emulator's webhooks against a receiving stub: Bondify's events and fields, the signature the library verifies,
 * retries of a delivery the app did not take.
 */
class WebhookSenderTests {

	private HttpServer receiver;

	private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();

	/** How many deliveries to answer 503 before answering 204. */
	private final AtomicInteger failFirst = new AtomicInteger();

	@BeforeEach
	void startReceiver() throws IOException {
		this.receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.receiver.createContext("/webhook", (exchange) -> {
			byte[] body = exchange.getRequestBody().readAllBytes();
			this.deliveries.add(new Delivery(body, exchange.getRequestHeaders().getFirst("X-Bondify-Signature")));
			exchange.sendResponseHeaders((this.failFirst.getAndDecrement() > 0) ? 503 : 204, -1);
			exchange.close();
		});
		this.receiver.start();
	}

	@AfterEach
	void stopReceiver() {
		this.receiver.stop(0);
	}

	@Test
	void confirmAndCancelWhenWebhooksAreOnThenSignedEventsWithBondifysFields() throws Exception {
		BondifyEmulator emulator = emulator(Duration.ofMillis(1));
		String confirmed = session(emulator);
		emulator.confirm(confirmed, EmulatedTelegramUser.of("555001", "Hook User", "hook"));
		String cancelled = session(emulator);
		emulator.cancel(cancelled);
		EmulatorServer.awaitWebhooks(emulator);

		assertThat(this.deliveries).hasSize(2);
		BondifyWebhookVerifier verifier = new BondifyWebhookVerifier(emulator.secret());
		for (Delivery delivery : this.deliveries) {
			assertThat(verifier.isSigned(delivery.body(), delivery.signature())).isTrue();
		}
		Map<String, Object> first = JSONObjectUtils.parse(new String(this.deliveries.get(0).body(), StandardCharsets.UTF_8));
		assertThat(first).containsEntry("event", "auth.confirmed")
			.containsEntry("session_token", confirmed)
			.containsEntry("telegram_id", "555001")
			.containsEntry("telegram_name", "Hook User")
			.containsEntry("telegram_username", "hook")
			.containsKey("confirmed_at");
		Map<String, Object> second = JSONObjectUtils.parse(new String(this.deliveries.get(1).body(), StandardCharsets.UTF_8));
		assertThat(second).containsOnlyKeys("event", "session_token", "cancelled_at")
			.containsEntry("event", "auth.cancelled")
			.containsEntry("session_token", cancelled);
		assertThat(emulator.webhooksDelivered()).isEqualTo(2);
	}

	@Test
	void deliveryWhenTheAppDoesNotAnswer2xxThenRetriedUpToThreeTimes() throws Exception {
		BondifyEmulator emulator = emulator(Duration.ofMillis(1));
		this.failFirst.set(2);
		emulator.confirm(session(emulator), EmulatedTelegramUser.defaultUser());
		EmulatorServer.awaitWebhooks(emulator);
		assertThat(emulator.webhookAttempts()).isEqualTo(3);
		assertThat(emulator.webhooksDelivered()).isEqualTo(1);
		// the same event, signed the same way, each time
		assertThat(this.deliveries).extracting(Delivery::signature).containsOnly(this.deliveries.get(0).signature());

		this.failFirst.set(10);
		emulator.cancel(session(emulator));
		EmulatorServer.awaitWebhooks(emulator);
		assertThat(emulator.webhookAttempts()).isEqualTo(3 + 4);
		assertThat(emulator.webhooksDelivered()).isEqualTo(1);
	}

	private BondifyEmulator emulator(Duration retryDelay) {
		String url = "http://127.0.0.1:" + this.receiver.getAddress().getPort() + "/webhook";
		return BondifyEmulator.builder().webhookUrl(() -> url).webhookRetryDelay(retryDelay).build();
	}

	private static String session(BondifyEmulator emulator) {
		return emulator.generate(emulator.projectId(), "http://localhost/telegram").sessionToken();
	}

	private record Delivery(byte[] body, String signature) {
	}

}
