package dev.tglogin.test.emulator;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

import dev.tglogin.emulator.BondifyEmulator;
import dev.tglogin.emulator.EmulatedTelegramUser;
import dev.tglogin.emulator.SessionView;
import dev.tglogin.emulator.XellarEmulator;

/**
 * Plays the user in Telegram for a test that runs the app on the emulator ({@link AutoConfigureTelegramLoginEmulator}):
 * confirms or cancels a pending Bondify login, as the Confirm and Cancel buttons in the bot do, and reads the code
 * Xellar "sent to Telegram". The emulators are this app's own beans, so no HTTP call is needed for that.
 * <p>
 * This class is thread-safe.
 */
public final class TelegramLoginEmulator {

	private final BondifyEmulator bondify;

	private final XellarEmulator xellar;

	/**
	 * Creates the helper over the app's emulators.
	 * @param bondify the emulated Bondify
	 * @param xellar the emulated Xellar
	 */
	public TelegramLoginEmulator(BondifyEmulator bondify, XellarEmulator xellar) {
		Assert.notNull(bondify, "bondify cannot be null");
		Assert.notNull(xellar, "xellar cannot be null");
		this.bondify = bondify;
		this.xellar = xellar;
	}

	/**
	 * Confirms the newest pending Bondify login as the emulator's default user
	 * ({@value EmulatedTelegramUser#DEFAULT_ID}).
	 * @throws IllegalStateException when no login is pending
	 */
	public void confirmPendingLogin() {
		confirmPendingLogin(EmulatedTelegramUser.defaultUser());
	}

	/**
	 * Confirms the newest pending Bondify login (started by {@code POST /login/telegram/start}) as the given user:
	 * the next status poll of that browser logs it in.
	 * @param telegramId the numeric Telegram id
	 * @param name the display name
	 * @param username the handle without {@code @}, or {@code null}
	 * @throws IllegalStateException when no login is pending
	 */
	public void confirmPendingLogin(String telegramId, String name, @Nullable String username) {
		confirmPendingLogin(EmulatedTelegramUser.of(telegramId, name, username));
	}

	private void confirmPendingLogin(EmulatedTelegramUser user) {
		this.bondify.confirm(newestPendingSession(), user);
	}

	/**
	 * Confirms the Bondify login of a deeplink, for tests with several logins pending at once.
	 * @param deeplink the {@code deeplink} that {@code POST /login/telegram/start} answered
	 * @param telegramId the numeric Telegram id
	 * @param name the display name
	 * @param username the handle without {@code @}, or {@code null}
	 */
	public void confirm(String deeplink, String telegramId, String name, @Nullable String username) {
		this.bondify.confirm(sessionToken(deeplink), EmulatedTelegramUser.of(telegramId, name, username));
	}

	/**
	 * Cancels the newest pending Bondify login, as the user's Cancel in Telegram.
	 * @throws IllegalStateException when no login is pending
	 */
	public void cancelPendingLogin() {
		this.bondify.cancel(newestPendingSession());
	}

	/**
	 * Returns the code of the latest {@code POST /login/telegram/otp} for a phone number while it can still be
	 * verified.
	 * @param phoneNumber the phone number as the user typed it
	 * @return the code
	 * @throws IllegalStateException when no code is waiting for that number
	 */
	public String lastOtp(String phoneNumber) {
		return this.xellar.lastOtp(phoneNumber)
			.orElseThrow(() -> new IllegalStateException("No code is waiting for that phone number"));
	}

	/**
	 * Returns the emulated Bondify, for what this helper does not cover (faults, sessions).
	 * @return the emulated Bondify
	 */
	public BondifyEmulator bondify() {
		return this.bondify;
	}

	/**
	 * Returns the emulated Xellar, for what this helper does not cover (faults, seeded wallets).
	 * @return the emulated Xellar
	 */
	public XellarEmulator xellar() {
		return this.xellar;
	}

	private String newestPendingSession() {
		return this.bondify.sessions()
			.stream()
			.filter((session) -> session.state() == SessionView.State.PENDING)
			.findFirst()
			.map(SessionView::sessionToken)
			.orElseThrow(() -> new IllegalStateException("No Bondify login is pending: POST /login/telegram/start first"));
	}

	private static String sessionToken(String deeplink) {
		String query = URI.create(deeplink).getRawQuery();
		if (query != null) {
			for (String parameter : query.split("&")) {
				if (parameter.startsWith("start=")) {
					return URLDecoder.decode(parameter.substring("start=".length()), StandardCharsets.UTF_8);
				}
			}
		}
		throw new IllegalArgumentException("Not a deeplink with a start parameter");
	}

}
