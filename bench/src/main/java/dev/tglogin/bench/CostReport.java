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

	private CostReport() {
	}

	@SuppressWarnings("unchecked")
	static List<String> lines(Map<String, Object> cost) {
		Map<String, Object> f = (Map<String, Object>) cost.get("figures");
		Map<String, Object> met = (Map<String, Object>) cost.get("goalsMet");
		Map<String, Object> settings = (Map<String, Object>) cost.get("settings");
		List<String> out = new ArrayList<>();
		out.add("One server JVM (`" + settings.get("serverJvmArgs") + "`) with four Jetty apps, each the bench's "
				+ "`SecurityFilterChain` with `telegramLogin()`, against the emulator answering after "
				+ settings.get("upstreamLatencyMs") + " ms; " + settings.get("loginsPerApp") + " pending logins per "
				+ "app; " + settings.get("rounds") + " rounds of " + settings.get("windowSeconds") + " s windows "
				+ "interleaving `GET /`, polls answered from memory and default polling (one more round first, "
				+ "discarded as warm-up), medians over rounds; then " + settings.get("tabs") + " tabs per login and "
				+ "webhooks + long-poll once each. Server CPU = the process's CPU time in the window minus its idle "
				+ "rate measured in the same round. Not pinned to a core: the load generator and the emulator share the "
				+ "2 cores with the server and with other processes (load average in each window in "
				+ "`bench/results/cost.json`).");
		out.add("");
		out.add("| measure | figure | goal (issue 16) | met |");
		out.add("|---|---|---|---|");
		out.add("| server CPU per status poll answered from memory | " + f(f.get("memoryPollMicros"), 1) + " µs; "
				+ "an unrelated `GET /` with the session cookie through the same chain: " + f(f.get("getMicros"), 1)
				+ " µs; ratio " + f(f.get("memoryOverGet"), 2) + "× | ≤ 60 µs and ≤ 1.2× | " + yes(met, "memoryPoll")
				+ " |");
		out.add("| server CPU per upstream status check | " + f(f.get("upstreamCheckMicros"), 0) + " µs (default "
				+ "polling's CPU minus its polls at the memory cost, per call) | ≤ 100 µs | " + yes(met, "upstreamCheck")
				+ " |");
		out.add("| server CPU per pending login per second, default settings, without webhooks (a poll every 2 s) | "
				+ f(f.get("defaultMicrosPerLoginSecond"), 1) + " µs | ≤ 80 µs | " + yes(met, "defaultPerLoginSecond")
				+ " |");
		out.add("| server CPU per pending login per second, webhooks + long-poll | "
				+ f(f.get("webhookLongPollMicrosPerLoginSecond"), 1) + " µs | ≤ 10 µs | "
				+ yes(met, "webhookPerLoginSecond") + " |");
		out.add("| upstream calls per login per interval, " + settings.get("tabs") + " tabs polling each login | "
				+ f(f.get("tabsUpstreamCallsPerLoginPerInterval"), 2) + " on average; at most "
				+ f(f.get("tabsMaxUpstreamCallsPerLogin"), 0) + " for one login in " + f(f.get("tabsWindowSeconds"), 0)
				+ " s; polls shed with 429/504: "
				+ f(f.get("tabsShed"), 0) + " | ≤ 1 (checked as: no login had more calls than window ÷ 2 s + 1) | "
				+ yes(met, "tabs") + " |");
		out.add("| upstream calls while webhook-driven (pending, long-poll) | "
				+ f(f.get("webhookUpstreamCallsPerLoginPerInterval"), 2) + " per login per 2 s interval; at most "
				+ f(f.get("webhookMaxUpstreamCallsPerLogin"), 0) + " for one login in the window | 0 (a fallback check "
				+ "≥ 15 s apart allowed: at most window ÷ 15 s + 1 per login) | " + yes(met, "webhookUpstreamCalls")
				+ " |");
		// the two-instances row (TwoInstancesPhase) and its paragraph after the table
		out.addAll(TwoInstancesReport.lines(cost));
		return out;
	}

	private static String f(Object value, int decimals) {
		return (value instanceof Number n && !Double.isNaN(n.doubleValue()))
				? String.format(Locale.ROOT, "%,." + decimals + "f", n.doubleValue()) : "–";
	}

	private static String yes(Map<String, Object> met, String key) {
		return Boolean.TRUE.equals(met.get(key)) ? "**met**" : "**not met**";
	}

}
