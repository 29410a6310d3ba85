package dev.tglogin.config;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

import dev.tglogin.core.TelegramLoginFlow;
import dev.tglogin.observation.TelegramLoginMetrics;
import dev.tglogin.web.PendingBondifyLogin;
import dev.tglogin.web.PendingLogin;
import dev.tglogin.web.PendingLoginRepository;

/**
 * A {@link PendingLoginRepository} that counts pending logins as they start and end
 * ({@link TelegramLoginMetrics#pendingLoginStarted}, {@link TelegramLoginMetrics#pendingLoginEnded}): a start is the
 * save of a new pending login (not of a Bondify login's confirmed copy), an end the removal of one that was there or
 * its replacement by a new one.
 * Built by the configurers only when there are metrics to count in.
 * <p>
 * This class is thread-safe when the repository is.
 */
final class MeteredPendingLoginRepository implements PendingLoginRepository {

	private final PendingLoginRepository delegate;

	private final TelegramLoginMetrics metrics;

	MeteredPendingLoginRepository(PendingLoginRepository delegate, TelegramLoginMetrics metrics) {
		Assert.notNull(delegate, "delegate cannot be null");
		Assert.notNull(metrics, "metrics cannot be null");
		this.delegate = delegate;
		this.metrics = metrics;
	}

	@Override
	public <T extends PendingLogin> @Nullable T load(HttpServletRequest request, Class<T> type) {
		return this.delegate.load(request, type);
	}

	@Override
	public void save(PendingLogin pendingLogin, HttpServletRequest request, HttpServletResponse response) {
		if (pendingLogin instanceof PendingBondifyLogin bondify && bondify.getConfirmedProof() != null) {
			this.delegate.save(pendingLogin, request, response);
			return;
		}
		TelegramLoginFlow flow = flow(pendingLogin.getClass());
		boolean replaces = this.delegate.load(request, pendingLogin.getClass()) != null;
		this.delegate.save(pendingLogin, request, response);
		if (replaces) {
			this.metrics.pendingLoginEnded(flow);
		}
		this.metrics.pendingLoginStarted(flow);
	}

	@Override
	public void remove(Class<? extends PendingLogin> type, HttpServletRequest request,
			HttpServletResponse response) {
		boolean pending = this.delegate.load(request, type) != null;
		this.delegate.remove(type, request, response);
		if (pending) {
			this.metrics.pendingLoginEnded(flow(type));
		}
	}

	private static TelegramLoginFlow flow(Class<? extends PendingLogin> type) {
		return PendingBondifyLogin.class.isAssignableFrom(type) ? TelegramLoginFlow.BONDIFY : TelegramLoginFlow.XELLAR;
	}

	@Override
	public String toString() {
		return "Metered[" + this.delegate + "]";
	}

}
