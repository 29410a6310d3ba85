package dev.tglogin.oidc;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.util.Assert;

/**
 * The app's own client registrations plus Telegram's: what a chain with Telegram's OpenID Connect login hands to
 * {@code oauth2Login()}, so that registrations from {@code spring.security.oauth2.client.*} (or the app's own
 * repository) keep working beside it. A registration of the app with Telegram's id is refused, so that one of the
 * two is not silently ignored. This class is thread-safe.
 */
public final class TelegramClientRegistrationRepository
		implements ClientRegistrationRepository, Iterable<ClientRegistration> {

	private final ClientRegistration telegram;

	private final @Nullable ClientRegistrationRepository app;

	/**
	 * Creates the repository.
	 * @param telegram Telegram's registration
	 * @param app the app's own registrations, if any
	 * @throws IllegalArgumentException when the app's repository already has a registration with Telegram's id
	 */
	public TelegramClientRegistrationRepository(ClientRegistration telegram,
			@Nullable ClientRegistrationRepository app) {
		Assert.notNull(telegram, "telegram cannot be null");
		Assert.isTrue(app == null || app.findByRegistrationId(telegram.getRegistrationId()) == null,
				() -> "The app already has a client registration '" + telegram.getRegistrationId()
						+ "'; configure Telegram's OpenID Connect login either there or in tglogin.telegram.*");
		this.telegram = telegram;
		this.app = app;
	}

	@Override
	public @Nullable ClientRegistration findByRegistrationId(String registrationId) {
		if (this.telegram.getRegistrationId().equals(registrationId)) {
			return this.telegram;
		}
		return (this.app != null) ? this.app.findByRegistrationId(registrationId) : null;
	}

	/** Iterates over Telegram's registration, then the app's when its repository is iterable. */
	@Override
	@SuppressWarnings("unchecked")
	public Iterator<ClientRegistration> iterator() {
		List<ClientRegistration> all = new ArrayList<>();
		all.add(this.telegram);
		if (this.app instanceof Iterable<?> iterable) {
			((Iterable<ClientRegistration>) iterable).forEach(all::add);
		}
		return all.iterator();
	}

}
