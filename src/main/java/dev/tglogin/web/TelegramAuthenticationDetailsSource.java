package dev.tglogin.web;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.authentication.AuthenticationDetailsSource;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Builds the {@link WebAuthenticationDetails} of Telegram logins with the remote address only, without the HTTP
 * session id.
 * <p>
 * Spring's default details carry the session id of the request that logged in, and they live on in the
 * {@code Authentication}: its {@code toString()} shows them, and Spring Security logs it at DEBUG (for example
 * {@code "Set SecurityContextHolder to ..."}) and at TRACE on every later request. The id is rotated at login by
 * session fixation protection, but an app that turns that protection off would log a live session id, which is as
 * good as the login. Nothing in Spring Security reads the id from the details, so it is left out.
 * <p>
 * This class is thread-safe.
 */
public final class TelegramAuthenticationDetailsSource
		implements AuthenticationDetailsSource<HttpServletRequest, WebAuthenticationDetails> {

	@Override
	public WebAuthenticationDetails buildDetails(HttpServletRequest request) {
		return new WebAuthenticationDetails(request.getRemoteAddr(), null);
	}

}
