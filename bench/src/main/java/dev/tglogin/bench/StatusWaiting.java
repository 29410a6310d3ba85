package dev.tglogin.bench;

import java.text.ParseException;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;

/**
 * How a browser waits for its login's outcome, and the variants the polling benchmarks compare.
 * <p>
 * <b>Adding a variant</b> (long-poll, webhook): write one {@link Mode} (what a status request looks like and when the
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
		 * How long to wait before the next status request after an answer that is not final.
		 * @param answer the classified answer
		 * @param intervalMs the advertised poll interval
		 * @return the delay in milliseconds
		 */
		long nextDelayMs(Outcome answer, long intervalMs);

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
		public long nextDelayMs(Outcome answer, long intervalMs) {
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
	 * @param missing why it cannot be measured yet, or {@code null} when it can
	 */
	record Variant(String name, String description, String startPath, String statusPath, Mode mode,
			List<String> serverArgs, List<String> serverJvmArgs, String missing) {

		boolean available() {
			return this.missing == null;
		}

	}

	static final List<Variant> VARIANTS = List.of(
			new Variant("tglogin", "this library: POST /login/telegram/status, plain polling every 2 s",
					"/login/telegram/start", "/login/telegram/status", new PlainPolling(), List.of(), List.of(), null),
			new Variant("naive", "hand-written proxy: one synchronous Bondify verify per poll on the request thread",
					"/naive/start", "/naive/status", new PlainPolling(), List.of(), List.of(), null),
			new Variant("tglogin-cp2",
					"this library with -Djava.util.concurrent.ForkJoinPool.common.parallelism=2 (diagnostic: on a "
							+ "2-CPU machine the common pool has parallelism 1, so HttpClient.sendAsync completes every "
							+ "response on a new thread)",
					"/login/telegram/start", "/login/telegram/status", new PlainPolling(), List.of(),
					List.of("-Djava.util.concurrent.ForkJoinPool.common.parallelism=2"), null),
			new Variant("tglogin-longpoll", "this library with long-poll (waitSeconds)", "/login/telegram/start",
					"/login/telegram/status", null, List.of(), List.of(),
					"long-poll is not implemented yet (another engineer is adding it, issue 7 item 3)"),
			new Variant("tglogin-webhook", "this library with long-poll and Bondify webhooks", "/login/telegram/start",
					"/login/telegram/status", null, List.of(), List.of(),
					"webhooks are not implemented yet (issue 7 item 4); the emulator must also send them"));

	static Variant variant(String name) {
		return VARIANTS.stream()
			.filter((v) -> v.name().equals(name))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("unknown variant " + name + "; known: "
					+ VARIANTS.stream().map(Variant::name).toList()));
	}

	/** A status answer, classified. */
	record Outcome(Kind kind, String detail) {

		enum Kind {

			PENDING, CONFIRMED, ERROR

		}

		boolean error() {
			return this.kind == Kind.ERROR;
		}

		/** Classifies an answer: 200 pending or confirmed, anything else an error named by what it was. */
		static Outcome of(LoadClient.Answer answer) {
			if (answer.failed()) {
				return new Outcome(Kind.ERROR, answer.failure().getClass().getSimpleName());
			}
			if (answer.status() != 200) {
				return new Outcome(Kind.ERROR, "http_" + answer.status() + errorCode(answer.body()));
			}
			Object status;
			try {
				status = JSONObjectUtils.parse(answer.body()).get("status");
			}
			catch (ParseException ex) {
				return new Outcome(Kind.ERROR, "not_json");
			}
			if ("pending".equals(status)) {
				return new Outcome(Kind.PENDING, "pending");
			}
			if ("confirmed".equals(status)) {
				return new Outcome(Kind.CONFIRMED, "confirmed");
			}
			return new Outcome(Kind.ERROR, "status_" + status);
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
