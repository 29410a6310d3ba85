package dev.tglogin.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.logout.LogoutHandler;
import org.springframework.util.Assert;

/**
 * Removes the browser's pending logins of both flows at logout, so that a login started before logging out cannot
 * complete after it. Spring Security's own handlers clear the security context (and with it the Telegram
 * authentication and any Xellar wallet tokens) and, by default, invalidate the session; this handler also covers apps
 * that keep the session at logout and {@link PendingLoginRepository repositories} that do not live in the session.
 * <p>
 * This class is thread-safe.
 */
public final class TelegramLoginLogoutHandler implements LogoutHandler {

	private final PendingLoginRepository pendingLogins;

	/**
	 * Creates the handler.
	 * @param pendingLogins where pending logins live
	 */
	public TelegramLoginLogoutHandler(PendingLoginRepository pendingLogins) {
		Assert.notNull(pendingLogins, "pendingLogins cannot be null");
		this.pendingLogins = pendingLogins;
	}

	@Override
	public void logout(HttpServletRequest request, HttpServletResponse response,
			@Nullable Authentication authentication) {
		this.pendingLogins.remove(PendingBondifyLogin.class, request, response);
		this.pendingLogins.remove(PendingXellarLogin.class, request, response);
	}

}
