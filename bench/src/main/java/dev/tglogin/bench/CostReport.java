package dev.tglogin.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report's section for the {@code cost} step ({@link CostStep}): each goal of issue 16 with its figure and the
 * rule it is checked by, as written in the issue, met or not met.
 */
final class CostReport {

	private static final String MEMORY_POLL = "server CPU per status poll answered from memory";

	private static final String UPSTREAM_CHECK = "server CPU per upstream status check";

	private static final String DEFAULT_PER_LOGIN_SECOND = "server CPU per pending login per second, default settings, "
			+ "without webhooks (a poll every 2 s)";

	private static final String WEBHOOK_PER_LOGIN_SECOND = "server CPU per pending login per second, webhooks + "
			+ "long-poll";

	private static final String WEBHOOK_UPSTREAM_CALLS = "upstream calls while webhook-driven (pending, long-poll)";

	private CostReport() {
	}

	/**
	 * The summary's rows, one per goal of this section's table, with the same "met" (the step's {@code goalsMet}); none
	 * for results from before the warm-up rule, whose "met" the section does not show either.
	 */
	@SuppressWarnings("unchecked")
	static List<String> summaryRows(Map<String, Object> cost) {
		Map<String, Object> f = (Map<String, Object>) cost.get("figures");
		Map<String, Object> met = (Map<String, Object>) cost.get("goalsMet");
		Map<String, Object> settings = (Map<String, Object>) cost.get("settings");
		List<String> out = new ArrayList<>();
		if (cost.get("warmUp") == null || f == null || met == null || settings == null) {
			return out;
		}
		Object measured = cost.get("measuredRounds");
		String rounds = (measured instanceof Number n && n.intValue() == 1) ? " (one round)"
				: " (median of " + measured + " rounds)";
		out.add("| " + MEMORY_POLL + " | process " + f(f.get("memoryPollProcessMicros"), 1) + " µs, in the chain "
				+ f(f.get("memoryPollMicros"), 1) + " µs; over an unrelated `GET /` through the same chain: process "
				+ f(f.get("memoryOverGetProcess"), 2) + "×, in the chain " + f(f.get("memoryOverGet"), 2) + "×" + rounds
				+ " | issue 16: ≤ 60 µs, and ≤ 1.2× an unrelated request (both measures) | "
				+ summaryYes(met, "memoryPoll") + " |");
		out.add("| " + UPSTREAM_CHECK + " | " + f(f.get("upstreamCheckMicros"), 0) + " µs" + rounds
				+ " | issue 16: ≤ 100 µs | " + summaryYes(met, "upstreamCheck") + " |");
		out.add("| " + DEFAULT_PER_LOGIN_SECOND + " | " + f(f.get("defaultMicrosPerLoginSecond"), 1) + " µs" + rounds
				+ " | issue 16: ≤ 80 µs | " + summaryYes(met, "defaultPerLoginSecond") + " |");
		out.add("| " + WEBHOOK_PER_LOGIN_SECOND + " | " + f(f.get("webhookLongPollMicrosPerLoginSecond"), 1)
				+ " µs (one run) | issue 16: ≤ 10 µs | " + summaryYes(met, "webhookPerLoginSecond") + " |");
		out.add("| " + tabsMeasure(settings) + " | " + f(f.get("tabsUpstreamCallsPerLoginPerInterval"), 2)
				+ " on average, at most " + f(f.get("tabsMaxUpstreamCallsPerLogin"), 0) + " calls for one login in "
				+ f(f.get("tabsWindowSeconds"), 0) + " s; shortest gap between two calls of a login "
				+ f(f.get("tabsMinGapMs"), 0) + " ms (one run) | issue 16: ≤ 1, for every login | "
				+ summaryYes(met, "tabs") + " |");
		out.add("| " + WEBHOOK_UPSTREAM_CALLS + " | " + f(f.get("webhookUpstreamCalls"), 0) + " calls in "
				+ f(f.get("webhookWindowSeconds"), 0) + " s; shortest gap between two calls of a login "
				+ f(f.get("webhookMinGapMs"), 0) + " ms (one run) | issue 16: 0 while pending (a fallback check ≥ 15 s "
				+ "apart allowed) | " + summaryYes(met, "webhookUpstreamCalls") + " |");
		out.addAll(TwoInstancesReport.summaryRows(cost));
		return out;
	}

