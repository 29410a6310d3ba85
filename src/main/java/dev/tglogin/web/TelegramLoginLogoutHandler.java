package dev.tglogin.web;

import java.time.Clock;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.logout.LogoutHandler;
import org.springframework.util.Assert;

import dev.tglogin.store.StoreKeys;
import dev.tglogin.store.TelegramLoginStore;
import dev.tglogin.xellar.XellarAuthenticationProvider;

/**
 * Removes the browser's pending logins of both flows at logout, so that a login started before logging out cannot
 * complete after it. Spring Security's own handlers clear the security context (and with it the Telegram
 * authentication and any Xellar wallet tokens) and, by default, invalidate the session; this handler also covers apps
 * that keep the session at logout and {@link PendingLoginRepository repositories} that do not live in the session.
 * <p>
 * With a {@link TelegramLoginStore}, a pending Xellar login's verification token is also recorded as used
 * ({@link XellarAuthenticationProvider#useVerification}): a code submission already waiting for
 * Xellar's answer then cannot complete, and the app's {@code TelegramUserMapper} never runs for it. The submission
 * checks the session again before logging in, so the store only spares the mapper.
 * <p>
 * This class is thread-safe.
 */
public final class TelegramLoginLogoutHandler implements LogoutHandler {

	private static final Log logger = LogFactory.getLog(TelegramLoginLogoutHandler.class);

	private final PendingLoginRepository pendingLogins;

	private final @Nullable TelegramLoginStore store;

	private Clock clock = Clock.systemUTC();

	/**
	 * Creates the handler.
	 * @param pendingLogins where pending logins live
	 */
	public TelegramLoginLogoutHandler(PendingLoginRepository pendingLogins) {
		Assert.notNull(pendingLogins, "pendingLogins cannot be null");
		this.pendingLogins = pendingLogins;
		this.store = null;
	}

	/**
	 * Creates the handler that also ends pending Xellar verifications in the store.
	 * @param pendingLogins where pending logins live
	 * @param store the store the {@link XellarAuthenticationProvider} records used verification tokens in
	 */
	public TelegramLoginLogoutHandler(PendingLoginRepository pendingLogins, TelegramLoginStore store) {
		Assert.notNull(pendingLogins, "pendingLogins cannot be null");
		Assert.notNull(store, "store cannot be null");
		this.pendingLogins = pendingLogins;
		this.store = store;
	}

	/** Sets the clock. Defaults to the system UTC clock. */
	public void setClock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
	}

	@Override
	public void logout(HttpServletRequest request, HttpServletResponse response,
			@Nullable Authentication authentication) {
		PendingXellarLogin xellar = (this.store != null) ? this.pendingLogins.load(request, PendingXellarLogin.class)
				: null;
		this.pendingLogins.remove(PendingBondifyLogin.class, request, response);
		this.pendingLogins.remove(PendingXellarLogin.class, request, response);
		if (xellar != null && this.store != null) {
			try {
				XellarAuthenticationProvider.useVerification(this.store, xellar.getVerificationToken(),
						this.clock.instant());
			}
			catch (RuntimeException ex) {
				// the logout goes on: the code submission still checks the session before logging in
				logger.warn("Could not end the pending Xellar verification " + StoreKeys.logRef(
						xellar.getVerificationToken()) + " at logout: " + ex.getClass().getSimpleName());
			}
		}
	}

}
