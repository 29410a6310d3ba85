package dev.tglogin.miniapp;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.authority.AuthorityUtils;

import dev.tglogin.core.TelegramAuthenticationToken;
import dev.tglogin.core.TelegramLoginFlow;
import dev.tglogin.core.TelegramUser;
import dev.tglogin.core.TelegramUserMapper;
import dev.tglogin.emulator.MiniAppEmulator;
import dev.tglogin.emulator.MiniAppEmulator.MiniAppUser;
import dev.tglogin.store.InMemoryTelegramLoginStore;
import dev.tglogin.test.Factors;
import dev.tglogin.test.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link MiniAppAuthenticationProvider}: the {@link TelegramUser} of a Mini App login, single use of the session
 * exchange (before the mapper runs, for as long as the init data is accepted) and reuse of per-request init data.
 */
class MiniAppAuthenticationProviderTests {

	private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");

	private final MutableClock clock = new MutableClock(NOW);

	private final MiniAppEmulator telegram = new MiniAppEmulator(this.clock);

	private final InMemoryTelegramLoginStore store = new InMemoryTelegramLoginStore();

	private final AtomicInteger mapped = new AtomicInteger();

	private final MiniAppAuthenticationProvider provider;

	MiniAppAuthenticationProviderTests() {
		MiniAppInitDataValidator validator = MiniAppInitDataValidator.withBotToken(this.telegram.botToken());
		validator.setClock(this.clock);
		validator.setMaxAge(Duration.ofMinutes(10));
		this.store.setClock(this.clock);
		this.provider = new MiniAppAuthenticationProvider(validator, this.store);
		TelegramUserMapper roleUser = TelegramUserMapper.withAuthorities("ROLE_USER");
		this.provider.setUserMapper((user) -> {
			this.mapped.incrementAndGet();
			return roleUser.map(user);
		});
	}

	@Test
	void authenticateWhenSignedThenTelegramUserOfTheMiniAppFlowWithEveryField() {
		String initData = this.telegram.initData(new MiniAppUser(279058397L, "Vladislav", "Kibenko", "vdkfrost",
				"ru", true));
		TelegramAuthenticationToken result = (TelegramAuthenticationToken) this.provider
			.authenticate(MiniAppAuthenticationToken.sessionExchange(initData));
		TelegramUser user = result.getTelegramUser();
		assertThat(user.getFlow()).isEqualTo(TelegramLoginFlow.MINI_APP);
		assertThat(user.getId()).isEqualTo("279058397");
		assertThat(user.getDisplayName()).isEqualTo("Vladislav Kibenko");
		assertThat(user.getFirstName()).isEqualTo("Vladislav");
		assertThat(user.getLastName()).isEqualTo("Kibenko");
		assertThat(user.getUsername()).isEqualTo("vdkfrost");
		assertThat(user.getLanguageCode()).isEqualTo("ru");
		assertThat(user.isPremium()).isTrue();
		assertThat(user.getPhone()).isNull();
		assertThat(result.isAuthenticated()).isTrue();
		assertThat(AuthorityUtils.authorityListToSet(result.getAuthorities()))
			.isEqualTo(Factors.withTelegramFactor("ROLE_USER"));
		result.getAuthorities()
			.stream()
			.filter(Factors::isFactor)
			.forEach((factor) -> assertThat(Factors.issuedAt(factor)).as("the auth_date").isEqualTo(NOW));
	}

	@Test
	void authenticateWhenSessionExchangeReplayedThenRefusedBeforeTheMapperRuns() {
		String initData = this.telegram.initData(MiniAppUser.defaultUser());
		this.provider.authenticate(MiniAppAuthenticationToken.sessionExchange(initData));
		assertThatExceptionOfType(ReplayedInitDataException.class)
			.isThrownBy(() -> this.provider.authenticate(MiniAppAuthenticationToken.sessionExchange(initData)));
		assertThat(this.mapped).hasValue(1);
	}