	@SuppressWarnings("unchecked")
	static List<String> lines(Map<String, Object> cost) {
		Map<String, Object> f = (Map<String, Object>) cost.get("figures");
		Map<String, Object> met = (Map<String, Object>) cost.get("goalsMet");
		Map<String, Object> settings = (Map<String, Object>) cost.get("settings");
		Map<String, Object> spread = (Map<String, Object>) cost.get("spread");
		Map<String, Object> warmUp = (Map<String, Object>) cost.get("warmUp");
		List<String> out = new ArrayList<>();
		if (warmUp == null) {
			// the goals' rules changed with the warm-up rule: an older file's "met" would be read by the new rules' text
			out.add("These results are from before the benchmark rules of issue 16 (warm-up until three rounds agree, "
					+ "each goal's rule per login): re-run `bash bench/run.sh --only cost`.");
			return out;
		}
		out.add("One server JVM (`" + settings.get("serverJvmArgs") + "`) with five Jetty apps, each the bench's "
				+ "`SecurityFilterChain` with `telegramLogin()` (default settings: `tglogin.http.client=auto`, which "
				+ "picks Jetty's HTTP client here, the bench's class path holding `jetty-client`; one app the same "
				+ "default polling over the JDK's client, `tglogin.http.client=jdk`), against the emulator answering "
				+ "after "
				+ settings.get("upstreamLatencyMs") + " ms; " + settings.get("loginsPerApp") + " pending logins per "
				+ "app. Rounds interleave `GET /`, polls answered from memory and default polling, one window each; "
				+ "warm-up rounds (" + settings.get("warmupWindowSeconds") + " s windows, discarded) run until the "
				+ "last three agree within ±10 % of their median on every figure of a round (chain and process CPU "
				+ "per `GET /` and per poll from memory, CPU per login-second of default polling), at most "
				+ settings.get("maxWarmupRounds") + " rounds; then " + settings.get("rounds") + " measured round(s) of "
				+ settings.get("windowSeconds") + " s windows. Each figure below is the median of the measured rounds "
				+ "(one round is one run) with their range (min–max); then " + settings.get("tabs") + " tabs per "
				+ "login and webhooks + long-poll, one run each (no range). Server CPU = the process's CPU time in "
				+ "the window minus its idle rate measured in the same round; \"in the chain\" = the thread CPU "
				+ "time of the requests in the filter chain (all dispatches), a part of it. Not pinned to a core: the "
				+ "load generator and the emulator share the 2 cores with the server and with other processes "
				+ "(load average in each window in `bench/results/cost.json`).");
		out.add("");
		out.add(warmUpLine(warmUp));
		out.add("");
		List<Map<String, Object>> rounds = (List<Map<String, Object>>) cost.get("rounds");
		if (rounds != null && !rounds.isEmpty() && rounds.get(0).get("figures") != null) {
			out.add("| round | window | `GET /` in the chain | poll from memory in the chain | `GET /` process | poll "
					+ "from memory process | default polling per login-second | per upstream check | errors / shed |");
			out.add("|---|---|---|---|---|---|---|---|---|");
			for (Map<String, Object> r : rounds) {
				Map<String, Object> rf = (Map<String, Object>) r.get("figures");
				out.add("| " + r.get("round") + (Boolean.TRUE.equals(r.get("warmUp")) ? " (warm-up)" : "") + " | "
						+ r.get("windowSeconds") + " s | " + f(rf.get("getChainMicros"), 1) + " | "
						+ f(rf.get("memoryChainMicros"), 1) + " | " + f(rf.get("getProcessMicros"), 1) + " | "
						+ f(rf.get("memoryProcessMicros"), 1) + " | " + f(rf.get("defaultMicrosPerLoginSecond"), 1)
						+ " | " + f(rf.get("upstreamCheckMicros"), 0) + " | " + failures(r) + " |");
			}
			out.add("");
			out.add("(µs of server CPU; errors / shed: answers of the three windows that were errors / 429, 503 or "
					+ "504, apart from the answered requests the figures are per)");
			out.add("");
		}
		Object measured = cost.get("measuredRounds");
		out.add(((measured instanceof Number n && n.intValue() == 1)
				? "Figures: those of the one measured round (no range: a smoke test, not a median)"
				: "Figures: the median of the " + measured + " measured rounds, their range (min–max) in brackets")
				+ "; each \"met\" by the goal's rule as issue 16 writes it, from the medians.");
		out.add("");
		out.add("| measure | figure | goal (issue 16) | met |");
		out.add("|---|---|---|---|");
		out.add("| " + MEMORY_POLL + " | process " + f(f.get("memoryPollProcessMicros"), 1)
				+ " µs" + range(spread, "memoryPollProcessMicros", 1) + ", in the chain " + f(f.get("memoryPollMicros"), 1)
				+ " µs" + range(spread, "memoryPollMicros", 1) + "; an unrelated `GET /` with the session cookie "
				+ "through the same chain: process " + f(f.get("getProcessMicros"), 1) + " µs"
				+ range(spread, "getProcessMicros", 1) + ", in the chain " + f(f.get("getMicros"), 1) + " µs"
				+ range(spread, "getMicros", 1) + "; ratio: process " + f(f.get("memoryOverGetProcess"), 2) + "×"
				+ range(spread, "memoryOverGetProcess", 2) + ", in the chain " + f(f.get("memoryOverGet"), 2) + "×"
				+ range(spread, "memoryOverGet", 2) + " | ≤ 60 µs, and ≤ 1.2× an unrelated request through the same "
				+ "chain (checked on both measures: the process's CPU is all of the server's, the chain's the part "
				+ "the library is in) | " + yes(met, "memoryPoll") + " |");
		out.add("| " + UPSTREAM_CHECK + " | " + f(f.get("upstreamCheckMicros"), 0) + " µs"
				+ range(spread, "upstreamCheckMicros", 0) + " (default polling's process CPU minus its polls at the "
				+ "memory poll's process cost, per call) | ≤ 100 µs | " + yes(met, "upstreamCheck") + " |");
		if (f.get("jdkUpstreamCheckMicros") instanceof Number) {
			out.add("| server CPU per upstream status check, over the JDK's HTTP client (`tglogin.http.client=jdk`, "
					+ "what the default picks without `jetty-client` on the class path) | "
					+ f(f.get("jdkUpstreamCheckMicros"), 0) + " µs"
					+ range(spread, "jdkUpstreamCheckMicros", 0) + "; per login-second of the same default polling: "
					+ f(f.get("jdkDefaultMicrosPerLoginSecond"), 1) + " µs"
					+ range(spread, "jdkDefaultMicrosPerLoginSecond", 1) + " | ≤ 100 µs (the goal is for the default "
					+ "settings: for comparison) | " + ((f.get("jdkUpstreamCheckMicros") instanceof Number n
							&& n.doubleValue() <= 100) ? "(yes)" : "(no)") + " |");
		}
		out.add("| " + DEFAULT_PER_LOGIN_SECOND + " | " + f(f.get("defaultMicrosPerLoginSecond"), 1) + " µs"
				+ range(spread, "defaultMicrosPerLoginSecond", 1) + " | ≤ 80 µs | " + yes(met, "defaultPerLoginSecond")
				+ " |");
		out.add("| " + WEBHOOK_PER_LOGIN_SECOND + " | " + f(f.get("webhookLongPollMicrosPerLoginSecond"), 1)
				+ " µs (one run of "
				+ f(f.get("webhookWindowSeconds"), 0) + " s; " + f(f.get("webhookErrors"), 0) + " errors, "
				+ f(f.get("webhookShed"), 0) + " shed) | ≤ 10 µs | " + yes(met, "webhookPerLoginSecond") + " |");
		String jitter = f(f.get("arrivalJitterMs"), 0);
		out.add("| " + tabsMeasure(settings) + " | " + f(f.get("tabsUpstreamCallsPerLoginPerInterval"), 2)
				+ " on average (one run of "
				+ f(f.get("tabsWindowSeconds"), 0) + " s); per login: shortest gap between two calls "
				+ f(f.get("tabsMinGapMs"), 0) + " ms, gaps under 2 s: " + f(f.get("tabsGapsUnderInterval"), 0)
				+ ", under 2 s − " + jitter + " ms: " + f(f.get("tabsGapsUnderIntervalLessJitter"), 0) + "; at most "
				+ f(f.get("tabsMaxUpstreamCallsPerLogin"), 0) + " calls for one login; polls answered "
				+ f(f.get("tabsAnsweredPerLoginPerInterval"), 2) + " per login per interval, shed (429) "
				+ f(f.get("tabsShed"), 0) + " (" + f(f.get("tabsShedPerLoginPerInterval"), 2) + " per login per "
				+ "interval), errors " + f(f.get("tabsErrors"), 0) + " | ≤ 1 (checked for every login: no two of its "
				+ "calls less than one 2 s interval apart, timed on arrival at the upstream with " + jitter + " ms "
				+ "allowed for the arrival's jitter, and no more calls in the window than that allows) | "
				+ yes(met, "tabs") + " |");
		out.add("| " + WEBHOOK_UPSTREAM_CALLS + " | " + f(f.get("webhookUpstreamCalls"), 0)
				+ " calls counted in " + f(f.get("webhookWindowSeconds"), 0) + " s ("
				+ f(f.get("webhookUpstreamCallsPerLoginPerInterval"), 2) + " per login per 2 s interval); per login: "
				+ "shortest gap between two calls " + f(f.get("webhookMinGapMs"), 0) + " ms, gaps under 15 s: "
				+ f(f.get("webhookGapsUnderFallback"), 0) + ", under 15 s − " + jitter + " ms: "
				+ f(f.get("webhookGapsUnderFallbackLessJitter"), 0) + "; at most "
				+ f(f.get("webhookMaxUpstreamCallsPerLogin"), 0) + " for one login | 0 while pending (a slow fallback "
				+ "check, ≥ 15 s apart, is allowed and counted: checked as no two calls of one login less than 15 s "
				+ "apart, with the same " + jitter + " ms allowed) | " + yes(met, "webhookUpstreamCalls") + " |");
		// the two-instances row (TwoInstancesPhase) and its paragraph after the table
		out.addAll(TwoInstancesReport.lines(cost));
		out.add("");
		out.add(tabsNote(f, settings));
		return out;
	}

