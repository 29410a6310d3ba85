package dev.tglogin.emulator;

import dev.tglogin.test.MutableClock;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tglogin.bondify.BondifyProtocol;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class BondifyEmulatorTests {

	private static final String PROJECT = "proj_test";

	private static final String DEEPLINK_BASE = "http://localhost/tglogin-emulator/telegram";

	private static final Instant START = Instant.parse("2026-07-01T10:00:00.123Z");

	private final byte[] secret = "0123456789abcdef0123456789abcdef".getBytes();

	private MutableClock clock;

	private BondifyEmulator emulator;

	@BeforeEach
	void setUp() {
		this.clock = new MutableClock(START);
		this.emulator = BondifyEmulator.builder()
			.projectId(PROJECT)
			.secret(this.secret)
			.sessionLifetime(Duration.ofMinutes(10))
			.proofLifetime(Duration.ofMinutes(5))
			.clock(this.clock)
			.build();
	}

	@Test
	void generateWhenKnownProjectThenReturnsUnguessableTokenDeeplinkAndExpiryInMillis() {
		BondifyAnswer.Generated first = this.emulator.generate(PROJECT, DEEPLINK_BASE);
		BondifyAnswer.Generated second = this.emulator.generate(PROJECT, DEEPLINK_BASE);

		String token = first.sessionToken();
		assertThat(token).matches("sess_[A-Za-z0-9_-]{32}");
		assertThat(second.sessionToken()).isNotEqualTo(token);
		assertThat(first.deeplink()).isEqualTo(DEEPLINK_BASE + "?start=" + token);
		assertThat(first.expiresAt()).isEqualTo(START.plus(Duration.ofMinutes(10)));
		assertThat(first.toString()).doesNotContain(token);
	}

	@Test
	void generateWhenUnknownProjectThenProjectNotFound() {
		assertThatExceptionOfType(EmulatorException.class)
			.isThrownBy(() -> this.emulator.generate("proj_other", DEEPLINK_BASE))
			.satisfies(ex -> {
				assertThat(ex.status()).isEqualTo(404);
				assertThat(ex.code()).isEqualTo(BondifyProtocol.CODE_PROJECT_NOT_FOUND);
				assertThat(ex.getMessage()).isEqualTo("Project not found");
			});
	}

	@Test
	void verifyWhenPendingThenPending() {
		String token = generate();

		assertThat(this.emulator.verify(PROJECT, token)).isEqualTo(new BondifyAnswer.Pending());
	}

	@Test
	void verifyWhenConfirmedThenFirstAnswerHasProofAndLaterAnswersAreUsed() {
		String token = generate();
		this.clock.advance(Duration.ofSeconds(30));
		this.emulator.confirm(token, EmulatedTelegramUser.of("123456789", "Alex Johnson", "alexj"));
		Instant confirmedAt = this.clock.instant();
		this.clock.advance(Duration.ofSeconds(2));

		BondifyAnswer.Confirmed first = confirmed(token);

		assertThat(first.user()).isEqualTo(EmulatedTelegramUser.of("123456789", "Alex Johnson", "alexj"));
		assertThat(first.user().phone()).isNull();
		assertThat(first.confirmedAt()).isEqualTo(confirmedAt);
		assertThat(first.proof()).isNotBlank();
		assertThat(first.toString()).doesNotContain(first.proof());
		assertThat(this.emulator.verify(PROJECT, token)).isEqualTo(new BondifyAnswer.Used());
		assertThat(this.emulator.verify(PROJECT, token)).isEqualTo(new BondifyAnswer.Used());
		assertThat(this.emulator.session(token)).get()
			.extracting(SessionView::state)
			.isEqualTo(SessionView.State.USED);
	}

	@Test
	void verifyWhenConfirmedThenProofIsHs256SignedWithTheSecretAndCarriesTheClaims() throws Exception {
		String token = generate();
		this.emulator.confirm(token, EmulatedTelegramUser.of("123456789", "Alex Johnson", null));
		Instant confirmedAt = this.clock.instant();
		this.clock.advance(Duration.ofSeconds(3));
		Instant issuedAt = this.clock.instant();

		BondifyAnswer.Confirmed answer = confirmed(token);

		assertThat(answer.user().username()).isNull();
		SignedJWT proof = SignedJWT.parse(answer.proof());
		assertThat(proof.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.HS256);
		assertThat(proof.getHeader().getType()).isEqualTo(JOSEObjectType.JWT);
		assertThat(proof.verify(new MACVerifier(this.secret))).isTrue();
		assertThat(proof.verify(new MACVerifier("another secret of at least 32 bytes!".getBytes()))).isFalse();
		JWTClaimsSet claims = proof.getJWTClaimsSet();
		assertThat(claims.getClaims()).containsEntry(BondifyProtocol.TELEGRAM_ID, "123456789")
			.containsEntry(BondifyProtocol.TELEGRAM_NAME, "Alex Johnson")
			.containsEntry(BondifyProtocol.TELEGRAM_USERNAME, null)
			.containsEntry(BondifyProtocol.PROJECT_ID, PROJECT)
			.containsEntry(BondifyProtocol.SESSION_TOKEN, token)
			.containsEntry(BondifyProtocol.CONFIRMED_AT, confirmedAt.toEpochMilli())
			.doesNotContainKey(BondifyProtocol.TELEGRAM_PHONE);
		assertThat(proof.getPayload().toJSONObject()).containsKey(BondifyProtocol.TELEGRAM_USERNAME);
		assertThat(claims.getIssueTime().toInstant().getEpochSecond()).isEqualTo(issuedAt.getEpochSecond());
		long lifetime = claims.getExpirationTime().getTime() / 1000 - claims.getIssueTime().getTime() / 1000;
		assertThat(lifetime).isEqualTo(Duration.ofMinutes(5).toSeconds());
	}

	@Test
	void verifyWhenUserSharedPhoneThenAnswerAndProofCarryIt() throws Exception {
		String token = generate();
		this.emulator.confirm(token, new EmulatedTelegramUser("42", "Phone User", "phoney", "+15550100"));

		BondifyAnswer.Confirmed answer = confirmed(token);

		assertThat(answer.user().phone()).isEqualTo("+15550100");
		SignedJWT proof = SignedJWT.parse(answer.proof());
		assertThat(proof.getJWTClaimsSet().getClaim(BondifyProtocol.TELEGRAM_PHONE)).isEqualTo("+15550100");
	}

	@Test
	void verifyWhenCancelledThenCancelledWithTimestampInMillis() {
		String token = generate();
		this.clock.advance(Duration.ofSeconds(5));
		this.emulator.cancel(token);

		assertThat(this.emulator.verify(PROJECT, token)).isEqualTo(new BondifyAnswer.Cancelled(START.plusSeconds(5)));
	}

	@Test
	void verifyWhenPastExpiryThenExpired() {
		String token = generate();
		this.clock.advance(Duration.ofMinutes(10).minusMillis(1));
		assertThat(this.emulator.verify(PROJECT, token)).isEqualTo(new BondifyAnswer.Pending());

		this.clock.advance(Duration.ofMillis(1));

		assertThat(this.emulator.verify(PROJECT, token)).isEqualTo(new BondifyAnswer.Expired());
	}

	@Test
	void verifyWhenConfirmedButNotDeliveredBeforeExpiryThenExpired() {
		String token = generate();
		this.emulator.confirm(token, EmulatedTelegramUser.defaultUser());
		this.clock.advance(Duration.ofMinutes(10));

		assertThat(this.emulator.verify(PROJECT, token)).isEqualTo(new BondifyAnswer.Expired());
	}

	@Test
	void verifyWhenUsedThenStaysUsedAfterExpiry() {
		String token = generate();
		this.emulator.confirm(token, EmulatedTelegramUser.defaultUser());
		this.emulator.verify(PROJECT, token);
		this.clock.advance(Duration.ofMinutes(11));

		assertThat(this.emulator.verify(PROJECT, token)).isEqualTo(new BondifyAnswer.Used());
	}

	@Test
	void verifyWhenUnknownTokenOrProjectThenNotFound() {
		String token = generate();

		assertThatExceptionOfType(EmulatorException.class)
			.isThrownBy(() -> this.emulator.verify(PROJECT, "sess_unknown"))
			.satisfies(ex -> {
				assertThat(ex.status()).isEqualTo(404);
				assertThat(ex.code()).isEqualTo(BondifyProtocol.CODE_SESSION_EXPIRED);
				assertThat(ex.getMessage()).isEqualTo("Session not found or expired");
			});
		assertThatExceptionOfType(EmulatorException.class)
			.isThrownBy(() -> this.emulator.verify("proj_other", token))
			.satisfies(ex -> {
				assertThat(ex.status()).isEqualTo(404);
				assertThat(ex.code()).isEqualTo(BondifyProtocol.CODE_PROJECT_NOT_FOUND);
			});
	}

	@Test
	void confirmOrCancelWhenSessionIsNotPendingThenConflict() {
		String expired = generate();
		this.clock.advance(Duration.ofMinutes(10));
		String confirmed = generate();
		this.emulator.confirm(confirmed, EmulatedTelegramUser.defaultUser());
		String cancelled = generate();
		this.emulator.cancel(cancelled);

		assertConflict(() -> this.emulator.confirm(confirmed, EmulatedTelegramUser.defaultUser()), "already confirmed");
		assertConflict(() -> this.emulator.cancel(confirmed), "already confirmed");
		assertConflict(() -> this.emulator.confirm(cancelled, EmulatedTelegramUser.defaultUser()), "cancelled");
		assertConflict(() -> this.emulator.cancel(cancelled), "cancelled");
		assertConflict(() -> this.emulator.confirm(expired, EmulatedTelegramUser.defaultUser()), "expired");
		assertConflict(() -> this.emulator.cancel(expired), "expired");
	}

	@Test
	void confirmOrCancelWhenUnknownTokenThenSessionNotFound() {
		assertThatExceptionOfType(EmulatorException.class)
			.isThrownBy(() -> this.emulator.confirm("sess_unknown", EmulatedTelegramUser.defaultUser()))
			.satisfies(ex -> assertThat(ex.code()).isEqualTo(BondifyProtocol.CODE_SESSION_EXPIRED));
		assertThatExceptionOfType(EmulatorException.class).isThrownBy(() -> this.emulator.cancel("sess_unknown"))
			.satisfies(ex -> assertThat(ex.status()).isEqualTo(404));
	}

	@Test
	void sessionsWhenSeveralThenNewestFirstWithTheirStates() {
		String first = generate();
		this.clock.advance(Duration.ofSeconds(1));
		String second = generate();
		this.clock.advance(Duration.ofSeconds(1));
		String third = generate();
		this.emulator.confirm(second, EmulatedTelegramUser.defaultUser());
		this.emulator.cancel(third);

		List<SessionView> sessions = this.emulator.sessions();

		assertThat(sessions).extracting(SessionView::sessionToken).containsExactly(third, second, first);
		assertThat(sessions).extracting(SessionView::state)
			.containsExactly(SessionView.State.CANCELLED, SessionView.State.CONFIRMED, SessionView.State.PENDING);
		assertThat(sessions.get(1).user()).isEqualTo(EmulatedTelegramUser.defaultUser());
		assertThat(sessions.get(2).expiresAt()).isEqualTo(START.plus(Duration.ofMinutes(10)));
	}

	@Test
	void sessionsWhenCreatedMoreThanTwiceTheLifetimeAgoThenPurged() {
		String old = generate();
		this.clock.advance(Duration.ofMinutes(15));
		String recent = generate();
		assertThat(this.emulator.sessions()).hasSize(2);

		this.clock.advance(Duration.ofMinutes(5));

		assertThat(this.emulator.sessions()).extracting(SessionView::sessionToken).containsExactly(recent);
		assertThatExceptionOfType(EmulatorException.class).isThrownBy(() -> this.emulator.verify(PROJECT, old))
			.satisfies(ex -> assertThat(ex.code()).isEqualTo(BondifyProtocol.CODE_SESSION_EXPIRED));
	}

	@Test
	void verifyWhenPolledConcurrentlyAfterConfirmThenExactlyOneAnswerIsConfirmed() throws Exception {
		String token = generate();
		this.emulator.confirm(token, EmulatedTelegramUser.defaultUser());
		ExecutorService executor = Executors.newFixedThreadPool(8);
		try {
			List<Callable<BondifyAnswer.Status>> calls = new ArrayList<>();
			for (int i = 0; i < 16; i++) {
				calls.add(() -> this.emulator.verify(PROJECT, token));
			}
			List<BondifyAnswer.Status> statuses = new ArrayList<>();
			for (Future<BondifyAnswer.Status> future : executor.invokeAll(calls)) {
				statuses.add(future.get());
			}
			assertThat(statuses).filteredOn(BondifyAnswer.Confirmed.class::isInstance).hasSize(1);
			assertThat(statuses).filteredOn(new BondifyAnswer.Used()::equals).hasSize(15);
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void secretWhenGivenThenCopiedInAndOut() {
		byte[] given = this.secret.clone();
		BondifyEmulator emulator = BondifyEmulator.builder().secret(given).build();
		Arrays.fill(given, (byte) 0);
		byte[] out = emulator.secret();
		out[0] = 0;

		assertThat(emulator.secret()).isEqualTo(this.secret);
		assertThat(emulator.projectId()).isEqualTo(BondifyEmulator.DEFAULT_PROJECT_ID);
	}

	@Test
	void secretWhenNotGivenThenRandom32BytesPerEmulator() {
		byte[] one = BondifyEmulator.builder().build().secret();
		byte[] two = BondifyEmulator.builder().build().secret();

		assertThat(one).hasSize(32);
		assertThat(one).isNotEqualTo(two);
	}

	@Test
	void builderWhenInvalidSettingsThenRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> BondifyEmulator.builder().secret(new byte[31]));
		assertThatIllegalArgumentException().isThrownBy(() -> BondifyEmulator.builder().projectId(" "));
		assertThatIllegalArgumentException().isThrownBy(() -> BondifyEmulator.builder().sessionLifetime(Duration.ZERO));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> BondifyEmulator.builder().proofLifetime(Duration.ofMillis(1500)));
		assertThatIllegalArgumentException().isThrownBy(() -> BondifyEmulator.builder().clock(null));
	}

	@Test
	void emulatedTelegramUserWhenIdIsNotDigitsOrNameBlankThenRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> EmulatedTelegramUser.of("12a", "Name", null));
		assertThatIllegalArgumentException().isThrownBy(() -> EmulatedTelegramUser.of("12", " ", null));
		assertThat(new EmulatedTelegramUser("1", "N", "", " ").username()).isNull();
	}

	private String generate() {
		return this.emulator.generate(PROJECT, DEEPLINK_BASE).sessionToken();
	}

	private BondifyAnswer.Confirmed confirmed(String token) {
		BondifyAnswer.Status status = this.emulator.verify(PROJECT, token);
		assertThat(status).isInstanceOf(BondifyAnswer.Confirmed.class);
		return (BondifyAnswer.Confirmed) status;
	}

	private static void assertConflict(Runnable action, String messagePart) {
		assertThatExceptionOfType(EmulatorException.class).isThrownBy(action::run).satisfies(ex -> {
			assertThat(ex.status()).isEqualTo(409);
			assertThat(ex.code()).isEqualTo(EmulatorException.CODE_SESSION_NOT_PENDING);
			assertThat(ex.getMessage()).contains(messagePart);
		});
	}

	@Test
	void generateWhenPublicAccessIsOffOrTheProjectInactiveThenBondifysCodes() {
		BondifyEmulator closed = BondifyEmulator.builder().publicAccess(false).build();
		assertThatExceptionOfType(EmulatorException.class)
			.isThrownBy(() -> closed.generate(closed.projectId(), "http://localhost/telegram"))
			.satisfies((ex) -> {
				assertThat(ex.status()).isEqualTo(403);
				assertThat(ex.code()).isEqualTo("PUBLIC_ACCESS_DISABLED");
			});
		BondifyEmulator inactive = BondifyEmulator.builder().projectActive(false).build();
		assertThatExceptionOfType(EmulatorException.class)
			.isThrownBy(() -> inactive.verify(inactive.projectId(), "sess_x"))
			.satisfies((ex) -> {
				assertThat(ex.status()).isEqualTo(403);
				assertThat(ex.code()).isEqualTo("PROJECT_INACTIVE");
			});
	}

}
