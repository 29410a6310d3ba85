package dev.tglogin.web;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;

import dev.tglogin.bondify.InvalidProofException;
import dev.tglogin.core.UpstreamException;
import dev.tglogin.core.UpstreamRateLimitedException;
import dev.tglogin.core.UpstreamServerErrorException;
import dev.tglogin.core.UpstreamTimeoutException;
import dev.tglogin.core.UpstreamUnavailableException;
import dev.tglogin.store.StoreUnavailableException;
import dev.tglogin.xellar.ExpiredVerificationException;
import dev.tglogin.xellar.WrongOtpException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TelegramLoginError}: the one mapping of failures to the JSON error contract.
 */
class TelegramLoginErrorTests {

	@Test
	void fromWhenEachFailureThenItsStatusAndStableCode() {
		assertError(new InvalidRequestException(TelegramLoginError.invalidRequest("bad")), 400, "invalid_request");
		assertError(new WrongOtpException(), 401, "invalid_otp");
		assertError(new ExpiredVerificationException(), 401, "otp_expired");
		assertError(new InvalidProofException("expired", "Proof expired"), 401, "invalid_proof");
		assertError(new UpstreamTimeoutException("bondify", "read timed out", null), 504, "upstream_timeout");
		assertError(new UpstreamUnavailableException("bondify", "connection refused"), 503, "upstream_unavailable");
		assertError(new UpstreamServerErrorException("xellar", 500, "oops"), 502, "upstream_error");
		assertError(new UpstreamException("xellar", "no tokens"), 502, "upstream_error");
		assertError(new StoreUnavailableException("down", new RuntimeException()), 503, "login_unavailable");
		assertError(new AuthenticationServiceException("mapper down"), 503, "login_unavailable");
		assertError(new BadCredentialsException("no"), 401, "login_refused");
		assertError(new IllegalStateException("bug"), 500, "internal_error");
	}

	@Test
	void fromWhenUpstreamRateLimitedThenItsRetryAfterOrAMinute() {
		TelegramLoginError error = TelegramLoginError
			.from(new UpstreamRateLimitedException("bondify", Duration.ofSeconds(12)));
		assertThat(error.status()).isEqualTo(429);
		assertThat(error.code()).isEqualTo("rate_limited");
		assertThat(error.retryAfterSeconds()).isEqualTo(12L);
		assertThat(TelegramLoginError.from(new UpstreamRateLimitedException("bondify", null)).retryAfterSeconds())
			.isEqualTo(60L);
	}

	@Test
	void rateLimitedWhenLessThanASecondThenAtLeastOneSecond() {
		assertThat(TelegramLoginError.rateLimited(0).retryAfterSeconds()).isEqualTo(1L);
		assertThat(TelegramLoginError.rateLimited(-5).retryAfterSeconds()).isEqualTo(1L);
	}

	@Test
	void fromWhenTheMessageHasDetailsThenTheAnswerDoesNotRepeatThem() {
		TelegramLoginError error = TelegramLoginError
			.from(new AuthenticationServiceException("jdbc:postgresql://db.internal:5432 password=hunter2"));
		assertThat(error.message()).doesNotContain("hunter2", "db.internal");
		assertThat(TelegramLoginError.from(new UpstreamException("bondify", "HTTP 500 from 10.0.0.7")).message())
			.doesNotContain("10.0.0.7");
	}

	@Test
	void toJsonWhenCalledThenErrorAndMessageOnly() {
		assertThat(TelegramLoginError.noPendingLogin().toJson()).isEqualTo(Map.of("error", "no_pending_login",
				"message", "No login is pending in this session; start one first"));
		assertThat(TelegramLoginError.rateLimited(5).toJson()).containsOnlyKeys("error", "message");
	}

	private static void assertError(Exception ex, int status, String code) {
		TelegramLoginError error = TelegramLoginError.from(ex);
		assertThat(error.status()).as(ex.getClass().getSimpleName()).isEqualTo(status);
		assertThat(error.code()).as(ex.getClass().getSimpleName()).isEqualTo(code);
		assertThat(error.message()).isNotBlank();
	}

	@Test
	void messageCodeWhenErrorThenItsCodeUnderTheErrorPrefixAndTheEnglishDefault() {
		TelegramLoginError error = TelegramLoginError.noPendingLogin();
		assertThat(error.getCodes()).containsExactly("tglogin.error.no_pending_login");
		assertThat(error.getArguments()).isEmpty();
		assertThat(error.getDefaultMessage()).isEqualTo(error.message());
		TelegramLoginError field = TelegramLoginError.invalidRequest("field_too_long", "The field \"otp\" is too long",
				"otp");
		assertThat(field.code()).isEqualTo("invalid_request");
		assertThat(field.getCodes()).containsExactly("tglogin.error.invalid_request.field_too_long");
		assertThat(field.getArguments()).containsExactly("otp");
		assertThat(TelegramLoginError.payloadTooLarge(16384).getArguments()).containsExactly(16384);
	}

	@Test
	void withMessageWhenTranslatedThenOnlyTheMessageChanges() {
		TelegramLoginError error = TelegramLoginError.rateLimited(12);
		TelegramLoginError translated = error.withMessage("Слишком много попыток входа");
		assertThat(translated).isEqualTo(new TelegramLoginError(429, "rate_limited", "Слишком много попыток входа", 12L,
				"tglogin.error.rate_limited", List.of()));
		assertThat(translated.toJson()).containsEntry("error", "rate_limited")
			.containsEntry("message", "Слишком много попыток входа");
	}

}