	@SuppressWarnings("unchecked")
	private static String warmUpLine(Map<String, Object> warmUp) {
		Map<String, Object> last = (Map<String, Object>) warmUp.get("lastWindows");
		StringBuilder deviations = new StringBuilder();
		if (last != null) {
			last.forEach((figure, one) -> {
				Map<String, Object> o = (Map<String, Object>) one;
				deviations.append(deviations.length() > 0 ? ", " : "").append(figure).append(" ")
					.append(o.get("maxDeviation") instanceof Number d ? "±" + f(d.doubleValue() * 100, 1) + " %" : "–");
			});
		}
		int rounds = ((Number) warmUp.get("rounds")).intValue();
		if (Boolean.TRUE.equals(warmUp.get("converged"))) {
			return "**Warm-up:** converged after " + rounds + " rounds (cap " + warmUp.get("maxRounds") + "): the last "
					+ CostWarmUp.WINDOWS + " agreed within ±10 % of their median on every figure (largest deviation: "
					+ deviations + ").";
		}
		return "**Warm-up: did not converge** in " + rounds + " rounds (cap " + warmUp.get("maxRounds") + ")"
				+ ((rounds < CostWarmUp.WINDOWS) ? ", fewer than the " + CostWarmUp.WINDOWS + " needed to compare"
						: "; the last " + CostWarmUp.WINDOWS + " differed from their median by up to: " + deviations)
				+ ". The measured rounds followed anyway: the server may still have been warming up (the JIT "
				+ "compiling) or the machine too noisy for ±10 %; compare the rounds below.";
	}

