package dev.tglogin.web.bondify;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.tglogin.web.PendingBondifyLogin;
import dev.tglogin.web.PendingLogin;
import dev.tglogin.web.PendingLoginRepository;

/**
 * An instance's view of pending logins shared by instances, keyed by a header naming the browser; while stale it
 * sees a Bondify login without the proof kept in it, as an instance whose copy of the session predates it would.
 */
final class SharedPendingLogins implements PendingLoginRepository {

	static final String HEADER = "X-Test-Browser";

	private final Map<String, PendingLogin> logins;

	final AtomicBoolean stale = new AtomicBoolean();

	SharedPendingLogins(Map<String, PendingLogin> logins) {
		this.logins = logins;
	}

	@Override
	public <T extends PendingLogin> T load(jakarta.servlet.http.HttpServletRequest request, Class<T> type) {
		PendingLogin loaded = this.logins.get(request.getHeader(HEADER) + ":" + type.getName());
		if (this.stale.get() && loaded instanceof PendingBondifyLogin bondify) {
			return type.cast(new PendingBondifyLogin(bondify.getSessionToken(), bondify.getExpiresAt()));
		}
		return type.isInstance(loaded) ? type.cast(loaded) : null;
	}

	@Override
	public void save(PendingLogin pendingLogin, jakarta.servlet.http.HttpServletRequest request,
			jakarta.servlet.http.HttpServletResponse response) {
		this.logins.put(request.getHeader(HEADER) + ":" + pendingLogin.getClass().getName(), pendingLogin);
	}

	@Override
	public void remove(Class<? extends PendingLogin> type, jakarta.servlet.http.HttpServletRequest request,
			jakarta.servlet.http.HttpServletResponse response) {
		this.logins.remove(request.getHeader(HEADER) + ":" + type.getName());
	}

}
