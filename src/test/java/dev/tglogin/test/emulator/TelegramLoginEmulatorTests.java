package dev.tglogin.test.emulator;

import org.junit.jupiter.api.Test;

import dev.tglogin.emulator.BondifyAnswer;
import dev.tglogin.emulator.BondifyEmulator;
import dev.tglogin.emulator.EmulatedTelegramUser;
import dev.tglogin.emulator.SessionView;
import dev.tglogin.emulator.XellarEmulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class TelegramLoginEmulatorTests {

	private static final String DEEPLINK_BASE = "http://127.0.0.1/tglogin-emulator/telegram";

	private final BondifyEmulator bondify = BondifyEmulator.builder().build();

	private final XellarEmulator xellar = XellarEmulator.builder().build();

	private final TelegramLoginEmulator telegram = new TelegramLoginEmulator(this.bondify, this.xellar);

	@Test
	void confirmPendingLoginWhenSeveralPendingThenTheNewestIsConfirmedAsTheUser() {
		String older = start();
		String newer = start();

		this.telegram.confirmPendingLogin("42", "Alice", "alice");

		assertThat(state(older)).isEqualTo(SessionView.State.PENDING);
		assertThat(state(newer)).isEqualTo(SessionView.State.CONFIRMED);
		assertThat(this.bondify.session(newer).orElseThrow().user()).isEqualTo(EmulatedTelegramUser.of("42", "Alice",
				"alice"));
	}

	@Test
	void confirmPendingLoginWhenNoArgumentsThenTheEmulatorsDefaultUser() {
		String token = start();

		this.telegram.confirmPendingLogin();

		assertThat(this.bondify.session(token).orElseThrow().user()).isEqualTo(EmulatedTelegramUser.defaultUser());
	}

	@Test
	void confirmPendingLoginWhenNoneIsPendingThenIllegalStateWithoutAToken() {
		String token = start();
		this.telegram.cancelPendingLogin();

		assertThat(state(token)).isEqualTo(SessionView.State.CANCELLED);
		assertThatIllegalStateException().isThrownBy(this.telegram::confirmPendingLogin)
			.withMessageContaining("start")
			.withMessageNotContaining(token);
	}

	@Test
	void confirmWhenDeeplinkThenThatLoginIsConfirmed() {
		BondifyAnswer.Generated first = this.bondify.generate(this.bondify.projectId(), DEEPLINK_BASE);
		String newer = start();

		this.telegram.confirm(first.deeplink(), "7", "Bob", null);

		assertThat(state(first.sessionToken())).isEqualTo(SessionView.State.CONFIRMED);
		assertThat(state(newer)).isEqualTo(SessionView.State.PENDING);
	}

	@Test
	void confirmWhenNotADeeplinkThenIllegalArgument() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.telegram.confirm(DEEPLINK_BASE, "7", "Bob", null));
	}

	@Test
	void lastOtpWhenACodeWasSentThenTheCodeElseIllegalState() {
		assertThatIllegalStateException().isThrownBy(() -> this.telegram.lastOtp("+447700900123"));

		this.xellar.login(this.xellar.clientSecret(), "v2", "447700900123");

		assertThat(this.telegram.lastOtp("+447700900123")).matches("[0-9]{6}")
			.isEqualTo(this.xellar.lastOtp("447700900123").orElseThrow());
	}

	private String start() {
		return this.bondify.generate(this.bondify.projectId(), DEEPLINK_BASE).sessionToken();
	}

	private SessionView.State state(String token) {
		return this.bondify.session(token).orElseThrow().state();
	}

}
