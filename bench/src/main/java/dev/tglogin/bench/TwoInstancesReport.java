package dev.tglogin.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report's lines for the cost step's two-instances phase ({@link TwoInstancesPhase}): one row of the goals table
 * (it follows the cost step's rows) and a paragraph on how it was measured.
 */
final class TwoInstancesReport {

	private static final String MEASURE = "upstream calls per login per interval, 2 instances sharing the store, the "
			+ "login polled on both";

	private static final String GOAL = "≤ 1 (checked as: no login had more calls than window ÷ 2 s + 1, and every "
			+ "login was answered on both instances in the window)";

	private TwoInstancesReport() {
	}

	/** The row, a blank line and the paragraph; nothing when the results have no two-instances phase. */
	@SuppressWarnings("unchecked")
	static List<String> lines(Map<String, Object> cost) {
		List<String> out = new ArrayList<>();
		Map<String, Object> t = (Map<String, Object>) cost.get("twoInstances");
		if (t == null) {
			return out;
		}
		Map<String, Object> s = (Map<String, Object>) t.get("settings");
		if (!Boolean.TRUE.equals(t.get("measured"))) {
			out.add("| " + MEASURE + " | not measured: " + t.get("notMeasured") + " | " + GOAL + " | – |");
			return out;
		}
		boolean diagnostic = diagnostic(t);
		out.add("| " + MEASURE + (diagnostic ? " (**diagnostic, not the goal's setup**: only the sessions shared, each "
				+ "instance its own in-memory store, no lease)" : "") + " | "
				+ f(t.get("upstreamCallsPerLoginPerInterval"), 2) + " on average; at most "
				+ f(t.get("maxUpstreamCallsPerLogin"), 0) + " for one login in " + f(t.get("windowSeconds"), 0)
				+ " s (allowed " + f(t.get("allowedUpstreamCallsPerLogin"), 0) + "); polls answered "
				+ f(t.get("answered"), 0) + " (instance 1: " + f(t.get("answeredOnInstance1"), 0) + ", instance 2: "
				+ f(t.get("answeredOnInstance2"), 0) + "), errors " + f(t.get("errors"), 0) + ", shed (429/503/504) "
				+ f(t.get("shed"), 0) + "; " + f(t.get("loginsAnsweredOnBoth"), 0) + " of "
				+ f(t.get("loginsStarted"), 0) + " logins answered on both | " + GOAL + " | "
				+ met(t, "**met**", "**not met**") + " |");
		out.add("");
		out.add("Two instances: two server JVMs (`" + s.get("serverJvmArgs") + "`), each one Jetty app with "
				+ "`telegramLogin()` and default settings, sharing one PostgreSQL schema made for the run (" + s.get("database")
				+ "): " + (diagnostic ? "(diagnostic) only" : "the library's `JdbcTelegramLoginStore` (whose lease lets one "
						+ "instance check a login per interval) and") + " the HTTP sessions (Jetty's `JDBCSessionDataStore`, no session cache in the JVM: the pending login "
				+ "is in the browser's session), against one emulator answering after " + s.get("upstreamLatencyMs")
				+ " ms. " + f(t.get("loginsStarted"), 0) + " browsers started their login on instance 1, then each polled "
				+ "it alternately on instance 2 and instance 1 (plain polls, the next one 2 s after the previous answer, "
				+ "as `tglogin.js` without long-poll); " + s.get("warmupSeconds") + " s warm-up, then a "
				+ f(t.get("windowSeconds"), 0) + " s window counting the emulator's verify calls per Bondify session. "
				+ "Time between two calls of one login, at the emulator: min " + f(gap(t, "min"), 0) + ", p10 "
				+ f(gap(t, "p10"), 0) + ", median " + f(gap(t, "p50"), 0) + " ms (arrivals: the senders' delays on a "
				+ "busy machine move them either way). Answered polls' p50 / p99: " + f(latency(t, "p50"), 0) + " / " + f(latency(t, "p99"), 0) + " ms; "
				+ "session cookies changed: " + f(t.get("sessionCookiesChanged"), 0) + "."
				+ notAnsweredOnBoth(t));
		return out;
	}

	/** The first error answer of each login not answered on both instances, when the results have them. */
	private static String notAnsweredOnBoth(Map<String, Object> t) {
		if (!(t.get("firstErrorsOfLoginsNotAnsweredOnBoth") instanceof List<?> first) || first.isEmpty()) {
			return "";
		}
		return " Logins not answered on both, the first error answer of each (the warm-up included): "
				+ String.join("; ", first.stream().map(String::valueOf).toList()) + ".";
	}

	/** The summary's row for the same goal, with the same "met"; none when the results have no two-instances phase. */
	@SuppressWarnings("unchecked")
	static List<String> summaryRows(Map<String, Object> cost) {
		Map<String, Object> t = (Map<String, Object>) cost.get("twoInstances");
		if (t == null) {
			return List.of();
		}
		if (!Boolean.TRUE.equals(t.get("measured"))) {
			return List.of("| " + MEASURE + " | not measured: " + t.get("notMeasured") + " | issue 16: ≤ 1 | – |");
		}
		boolean diagnostic = diagnostic(t);
		return List.of("| " + MEASURE + (diagnostic ? " (**diagnostic**: the store not shared)" : "") + " | "
				+ f(t.get("upstreamCallsPerLoginPerInterval"), 2) + " on average; at most "
				+ f(t.get("maxUpstreamCallsPerLogin"), 0) + " for one login in " + f(t.get("windowSeconds"), 0)
				+ " s (allowed " + f(t.get("allowedUpstreamCallsPerLogin"), 0) + "); "
				+ f(t.get("loginsAnsweredOnBoth"), 0) + " of " + f(t.get("loginsStarted"), 0) + " logins answered on both (one run) | issue 16: ≤ 1 | "
				+ met(t, "**yes**", "**no**") + " |");
	}

	/** The goal's "met": decided by the phase ({@code met}), except in a diagnostic run, which does not decide it. */
	private static String met(Map<String, Object> t, String yes, String no) {
		if (diagnostic(t)) {
			return "– (" + (Boolean.TRUE.equals(t.get("met")) ? "would be met" : "would not be met") + ")";
		}
		return Boolean.TRUE.equals(t.get("met")) ? yes : no;
	}

	/** Whether the phase ran as a diagnostic: only the sessions shared, each instance its own store. */
	private static boolean diagnostic(Map<String, Object> t) {
		return Boolean.TRUE.equals(t.get("diagnosticStoreNotShared"));
	}

	@SuppressWarnings("unchecked")
	private static Object gap(Map<String, Object> t, String key) {
		Object upstream = t.get("upstream");
		Object ms = (upstream instanceof Map<?, ?> u) ? u.get("verifyGapMs") : null;
		return (ms instanceof Map<?, ?> m) ? ((Map<String, Object>) m).get(key) : null;
	}

	@SuppressWarnings("unchecked")
	private static Object latency(Map<String, Object> t, String key) {
		Object ms = t.get("okLatencyMs");
		return (ms instanceof Map<?, ?> m) ? ((Map<String, Object>) m).get(key) : null;
	}

	private static String f(Object value, int decimals) {
		return (value instanceof Number n && !Double.isNaN(n.doubleValue()))
				? String.format(Locale.ROOT, "%,." + decimals + "f", n.doubleValue()) : "–";
	}

}