	private static String tabsNote(Map<String, Object> f, Map<String, Object> settings) {
		double answered = (f.get("tabsAnsweredPerLoginPerInterval") instanceof Number a) ? a.doubleValue() : Double.NaN;
		double shed = (f.get("tabsShedPerLoginPerInterval") instanceof Number s) ? s.doubleValue() : Double.NaN;
		String tabs = String.valueOf(settings.get("tabs"));
		if (Double.isNaN(answered) || Double.isNaN(shed)) {
			return "";
		}
		String note = "*" + tabs + " tabs:* each tab polls every 2 s, " + tabs + " polls per login per interval in one "
				+ "session; the per-session status limit (60 a minute) shed " + f(shed, 2) + " of them per login per "
				+ "interval with 429, before the status path. ";
		if (shed <= 0) {
			return note + "None were shed, so the row is what " + tabs + " tabs do.";
		}
		if (answered > 1) {
			return note + "The polls answered were still " + f(answered, 2) + " per login per interval, more than "
					+ "one, so the upstream-call figure does test that polls of one login share its checks; but it is "
					+ "the figure for " + f(answered, 2) + " polls per interval reaching the server, not for all "
					+ tabs + " tabs' polls answered (the shed ones cost no upstream call).";
		}
		return note + "**The row is misleading:** only " + f(answered, 2) + " polls per login per interval were "
				+ "answered, not more than one tab's worth, so it does not show what " + tabs + " tabs polling cost "
				+ "upstream.";
	}

