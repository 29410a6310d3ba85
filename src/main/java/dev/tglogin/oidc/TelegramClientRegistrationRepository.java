package dev.tglogin.oidc;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.util.Assert;
import org.springframework.util.function.SingletonSupplier;

/**
 * The app's own client registrations plus Telegram's: what a chain with Telegram's OpenID Connect login hands to
 * {@code oauth2Login()}, so that registrations from {@code spring.security.oauth2.client.*} (or the app's own
 * repository) keep working beside it. A registration of the app with Telegram's id is refused, so that one of the
 * two is not silently ignored. This class is thread-safe.
 */
public final class TelegramClientRegistrationRepository
		implements ClientRegistrationRepository, Iterable<ClientRegistration> {

	private final String registrationId;

	private final Supplier<ClientRegistration> telegram;

	private final @Nullable ClientRegistrationRepository app;

	/**
	 * Creates the repository.
	 * @param telegram Telegram's registration
	 * @param app the app's own registrations, if any
	 * @throws IllegalArgumentException when the app's repository already has a registration with Telegram's id
	 */
	public TelegramClientRegistrationRepository(ClientRegistration telegram,
			@Nullable ClientRegistrationRepository app) {
		this(telegram.getRegistrationId(), () -> telegram, app);
	}

	/**
	 * Creates the repository with Telegram's registration made on first use (for an issuer known only once the
	 * server runs, such as the emulator's on a random port).
	 * @param registrationId the id of Telegram's registration
	 * @param telegram makes Telegram's registration, once
	 * @param app the app's own registrations, if any
	 * @throws IllegalArgumentException when the app's repository already has a registration with Telegram's id
	 */
	public TelegramClientRegistrationRepository(String registrationId, Supplier<ClientRegistration> telegram,
			@Nullable ClientRegistrationRepository app) {
		Assert.hasText(registrationId, "registrationId cannot be empty");
		Assert.notNull(telegram, "telegram cannot be null");
		Assert.isTrue(app == null || app.findByRegistrationId(registrationId) == null,
				() -> "The app already has a client registration '" + registrationId
						+ "'; configure Telegram's OpenID Connect login either there or in tglogin.telegram.*");
		this.registrationId = registrationId;
		this.telegram = SingletonSupplier.of(telegram);
		this.app = app;
	}

	@Override
	public @Nullable ClientRegistration findByRegistrationId(String registrationId) {
		if (this.registrationId.equals(registrationId)) {
			return this.telegram.get();
		}
		return (this.app != null) ? this.app.findByRegistrationId(registrationId) : null;
	}

	/** Iterates over Telegram's registration, then the app's when its repository is iterable. */
	@Override
	@SuppressWarnings("unchecked")
	public Iterator<ClientRegistration> iterator() {
		List<ClientRegistration> all = new ArrayList<>();
		all.add(this.telegram.get());
		if (this.app instanceof Iterable<?> iterable) {
			((Iterable<ClientRegistration>) iterable).forEach(all::add);
		}
		return all.iterator();
	}

}
