package dev.tglogin.xellar;

import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tglogin.core.UpstreamException;
import dev.tglogin.core.UpstreamRateLimitedException;
import dev.tglogin.core.UpstreamServerErrorException;
import dev.tglogin.core.UpstreamUnavailableException;
import dev.tglogin.http.UpstreamResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class XellarEnvelopeTests {

	private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

	@Test
	void checkWhenAnErrorArrivesInsideA2xxThenTheAnswerHasTheEnvelopesStatus() {
		UpstreamResponse checked = XellarEnvelope.check(answer(200, envelope(400, "Invalid OTP", null)), "verify",
				CLOCK);
		assertThat(checked.status()).isEqualTo(400);
		assertThat(XellarEnvelope.check(answer(200, envelope(200, "OK", Map.of("a", "b"))), "verify", CLOCK).status())
			.isEqualTo(200);
	}

	@Test
	void checkWhen407Or429Or503ThenTheSharedRefusals() {
		assertThatExceptionOfType(XellarPermissionRequiredException.class)
			.isThrownBy(() -> XellarEnvelope.check(answer(200, envelope(407, "Permission required",
					Map.of("message", "https://passport.xellar.co/p"))), "wallet/refresh", CLOCK))
			.satisfies((ex) -> assertThat(ex.getAcceptPermissionPage()).isEqualTo("https://passport.xellar.co/p"));
		assertThatExceptionOfType(UpstreamRateLimitedException.class).isThrownBy(() -> XellarEnvelope
			.check(new UpstreamResponse(429, HttpHeaders.of(Map.of("Retry-After", List.of("30")), (n, v) -> true),
					envelope(429, "Too many requests", null)), "login", CLOCK))
			.satisfies((ex) -> assertThat(ex.getRetryAfter()).isEqualTo(Duration.ofSeconds(30)));
		assertThatExceptionOfType(UpstreamUnavailableException.class)
			.isThrownBy(() -> XellarEnvelope.check(answer(503, null), "login", CLOCK));
	}

	@Test
	void dataWhenSuccessThenTheDataObjectElseTypedUpstreamErrors() {
		assertThat(XellarEnvelope.data(answer(200, envelope(200, "OK", Map.of("walletToken", "w"))), "verify"))
			.containsEntry("walletToken", "w");
		assertThatExceptionOfType(UpstreamException.class)
			.isThrownBy(() -> XellarEnvelope.data(answer(200, envelope(200, "OK", null)), "verify"))
			.withMessageContaining("no data object");
		assertThatExceptionOfType(UpstreamServerErrorException.class)
			.isThrownBy(() -> XellarEnvelope.data(answer(500, envelope(500, "down for +15551234567", null)), "login"))
			.withMessageContaining("login answered 500")
			.withMessageNotContaining("5551234567");
		assertThatExceptionOfType(UpstreamException.class)
			.isThrownBy(() -> XellarEnvelope.data(answer(401, envelope(401, "Invalid client secret", null)), "login"))
			.isNotInstanceOf(UpstreamServerErrorException.class)
			.withMessageContaining("login answered 401 (Invalid client secret)");
	}

	private static Map<String, Object> envelope(int status, String message, Map<String, Object> data) {
		Map<String, Object> json = new HashMap<>();
		json.put("status", status);
		json.put("message", message);
		json.put("data", data);
		return json;
	}

	private static UpstreamResponse answer(int status, Map<String, Object> json) {
		return new UpstreamResponse(status, HttpHeaders.of(Map.of(), (name, value) -> true), json);
	}

}
