package dev.tglogin.web.bondify;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.tglogin.bondify.BondifyLoginState;
import dev.tglogin.core.UpstreamTimeoutException;

/**
 * A status request that waits for its login's state (the first poll of a login, or a long-poll) without holding a
 * request thread: the request is suspended with servlet async processing. When the state comes, a state that leaves
 * the login pending ({@code pending}, an upstream failure) is written at once on a container thread, without a
 * second pass through the filter chain; only a decisive state is dispatched again, to take the full authentication
 * path. A request whose state does not come within its timeout is answered as a failed upstream check (504
 * {@code upstream_timeout} by default).
 */
final class StatusWait {

	private static final Log logger = LogFactory.getLog(StatusWait.class);

	private StatusWait() {
	}

	/**
	 * Suspends the request until the state comes.
	 * @param request the request (async supported)
	 * @param response the response
	 * @param state the state to wait for
	 * @param timeout the longest wait
	 * @param answer writes a non-decisive state
	 * @param dispatch marks the request for the authentication pass of a decisive state, before its dispatch
	 * @param ended told once when the request ends, however
	 * @param ref the login's log reference
	 */
	static void suspend(HttpServletRequest request, HttpServletResponse response,
			CompletableFuture<BondifyLoginState> state, Duration timeout, Answer answer,
			Consumer<BondifyLoginState> dispatch, Runnable ended, String ref) {
		AsyncContext async = request.startAsync();
		async.setTimeout(timeout.toMillis());
		AtomicBoolean settled = new AtomicBoolean();
		async.addListener(new Ending(settled, request, response, answer, ended, ref));
		state.thenAccept((s) -> {
			if (!settled.compareAndSet(false, true)) {
				return;
			}
			if (s.isDecisive()) {
				dispatch.accept(s);
				async.dispatch();
				return;
			}
			async.start(() -> {
				try {
					answer.write(s, request, response);
				}
				catch (IOException | ServletException | RuntimeException ex) {
					logger.debug("Telegram login status answer not written: " + ex.getClass().getSimpleName());
				}
				finally {
					async.complete();
				}
			});
		});
	}

	/** Writes a state that leaves the login pending. */
	@FunctionalInterface
	interface Answer {

		void write(BondifyLoginState state, HttpServletRequest request, HttpServletResponse response)
				throws IOException, ServletException;

	}

	/** Ends a request whose state did not come in time, and tells when the request ended. */
	private static final class Ending implements AsyncListener {

		private final AtomicBoolean settled;

		private final HttpServletRequest request;

		private final HttpServletResponse response;

		private final Answer answer;

		private final Runnable ended;

		private final String ref;

		private Ending(AtomicBoolean settled, HttpServletRequest request, HttpServletResponse response, Answer answer,
				Runnable ended, String ref) {
			this.settled = settled;
			this.request = request;
			this.response = response;
			this.answer = answer;
			this.ended = ended;
			this.ref = ref;
		}

		@Override
		public void onTimeout(AsyncEvent event) throws IOException {
			if (this.settled.compareAndSet(false, true)) {
				logger.warn("Telegram login status wait timed out (bondify session " + this.ref + ")");
				try {
					this.answer.write(new BondifyLoginState.Failed(
							new UpstreamTimeoutException("bondify", "no status in time", null)), this.request,
							this.response);
				}
				catch (ServletException ex) {
					throw new IOException(ex);
				}
				finally {
					event.getAsyncContext().complete();
				}
			}
		}

		@Override
		public void onError(AsyncEvent event) {
			this.settled.set(true);
			this.ended.run();
		}

		@Override
		public void onComplete(AsyncEvent event) {
			this.ended.run();
		}

		@Override
		public void onStartAsync(AsyncEvent event) {
		}

	}

}
