package dev.tglogin.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report's rows for the {@code heap} step ({@link HeapStep}) and for the {@code confirm} step's run at scale
 * ({@link ConfirmRun#atScale}): the goals of issue 16 with their figures and rules, met or not met.
 */
final class HeapReport {

	private static final String[][] STATES = { { "none", "(0) no connection" },
			{ "connections", "(1) + N idle connections" }, { "sessions", "(2) + sessions with CSRF token" },
			{ "bareHeld", "(2b) + a request of the app's own held" }, { "baseline", "(2c) those answered: baseline" },
			{ "atRest", "(3) + logins started (at rest)" }, { "polling", "(4) polled every 2 s" },
			{ "held", "(5) long-poll held" } };

	private HeapReport() {
	}

	/** Summary rows: the three per-login figures (≤ 2 KB each) and the memory per open connection. */
	static List<String> summaryRows(Map<String, Object> heap) {
		List<String> out = new ArrayList<>();
		String[][] rows = { { "bytesPerLoginAtRest", "at rest" }, { "bytesPerLoginPolling", "while polled every 2 s" },
				{ "bytesPerLoginHeld", "while a long-poll is held" } };
		for (String[] row : rows) {
			double bytes = d(heap, "summary", row[0]);
			out.add("| heap per pending login, " + row[1] + " (" + f(d(heap, "settings", "logins"), 0) + " logins) | "
					+ f(bytes, 0) + " B | ≤ 2 KB (2,048 B) | " + yes(!Double.isNaN(bytes) && bytes <= HeapStep.GOAL_BYTES)
					+ " |");
		}
		out.add("| heap per open connection (idle, after two requests), apart from the logins | "
				+ f(d(heap, "summary", "bytesPerOpenConnection"), 0) + " B | reported separately | – |");
		double bare = d(heap, "summary", "bytesPerBareHeldRequest");
		if (!Double.isNaN(bare)) {
			out.add("| heap per request held by the app itself (the barest long-poll: servlet async, same chain, no "
					+ "login), apart from the logins | " + f(bare, 0) + " B (a login while its long-poll is held: "
					+ f(d(heap, "summary", "bytesPerLoginHeld") - bare, 0) + " B more) | for scale | – |");
		}
		return out;
	}

	/** The heap section's body after its provenance line. */
	static List<String> section(Map<String, Object> heap) {
		List<String> out = new ArrayList<>();
		out.add("Method: " + v(heap, "settings", "method") + ". " + v(heap, "settings", "logins") + " browsers, "
				+ v(heap, "settings", "runs") + " runs with a fresh server JVM each (`"
				+ v(heap, "settings", "serverJvmArgs") + "`), median shown; the emulator answers at once. The "
				+ "per-login figures are over the baseline (2c), which already has the N open connections and the N "
				+ "sessions, so what a connection costs (Jetty's buffers and header-field cache) is apart; while polled "
				+ "and while held they include what the load keeps alive meanwhile (requests in flight, upstream calls "
				+ "and connections, pools grown for the load), spread over the logins. The held request of the app's "
				+ "own (2b) is what any long-poll costs the container and Spring Security, for scale.");
		out.add("");
		StringBuilder head = new StringBuilder("| run |");
		StringBuilder rule = new StringBuilder("|---|");
		for (String[] state : STATES) {
			head.append(' ').append(state[1]).append(", MiB |");
			rule.append("---|");
		}
		out.add(head + " per connection, B | per session, B | per held request of the app's own, B | per login at rest,"
				+ " B | polled, B | held, B |");
		out.add(rule + "---|---|---|---|---|---|");
		for (Map<String, Object> run : list(heap, "runs")) {
			StringBuilder line = new StringBuilder("| " + v(run, "run") + " |");
			for (String[] state : STATES) {
				line.append(' ').append(f(d(run, "states", state[0], "heapUsed") / 1048576, 1)).append(" |");
			}
			line.append(' ').append(f(d(run, "bytesPerOpenConnection"), 0)).append(" | ")
				.append(f(d(run, "bytesPerSessionWithCsrf"), 0)).append(" | ")
				.append(f(d(run, "bytesPerBareHeldRequest"), 0)).append(" | ")
				.append(f(d(run, "bytesPerLoginAtRest"), 0)).append(" | ")
				.append(f(d(run, "bytesPerLoginPolling"), 0)).append(" | ")
				.append(f(d(run, "bytesPerLoginHeld"), 0)).append(" |");
			out.add(line.toString());
		}
		out.add("");
		Map<String, Object> first = list(heap, "runs").isEmpty() ? null : list(heap, "runs").get(0);
		if (first != null) {
			out.add("Run 1: open connections at (1), (2), (2b), (3), (4), (5): "
					+ String.join(", ", List.of("connections", "sessions", "bareHeld", "atRest", "polling", "held")
						.stream()
						.map((s) -> String.valueOf(v(first, "states", s, "openConnections")))
						.toList())
					+ "; requests held by the server at (5): " + v(first, "states", "held", "heldRequests")
					+ "; polls while (4): " + v(first, "states", "polling", "answered") + " answered, shed "
					+ v(first, "states", "polling", "shed") + ", errors " + v(first, "states", "polling", "errors")
					+ "; long-polls answered or refused while (5): " + v(first, "states", "held", "answered")
					+ " answered, shed " + v(first, "states", "held", "shed") + ", errors "
					+ v(first, "states", "held", "errors") + ".");
			out.add("");
			for (String[] phase : new String[][] { { "atRest", "at rest" }, { "polling", "while polled" },
					{ "held", "while a long-poll is held" } }) {
				List<Map<String, Object>> rows = list(first, "classGrowthOverBaseline", phase[0]);
				if (!rows.isEmpty()) {
					out.add("Run 1, the classes that grew most over the baseline " + phase[1] + " (`jcmd GC.class_histogram`"
							+ ", bytes per login): " + String.join(", ", rows.stream()
								.limit(6)
								.map((r) -> "`" + v(r, "class") + "` " + f(d(r, "bytesPerLogin"), 0))
								.toList())
							+ ".");
					out.add("");
				}
			}
		}
		out.add("**Medians: per pending login " + f(d(heap, "summary", "bytesPerLoginAtRest"), 0) + " B at rest, "
				+ f(d(heap, "summary", "bytesPerLoginPolling"), 0) + " B while polled, "
				+ f(d(heap, "summary", "bytesPerLoginHeld"), 0) + " B while a long-poll is held** (goal ≤ 2 KB each: "
				+ (Boolean.TRUE.equals(v(heap, "summary", "met")) ? "met" : "not met") + "); per open connection "
				+ f(d(heap, "summary", "bytesPerOpenConnection"), 0) + " B; per session with its CSRF token "
				+ f(d(heap, "summary", "bytesPerSessionWithCsrf"), 0) + " B; per request of the app's own held "
				+ f(d(heap, "summary", "bytesPerBareHeldRequest"), 0) + " B.");
		return out;
	}

	/** The summary row of the confirm step's run at scale, or none. */
	static List<String> confirmAtScaleRows(Map<String, Object> confirm) {
		Map<String, Object> s = m(confirm, "atScale");
		if (s == null) {
			return List.of();
		}
		return List.of("| confirm → browser, long-poll + webhook (`tglogin-webhook`), " + f(d(s, "logins"), 0)
				+ " logins | p50 " + ms(d(s, "latencyMs", "p50")) + " ms, p90 " + ms(d(s, "latencyMs", "p90"))
				+ " ms, p99 " + ms(d(s, "latencyMs", "p99")) + " ms; " + f(d(s, "confirmed"), 0) + " of "
				+ f(d(s, "logins"), 0) + " confirmations reached the browser; errors: poll " + f(d(s, "pollErrors"), 0)
				+ ", shed " + f(d(s, "pollShed"), 0) + ", confirm " + f(d(s, "confirmErrors"), 0) + ", webhook "
				+ f(d(s, "webhookErrors"), 0) + " | p50 ≤ 100 ms, p99 ≤ 500 ms at 10,000 logins (and every "
				+ "confirmation reaching its browser) | " + yes(Boolean.TRUE.equals(v(s, "met"))
						&& d(s, "logins") >= 10_000)
				+ (d(s, "logins") < 10_000 ? " (fewer than 10,000 logins)" : "") + " |");
	}

	/** The confirm section's paragraph on the run at scale, or none. */
	static List<String> confirmAtScaleSection(Map<String, Object> confirm) {
		Map<String, Object> s = m(confirm, "atScale");
		if (s == null) {
			return List.of();
		}
		return List.of("**At scale (issue 16):** `tglogin-webhook` with " + f(d(s, "logins"), 0) + " logins (started "
				+ "in " + f(d(s, "startSeconds"), 1) + " s), all long-polling (at most " + f(d(s, "heldRequestsMax"), 0)
				+ " requests held by the server at once), each confirmed at a random moment of a "
				+ f(d(s, "windowSeconds"), 0) + " s window that opens once the server holds 95 % of the long-polls ("
				+ f(d(s, "heldWhenWindowOpened"), 0) + " held " + f(d(s, "windowOpensAfterMs") / 1000, 1)
				+ " s after the polling began), each confirmation followed by the signed webhook; server `" + v(s, "serverJvmArgs") + "`. Confirm → browser: min "
				+ ms(d(s, "latencyMs", "min")) + ", p50 " + ms(d(s, "latencyMs", "p50")) + ", p90 "
				+ ms(d(s, "latencyMs", "p90")) + ", p99 " + ms(d(s, "latencyMs", "p99")) + ", max "
				+ ms(d(s, "latencyMs", "max")) + " ms; " + f(d(s, "confirmed"), 0) + " of " + f(d(s, "logins"), 0)
				+ " confirmed; poll errors " + f(d(s, "pollErrors"), 0) + " " + v(s, "pollErrorsByKind") + ", shed "
				+ f(d(s, "pollShed"), 0) + " " + v(s, "pollShedByKind") + ", confirm errors "
				+ f(d(s, "confirmErrors"), 0) + ", webhook errors " + f(d(s, "webhookErrors"), 0) + ", browsers that "
				+ "fell back to plain polling " + f(d(s, "browsersFellBackToPolling"), 0) + ". Goal: " + v(s, "goal")
				+ ": " + (Boolean.TRUE.equals(v(s, "met")) ? "met" : "not met") + ". Diagnostics, p50 / p99 from the "
				+ "confirm to the emulator's answer: " + ms(d(s, "confirmAnsweredMs", "p50")) + " / "
				+ ms(d(s, "confirmAnsweredMs", "p99")) + " ms, to the app's answer to the webhook: "
				+ ms(d(s, "webhookAnsweredMs", "p50")) + " / " + ms(d(s, "webhookAnsweredMs", "p99")) + " ms.", "");
	}

	// ------------------------------------------------------------------ JSON access and formatting

	@SuppressWarnings("unchecked")
	private static Map<String, Object> m(Object map, String... path) {
		return (Map<String, Object>) v(map, path);
	}

	@SuppressWarnings("unchecked")
	private static Object v(Object map, String... path) {
		Object value = map;
		for (String key : path) {
			value = (value instanceof Map<?, ?> x) ? ((Map<String, Object>) x).get(key) : null;
		}
		return value;
	}

	private static double d(Object map, String... path) {
		return (v(map, path) instanceof Number n) ? n.doubleValue() : Double.NaN;
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> list(Object map, String... path) {
		Object value = v(map, path);
		return (value instanceof List<?> l) ? (List<Map<String, Object>>) l : List.of();
	}

	private static String f(double value, int decimals) {
		return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%,." + decimals + "f", value);
	}

	private static String ms(double value) {
		return Double.isNaN(value) ? "–" : (value >= 100) ? f(value, 0) : f(value, 1);
	}

	private static String yes(boolean met) {
		return met ? "**yes**" : "**no**";
	}

}
