package dev.tglogin.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

/**
 * Keeps the pending logins of a browser, one per type, bound to that browser (by default in its HTTP session:
 * {@link HttpSessionPendingLoginRepository}). Status and OTP calls act only on what this repository holds for the
 * calling browser, never on a token the client names.
 */
public interface PendingLoginRepository {

	/**
	 * Loads the browser's pending login of the given type.
	 * @param request the request
	 * @param type the type
	 * @param <T> the type
	 * @return the pending login, or {@code null}
	 */
	<T extends PendingLogin> @Nullable T load(HttpServletRequest request, Class<T> type);

	/**
	 * Saves (replaces) the browser's pending login of that type, creating the session if needed.
	 * @param pendingLogin the pending login
	 * @param request the request
	 * @param response the response
	 */
	void save(PendingLogin pendingLogin, HttpServletRequest request, HttpServletResponse response);

	/**
	 * Removes the browser's pending login of the given type.
	 * @param type the type
	 * @param request the request
	 * @param response the response
	 */
	void remove(Class<? extends PendingLogin> type, HttpServletRequest request, HttpServletResponse response);

}
