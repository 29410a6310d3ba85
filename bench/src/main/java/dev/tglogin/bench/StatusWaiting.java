package dev.tglogin.bench;

import java.text.ParseException;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;

/**
 * How a browser waits for its login's outcome, and the variants the polling benchmarks compare.
 * <p>
 * <b>Adding a variant</b>: write one {@link Mode} (what a status request looks like and when the
 * next one goes) and add one {@link Variant} line to {@link #VARIANTS}; if the server needs a setting for it, give
 * the variant its {@code serverArgs} (passed to {@link ServerMain}). Then
 * {@code bash bench/run.sh --only polling,confirm --poll-variants=tglogin,naive,<new>} measures it side by side.
 */
final class StatusWaiting {

	private StatusWaiting() {
	}

	/** What a browser does around each status request. */
	interface Mode {

		/** The query string appended to the status path ({@code ""} for none). */
		String query();

		/**
		 * How long the browser's next status request asks the server to hold it ({@code waitSeconds}), 0 for none.
		 * @param browser the browser (its advertised {@code maxWaitSeconds}, how many polls it made)
		 * @return the wait in seconds
		 */
		default int waitSeconds(SimBrowser browser) {
			return 0;
		}

		/**
		 * The JSON body of a status request.
		 * @param waitSeconds what {@link #waitSeconds} said for it
		 * @return the body
		 */
		default String body(int waitSeconds) {
			return (waitSeconds > 0) ? "{\"waitSeconds\":" + waitSeconds + "}" : "{}";
		}

		/** The client's deadline for the next status request, in milliseconds. */
		default long timeoutMs(SimBrowser browser) {
			return LoadClient.TIMEOUT_SECONDS * 1000;
		}

		/**
		 * How long to wait before the next status request after an answer that is not final.
		 * @param answer the classified answer
		 * @param intervalMs the advertised poll interval
		 * @param elapsedMs how long the request took (send to answer)
		 * @param browser the browser
		 * @return the delay in milliseconds
		 */
		long nextDelayMs(Outcome answer, long intervalMs, long elapsedMs, SimBrowser browser);

	}

	/**
	 * Plain polling as {@code tglogin.js} does it: the next {@code POST /status} goes one poll interval after the
	 * previous answer. (The JS client backs off after errors; the benchmark keeps the interval, so errors do not lower
	 * the offered load.)
	 */
	static final class PlainPolling implements Mode {

		@Override
		public String query() {
			return "";
		}

		@Override
		public long nextDelayMs(Outcome answer, long intervalMs, long elapsedMs, SimBrowser browser) {
			return intervalMs;
		}

	}

	/**
	 * Long-poll as {@code tglogin.js} does it when the start answer advertises {@code maxWaitSeconds}: each
	 * {@code POST /status} carries {@code {"waitSeconds": maxWaitSeconds}} (the server holds it until the status
	 * changes, a webhook arrives or the wait ends) with a client deadline of the wait + 20 s; after a held answer the
	 * next request goes at once, but never sooner than one poll interval after the previous one began
	 * ({@code max(0, interval - elapsed)}); after an error, one interval later (the JS client backs off; the benchmark
	 * keeps the interval). As in the JS client, a held request that fails without an HTTP answer (status 0: a
	 * timeout, a proxy cutting idle connections) turns long-polling off for that browser, which then polls plainly;
	 * the number of such browsers is reported.
	 * <p>
	 * Steady state from the start: each browser's first held request asks for a random part of the wait (1 s to
	 * {@code maxWaitSeconds}), as if it had been waiting since a random earlier moment; otherwise all browsers, started
	 * within one interval, would be answered in the same second every {@code maxWaitSeconds} and a short measurement
	 * window could see none or all of them.
	 */
	static final class LongPolling implements Mode {

		@Override
		public String query() {
			return "";
		}

		@Override
		public int waitSeconds(SimBrowser browser) {
			int wait = browser.waitSeconds;
			if (wait <= 0) {
				return 0;
			}
			if (browser.polls == 0) {
				wait = 1 + java.util.concurrent.ThreadLocalRandom.current().nextInt(wait);
			}
			return wait;
		}

		@Override
		public long timeoutMs(SimBrowser browser) {
			return browser.waitSeconds * 1000L + LoadClient.TIMEOUT_SECONDS * 1000;
		}

		@Override
		public long nextDelayMs(Outcome answer, long intervalMs, long elapsedMs, SimBrowser browser) {
			boolean held = browser.waitSeconds > 0;
			if (held && answer.error() && answer.httpStatus() == 0) {
				browser.waitSeconds = 0;
				browser.fellBackToPolling = true;
			}
			if (held && !answer.error()) {
				return Math.max(0, intervalMs - elapsedMs);
			}
			return intervalMs;
		}

	}