	@SuppressWarnings("unchecked")
	private static String failures(Map<String, Object> round) {
		long errors = 0;
		long shed = 0;
		for (String key : List.of("get", "memory", "default")) {
			Map<String, Object> w = (Map<String, Object>) round.get(key);
			if (w != null) {
				errors += (w.get("errors") instanceof Number e) ? e.longValue() : 0;
				shed += (w.get("shed") instanceof Number s) ? s.longValue() : 0;
			}
		}
		return errors + " / " + shed;
	}

	@SuppressWarnings("unchecked")
	private static String range(Map<String, Object> spread, String key, int decimals) {
		Object value = (spread != null) ? spread.get(key) : null;
		if (!(value instanceof List<?> minMax) || minMax.size() != 2 || minMax.get(0).equals(minMax.get(1))) {
			return "";
		}
		return " (" + f(minMax.get(0), decimals) + "–" + f(minMax.get(1), decimals) + ")";
	}

	private static String f(Object value, int decimals) {
		return (value instanceof Number n && !Double.isNaN(n.doubleValue()))
				? String.format(Locale.ROOT, "%,." + decimals + "f", n.doubleValue()) : "–";
	}

	private static String tabsMeasure(Map<String, Object> settings) {
		return "upstream calls per login per interval, " + settings.get("tabs") + " tabs polling each login";
	}

	/** Whether the goal was met, as the cost step decided it ({@code goalsMet}). */
	private static boolean isMet(Map<String, Object> met, String key) {
		return Boolean.TRUE.equals(met.get(key));
	}

	private static String yes(Map<String, Object> met, String key) {
		return isMet(met, key) ? "**met**" : "**not met**";
	}

	private static String summaryYes(Map<String, Object> met, String key) {
		return isMet(met, key) ? "**yes**" : "**no**";
	}

}
