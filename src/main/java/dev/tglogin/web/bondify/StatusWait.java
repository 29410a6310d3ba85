package dev.tglogin.web.bondify;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
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
import dev.tglogin.store.StoreKeys;

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
	 * @param sessionToken the login's Bondify session token, for its log reference (made only when logged)
	 */
	static void suspend(HttpServletRequest request, HttpServletResponse response,
			CompletableFuture<BondifyLoginState> state, Duration timeout, Answer answer,
			Consumer<BondifyLoginState> dispatch, Runnable ended, String sessionToken) {
		AsyncContext async = request.startAsync();
		async.setTimeout(timeout.toMillis());
		Outcome outcome = new Outcome();
		async.addListener(new Ending(outcome, request, response, answer, ended, sessionToken));
		state.thenAccept((s) -> {
			if (!outcome.arrive()) {
				return;
			}
			try {
				if (s.isDecisive()) {
					if (outcome.take()) {
						dispatch.accept(s);
						async.dispatch();
					}
					return;
				}
				async.start(() -> {
					if (!outcome.take(() -> answer.write(s, request, response))) {
						return;
					}
					try {
						async.complete();
					}
					catch (IllegalStateException ex) {
						// the container expired the request meanwhile: its onTimeout completes it, with this answer
						logger.debug("Telegram login status answer written as the request expired");
					}
				});
			}
			catch (IllegalStateException ex) {
				// the request ended (the client went away) or expired before its state came: nothing to answer
				logger.debug("Telegram login status request ended before its state: " + ex.getMessage());
			}
		});
	}

	/**
	 * Who answers a suspended request: the state's answer or the container's timeout, never both, and never neither
	 * (a timeout that does not complete the request would make the container answer 500). Under load the state's
	 * answer can wait in the container's queue past the timeout: then the timeout completes the request, with that
	 * answer if it was written meanwhile, else with its own.
	 */
	private static final class Outcome {

		private static final int WAITING = 0;

		private static final int ARRIVED = 1;

		private static final int WRITTEN = 2;

		private static final int ENDED = 3;

		private int phase = WAITING;

		/** The state came; {@code false} when the request already ended. */
		synchronized boolean arrive() {
			if (this.phase != WAITING) {
				return false;
			}
			this.phase = ARRIVED;
			return true;
		}

		/** Takes the answer for the state's path; {@code false} when the timeout or an error ended the request. */
		synchronized boolean take() {
			if (this.phase == ENDED) {
				return false;
			}
			this.phase = ENDED;
			return true;
		}

		/** Writes the state's answer unless the request ended; {@code false} when it did. */
		synchronized boolean take(Write write) {
			if (this.phase == ENDED) {
				return false;
			}
			try {
				write.run();
			}
			catch (IOException | ServletException | RuntimeException ex) {
				logger.debug("Telegram login status answer not written: " + ex.getClass().getSimpleName());
			}
			this.phase = WRITTEN;
			return true;
		}

		/** The timeout: {@code true} when nothing was written, so the timeout writes its own answer. */
		synchronized boolean expire() {
			boolean unanswered = this.phase != WRITTEN;
			this.phase = ENDED;
			return unanswered;
		}

		synchronized void end() {
			this.phase = ENDED;
		}

	}

	@FunctionalInterface
	private interface Write {

		void run() throws IOException, ServletException;

	}

	/** Writes a state that leaves the login pending. */
	@FunctionalInterface
	interface Answer {

		void write(BondifyLoginState state, HttpServletRequest request, HttpServletResponse response)
				throws IOException, ServletException;

	}

	/** Ends a request whose state did not come in time, and tells when the request ended. */
	private static final class Ending implements AsyncListener {

		private final Outcome outcome;

		private final HttpServletRequest request;

		private final HttpServletResponse response;

		private final Answer answer;

		private final Runnable ended;

		private final String sessionToken;

		private Ending(Outcome outcome, HttpServletRequest request, HttpServletResponse response, Answer answer,
				Runnable ended, String sessionToken) {
			this.outcome = outcome;
			this.request = request;
			this.response = response;
			this.answer = answer;
			this.ended = ended;
			this.sessionToken = sessionToken;
		}

		@Override
		public void onTimeout(AsyncEvent event) throws IOException {
			try {
				if (this.outcome.expire()) {
					logger.warn("Telegram login status wait timed out (bondify session "
							+ StoreKeys.logRef(this.sessionToken) + ")");
					this.answer.write(new BondifyLoginState.Failed(
							new UpstreamTimeoutException("bondify", "no status in time", null)), this.request,
							this.response);
				}
			}
			catch (ServletException ex) {
				throw new IOException(ex);
			}
			finally {
				event.getAsyncContext().complete();
			}
		}

		@Override
		public void onError(AsyncEvent event) {
			this.outcome.end();
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
