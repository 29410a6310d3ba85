package dev.tglogin.web.link;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;

import dev.tglogin.store.StoreKeys;
import dev.tglogin.web.PendingLogin;
import dev.tglogin.web.PendingLoginRepository;

/**
 * Keeps the pending logins of account linking in the HTTP session, apart from the pending logins that sign in, and
 * bound to the local user who started them (the user {@link AccountLinkingUserFilter} found): a link started by one
 * user can never be completed for another one who signs in later in the same browser session. Attributes are named
 * {@code dev.tglogin.PENDING_LINK.<type>.<hash of the username>}.
 * <p>
 * This class is thread-safe.
 */
public final class AccountLinkPendingLoginRepository implements PendingLoginRepository {

	private static final String PREFIX = "dev.tglogin.PENDING_LINK.";

	@Override
	public <T extends PendingLogin> @Nullable T load(HttpServletRequest request, Class<T> type) {
		HttpSession session = request.getSession(false);
		String name = attributeName(request, type);
		if (session == null || name == null) {
			return null;
		}
		Object value = session.getAttribute(name);
		return type.isInstance(value) ? type.cast(value) : null;
	}

	@Override
	public void save(PendingLogin pendingLogin, HttpServletRequest request, HttpServletResponse response) {
		String name = attributeName(request, pendingLogin.getClass());
		if (name == null) {
			throw new IllegalStateException("No local user is linking in this request");
		}
		request.getSession(true).setAttribute(name, pendingLogin);
	}

	@Override
	public void remove(Class<? extends PendingLogin> type, HttpServletRequest request, HttpServletResponse response) {
		HttpSession session = request.getSession(false);
		String name = attributeName(request, type);
		if (session != null && name != null) {
			session.removeAttribute(name);
		}
	}

	private static @Nullable String attributeName(HttpServletRequest request, Class<?> type) {
		Authentication user = AccountLinkingUserFilter.linkingUser(request);
		return (user != null) ? PREFIX + type.getSimpleName() + "." + StoreKeys.logRef(user.getName()) : null;
	}

}
