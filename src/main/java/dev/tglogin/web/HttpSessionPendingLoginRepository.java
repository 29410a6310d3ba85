package dev.tglogin.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

/**
 * Keeps pending logins as HTTP session attributes named {@code dev.tglogin.PENDING.<type>}. Every change sets the
 * attribute again, so session replication and Spring Session see it.
 * <p>
 * This class is thread-safe.
 */
public final class HttpSessionPendingLoginRepository implements PendingLoginRepository {

	private static final String PREFIX = "dev.tglogin.PENDING.";

	/** The attribute name of each type, made once (a status poll loads its pending login on every request). */
	private static final ClassValue<String> ATTRIBUTE_NAMES = new ClassValue<>() {

		@Override
		protected String computeValue(Class<?> type) {
			return PREFIX + type.getSimpleName();
		}

	};

	@Override
	public <T extends PendingLogin> @Nullable T load(HttpServletRequest request, Class<T> type) {
		HttpSession session = request.getSession(false);
		if (session == null) {
			return null;
		}
		Object value = session.getAttribute(attributeName(type));
		return type.isInstance(value) ? type.cast(value) : null;
	}

	@Override
	public void save(PendingLogin pendingLogin, HttpServletRequest request, HttpServletResponse response) {
		request.getSession(true).setAttribute(attributeName(pendingLogin.getClass()), pendingLogin);
	}

	@Override
	public void remove(Class<? extends PendingLogin> type, HttpServletRequest request, HttpServletResponse response) {
		HttpSession session = request.getSession(false);
		if (session != null) {
			session.removeAttribute(attributeName(type));
		}
	}

	private static String attributeName(Class<?> type) {
		return ATTRIBUTE_NAMES.get(type);
	}

}