	@Test
	void authenticateWhenReplayedWithOnlyTheUnsignedHashChangedInEd25519ModeThenStillReplayed() {
		MiniAppInitDataValidator validator = MiniAppInitDataValidator.withPublicKey(this.telegram.botId(),
				this.telegram.publicKeyHex());
		validator.setClock(this.clock);
		MiniAppAuthenticationProvider thirdParty = new MiniAppAuthenticationProvider(validator, this.store);
		String initData = this.telegram.initData(MiniAppUser.defaultUser());
		thirdParty.authenticate(MiniAppAuthenticationToken.sessionExchange(initData));
		String otherHash = initData.replaceFirst("hash=[0-9a-f]{64}", "hash=" + "1".repeat(64));
		assertThat(otherHash).isNotEqualTo(initData);
		assertThatExceptionOfType(ReplayedInitDataException.class)
			.isThrownBy(() -> thirdParty.authenticate(MiniAppAuthenticationToken.sessionExchange(otherHash)));
	}

	@Test
	void authenticateWhenUsedRecordOutlivesAcceptanceThenExpiredNotReplayed() {
		String initData = this.telegram.initData(MiniAppUser.defaultUser());
		this.provider.authenticate(MiniAppAuthenticationToken.sessionExchange(initData));
		this.clock.advance(Duration.ofMinutes(10));
		assertThatExceptionOfType(ReplayedInitDataException.class)
			.isThrownBy(() -> this.provider.authenticate(MiniAppAuthenticationToken.sessionExchange(initData)));
		this.clock.advance(Duration.ofSeconds(1));
		assertThatExceptionOfType(InvalidInitDataException.class)
			.isThrownBy(() -> this.provider.authenticate(MiniAppAuthenticationToken.sessionExchange(initData)))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo("expired"));
	}

	@Test
	void authenticateWhenPerRequestThenReusableAndNotRecorded() {
		String initData = this.telegram.initData(MiniAppUser.defaultUser());
		for (int i = 0; i < 3; i++) {
			assertThat(this.provider.authenticate(MiniAppAuthenticationToken.perRequest(initData)).isAuthenticated())
				.isTrue();
		}
		assertThat(this.provider.authenticate(MiniAppAuthenticationToken.sessionExchange(initData)).isAuthenticated())
			.as("per-request use does not use up the session exchange")
			.isTrue();
	}

	@Test
	void authenticateWhenMapperFailsTransientlyThenTheSameInitDataCanBeExchangedAgain() {
		AtomicInteger calls = new AtomicInteger();
		this.provider.setUserMapper((user) -> {
			if (calls.incrementAndGet() == 1) {
				throw new AuthenticationServiceException("database down");
			}
			return TelegramUserMapper.withAuthorities("ROLE_USER").map(user);
		});
		String initData = this.telegram.initData(MiniAppUser.defaultUser());
		assertThatExceptionOfType(AuthenticationServiceException.class)
			.isThrownBy(() -> this.provider.authenticate(MiniAppAuthenticationToken.sessionExchange(initData)));
		assertThat(this.provider.authenticate(MiniAppAuthenticationToken.sessionExchange(initData)).isAuthenticated())
			.isTrue();
	}

	@Test
	void authenticateWhenInvalidThenNothingRecordedAndMapperNotRun() {
		String initData = this.telegram.initData(MiniAppUser.defaultUser());
		String tampered = initData.replace("Emulated", "Mallory");
		assertThatExceptionOfType(InvalidInitDataException.class)
			.isThrownBy(() -> this.provider.authenticate(MiniAppAuthenticationToken.sessionExchange(tampered)));
		assertThat(this.mapped).hasValue(0);
		assertThat(this.provider.authenticate(MiniAppAuthenticationToken.sessionExchange(initData)).isAuthenticated())
			.isTrue();
	}

	@Test
	void supportsWhenMiniAppTokenThenTrueElseFalse() {
		assertThat(this.provider.supports(MiniAppAuthenticationToken.class)).isTrue();
		assertThat(this.provider.supports(TelegramAuthenticationToken.class)).isFalse();
	}

}