	/**
	 * A variant measured by the polling and confirm benchmarks.
	 * @param name the name used on the command line and in the report
	 * @param description one line for the report
	 * @param startPath the endpoint that starts a login
	 * @param statusPath the endpoint the browser polls
	 * @param mode how the browser waits
	 * @param serverArgs extra arguments for {@link ServerMain}
	 * @param serverJvmArgs extra JVM options for the server
	 * @param webhook whether the server accepts Bondify webhooks and the confirm benchmark sends one (signed, to
	 * {@code POST /login/telegram/webhook}) right after it confirms a login on the emulator
	 * @param missing why it cannot be measured yet, or {@code null} when it can
	 */
	record Variant(String name, String description, String startPath, String statusPath, Mode mode,
			List<String> serverArgs, List<String> serverJvmArgs, boolean webhook, String missing) {

		boolean available() {
			return this.missing == null;
		}

	}

	static final List<Variant> VARIANTS = List.of(
			new Variant("tglogin", "this library: POST /login/telegram/status, plain polling every 2 s",
					"/login/telegram/start", "/login/telegram/status", new PlainPolling(), List.of(), List.of(), false,
					null),
			new Variant("naive", "hand-written proxy: one synchronous Bondify verify per poll on the request thread",
					"/naive/start", "/naive/status", new PlainPolling(), List.of(), List.of(), false, null),
			new Variant("tglogin-cp2",
					"this library over the JDK's HTTP client (tglogin.http.client=jdk) with "
							+ "-Djava.util.concurrent.ForkJoinPool.common.parallelism=2 (diagnostic: on a 2-CPU machine "
							+ "the common pool has parallelism 1, so HttpClient.sendAsync completes every response on a "
							+ "new thread)",
					"/login/telegram/start", "/login/telegram/status", new PlainPolling(), List.of("--http-client=jdk"),
					List.of("-Djava.util.concurrent.ForkJoinPool.common.parallelism=2"), false, null),
			new Variant("tglogin-longpoll",
					"this library with long-poll: each status request carries {\"waitSeconds\": maxWaitSeconds} (25, "
							+ "from the start answer) and is held by the server; the next one follows at once, never "
							+ "more often than every 2 s (as tglogin.js)",
					"/login/telegram/start", "/login/telegram/status", new LongPolling(), List.of(), List.of(), false,
					null),
			new Variant("tglogin-longpoll-jdk",
					"this library with long-poll as tglogin-longpoll, its upstream calls over the JDK's HTTP client "
							+ "(tglogin.http.client=jdk: what auto, the default, picks without jetty-client on the "
							+ "class path)",
					"/login/telegram/start", "/login/telegram/status", new LongPolling(), List.of("--http-client=jdk"),
					List.of(), false, null),
			new Variant("tglogin-webhook",
					"this library with long-poll and Bondify webhooks (bondify(b -> b.webhook(true))); in the "
							+ "confirm benchmark a signed auth.confirmed webhook is sent to the app right after the "
							+ "confirm on the emulator",
					"/login/telegram/start", "/login/telegram/status", new LongPolling(), List.of("--webhook=true"),
					List.of(), true, null));

	static Variant variant(String name) {
		return VARIANTS.stream()
			.filter((v) -> v.name().equals(name))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("unknown variant " + name + "; known: "
					+ VARIANTS.stream().map(Variant::name).toList()));
	}

	/** A status answer, classified. */
	record Outcome(Kind kind, String detail, int httpStatus) {

		Outcome(Kind kind, String detail) {
			this(kind, detail, -1);
		}

		enum Kind {

			PENDING, CONFIRMED, ERROR

		}

		boolean error() {
			return this.kind == Kind.ERROR;
		}

		/** Classifies an answer: 200 pending or confirmed, anything else an error named by what it was. */
		static Outcome of(LoadClient.Answer answer) {
			if (answer.failed()) {
				return new Outcome(Kind.ERROR, answer.failure().getClass().getSimpleName(), 0);
			}
			if (answer.status() != 200) {
				return new Outcome(Kind.ERROR, "http_" + answer.status() + errorCode(answer.body()), answer.status());
			}
			Object status;
			try {
				status = JSONObjectUtils.parse(answer.body()).get("status");
			}
			catch (ParseException ex) {
				return new Outcome(Kind.ERROR, "not_json", 200);
			}
			if ("pending".equals(status)) {
				return new Outcome(Kind.PENDING, "pending", 200);
			}
			if ("confirmed".equals(status)) {
				return new Outcome(Kind.CONFIRMED, "confirmed", 200);
			}
			return new Outcome(Kind.ERROR, "status_" + status, 200);
		}

		private static String errorCode(String body) {
			try {
				Map<String, Object> json = JSONObjectUtils.parse(body);
				Object error = json.get("error");
				return (error instanceof String s && s.matches("[a-z_]{1,40}")) ? "_" + s : "";
			}
			catch (ParseException | RuntimeException ex) {
				return "";
			}
		}

	}

}
