package dev.tglogin.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static dev.tglogin.bench.PollingStep.d;
import static dev.tglogin.bench.PollingStep.list;
import static dev.tglogin.bench.PollingStep.m;
import static dev.tglogin.bench.PollingStep.v;

/**
 * The report's section for the {@code polling} step ({@link PollingStep}): per size the figures of each variant's
 * median run, "ahead of the hand-written proxy?" by issue 16's rule, and the 10,000-logins goal with its rule.
 * Latency percentiles are of answered polls only; errors and shed answers are shown apart.
 */
final class PollingReport {

	private PollingReport() {
	}

	/** The summary table's rows (figure | measured | goal | met). */
	static List<String> summaryRows(Map<String, Object> polling) {
		List<String> out = new ArrayList<>();
		Map<String, Object> goal = m(polling, "goal10k");
		out.add("| " + goalLabel() + " | " + goalFigures(goal) + " | issue 16: p99 ≤ 250 ms (answered polls), 0 errors, "
				+ "0 shed, every login checked upstream at least once per 2 × interval | " + met(goal) + " |");
		for (Map<String, Object> point : list(polling, "points")) {
			Map<String, Object> row = m(m(point, "ahead"), PollingStep.DEFAULT_BROWSER);
			if (row == null) {
				continue;
			}
			out.add("| against the hand-written proxy, " + f(d(point, "logins"), 0) + " pending logins, default browser "
					+ "behaviour (`" + PollingStep.DEFAULT_BROWSER + "`) | " + aheadFigures(row) + " | issue 16: ahead on "
					+ "answered polls/s, p99 and server CPU per answered poll | " + yes(Boolean.TRUE.equals(row.get("ahead")))
					+ " |");
		}
		return out;
	}

	private static String goalLabel() {
		return "10,000 pending logins, default browser behaviour (`" + PollingStep.DEFAULT_BROWSER + "`), 200 ms "
				+ "upstream, server JVM pinned to one core";
	}

	private static String goalFigures(Map<String, Object> goal) {
		if (goal == null || !Boolean.TRUE.equals(goal.get("measured"))) {
			return "not measured" + ((goal != null) ? ": " + goal.get("why") : "");
		}
		return "p99 " + ms(d(goal, "p99Ms")) + " ms, " + f(d(goal, "errors"), 0) + " errors, " + f(d(goal, "shed"), 0)
				+ " shed; largest gap between two upstream checks of a login " + ms(d(goal, "maxGapMs")) + " ms (limit "
				+ f(d(goal, "gapLimitMs"), 0) + "; " + f(d(goal, "sessionsChecked"), 0) + " of "
				+ f(d(goal, "logins"), 0) + " logins checked in the window, " + f(d(goal, "sessionsOverGapLimit"), 0)
				+ " over the limit); " + (Boolean.TRUE.equals(goal.get("pinned")) ? "pinned" : "**not pinned**")
				+ ", upstream " + f(d(goal, "upstreamLatencyMs"), 0) + " ms; median run (" + f(d(goal, "runsMeetingAll"), 0)
				+ " of " + f(d(goal, "runs"), 0) + " runs meet every condition)";
	}

	private static String met(Map<String, Object> goal) {
		if (goal == null || !Boolean.TRUE.equals(goal.get("measured"))) {
			return "**no** (not measured)";
		}
		return Boolean.TRUE.equals(goal.get("met")) ? "**yes**" : "**no**";
	}

	private static String affinity(Map<String, Object> cpus) {
		if (cpus == null) {
			return "–";
		}
		List<String> parts = new ArrayList<>();
		cpus.forEach((name, list) -> parts.add(name + " " + list));
		return String.join(", ", parts);
	}

	private static String aheadFigures(Map<String, Object> row) {
		return "answered polls/s " + f(d(row, "answeredPerSecond"), 0) + " vs " + f(d(row, "baselineAnsweredPerSecond"), 0)
				+ " " + mark(row, "aheadOnAnswered") + "; p99 " + ms(d(row, "p99Ms")) + " vs "
				+ ms(d(row, "baselineP99Ms")) + " ms " + mark(row, "aheadOnP99") + "; server CPU per answered poll "
				+ f(d(row, "serverCpuMsPerAnsweredPoll"), 3) + " vs " + f(d(row, "baselineServerCpuMsPerAnsweredPoll"), 3)
				+ " ms " + mark(row, "aheadOnCpu") + " (median runs; ahead on all three in "
				+ f(d(row, "runPairsAhead"), 0) + " of " + f(d(row, "runPairs"), 0) + " interleaved run pairs)";
	}

	private static String mark(Map<String, Object> row, String key) {
		return Boolean.TRUE.equals(row.get(key)) ? "(ahead)" : "(not ahead)";
	}

	/** The section's body (after its heading and provenance). */
	static List<String> lines(Map<String, Object> polling) {
		List<String> out = new ArrayList<>();
		Map<String, Object> s = m(polling, "settings");
		Map<String, Object> pinning = m(polling, "pinning");
		boolean pinned = Boolean.TRUE.equals(v(pinning, "pinned"));
		out.add("N browsers each start a login through the real endpoints (login page for the session and CSRF token, "
				+ "then start), then wait for it as `tglogin.js` does. Client: " + v(s, "client") + ". Upstream: "
				+ v(s, "upstream") + ". Server: one JVM per variant (`" + v(s, "serverJvmArgs") + "`), "
				+ v(s, "serverThreadPool") + ".");
		out.add("");
		out.add("**Pinning:** " + (pinned
				? "yes: every server JVM under `taskset -c " + v(pinning, "serverCore") + "` with `"
						+ v(pinning, "serverJvmArgs") + "`; the driver (load generator, all its threads) and the upstream "
						+ "JVMs on core " + v(pinning, "driverAndUpstreamCore") + " (the kernel's `Cpus_allowed_list` of the "
						+ "first size's first JVMs: " + affinity(m(pinning, "cpusAllowed")) + "); the same for every "
						+ "variant, the naive proxy's server included."
				: "**no** (" + v(pinning, "why") + "): the driver, the servers and the upstreams share the machine's "
						+ "cores, so the goal row below is not measured as issue 16 asks (`--pin=true`)."));
		out.add("");
		out.add("**Schedule:** " + v(s, "schedule") + ". **Warm-up:** " + v(s, "warmup", "rule") + " of "
				+ v(s, "warmup", "windowSeconds") + " s. **Runs:** " + v(s, "runsPerVariant") + " windows of "
				+ v(s, "measureSeconds") + " s per variant; shown: " + v(s, "medianRun") + ". Latencies are the "
				+ "**answered** polls' response times (for a held long-poll request: how long after the end of the "
				+ "wait it asked for the answer came, since the server is asked to hold it until then; otherwise send "
				+ "to full answer); errors and shed answers (429/503/504) are counted apart and never in the "
				+ "percentiles. \"Every login checked\": each login had an upstream verify call in the window and no "
				+ "login's largest gap between two calls ending in the window (counted from when polling started at the "
				+ "earliest), nor the time from its last call to the window's end, exceeded 2 × the "
				+ "server's upstream poll interval (" + f(d(s, "upstreamPollIntervalMs"), 0) + " ms, the library's "
				+ "default).");
		out.add("");
		out.add("Variants: " + String.join("; ", list(s, "variants").stream()
			.map((x) -> "**" + v(x, "name") + "**: " + v(x, "description"))
			.toList()) + ". The library as browsers use it by default is `" + v(s, "defaultBrowser") + "` (the server "
				+ "advertises `maxWaitSeconds`, 25 s by default, and `tglogin.js` then long-polls); it is the one the "
				+ "goals count. Its answered polls/s is about N / 25 s by design (each held request answers once per "
				+ "wait, and still every login is checked upstream every interval), so on answered polls/s and server "
				+ "CPU per answered poll it is compared with a proxy that answers a poll every 2 s per login.");
		out.add("");
		for (Map<String, Object> missing : list(polling, "notMeasured")) {
			out.add("- *Not measured:* **" + v(missing, "variant") + "** (" + v(missing, "description") + "): "
					+ v(missing, "why") + ".");
		}
		if (!list(polling, "notMeasured").isEmpty()) {
			out.add("");
		}
		Map<String, Object> goal = m(polling, "goal10k");
		out.add("| goal (issue 16) | measured | met |");
		out.add("|---|---|---|");
		out.add("| " + goalLabel() + ": p99 ≤ 250 ms for answered polls, 0 errors (shed counted separately, and 0 of "
				+ "them), every login checked upstream at least once per 2 × interval | " + goalFigures(goal) + " | "
				+ met(goal) + " |");
		for (Map<String, Object> point : list(polling, "points")) {
			for (Map.Entry<String, Object> e : m(point, "ahead").entrySet()) {
				@SuppressWarnings("unchecked")
				Map<String, Object> row = (Map<String, Object>) e.getValue();
				boolean counts = Boolean.TRUE.equals(row.get("countsForGoal"));
				out.add("| ahead of the hand-written proxy at " + f(d(point, "logins"), 0) + " logins, `" + e.getKey()
						+ "`" + (counts ? " (default browser behaviour: counts)" : " (plain polling: for comparison)")
						+ " | " + aheadFigures(row) + " | " + (counts ? yes(Boolean.TRUE.equals(row.get("ahead")))
								: (Boolean.TRUE.equals(row.get("ahead")) ? "(yes)" : "(no)"))
						+ " |");
			}
		}
		out.add("");
		for (Map<String, Object> point : list(polling, "points")) {
			point(out, point);
		}
		out.add("How to read it: with a blocking status endpoint (the naive proxy) every poll holds a Jetty thread for "
				+ "the whole upstream call, so the pool (" + BenchApp.MAX_THREADS + " threads) caps a server at about "
				+ BenchApp.MAX_THREADS + " / (upstream latency + own time) polls/s whatever the CPU; above that, polls "
				+ "wait in Jetty's queue, and since browsers poll again only after an answer, the achieved rate drops "
				+ "below the offered one and each login is checked less often than every interval (see the largest "
				+ "gap). The library answers a poll from the login's last state and checks logins upstream in the "
				+ "background, at most once per interval each; beyond `tglogin.bondify.max-concurrent-status-calls` "
				+ "in flight it sheds (429 with `Retry-After`), counted under shed. Cores: with pinning the server has "
				+ "one core, and the driver and upstream share the other: when their cores add up to about 1, the "
				+ "load generator, not the server, may be the limit. The last column of every run splits the server's "
				+ "cores by kind of thread: the JIT compiler still compiling (a warm-up that did not converge names "
				+ "it), GC, Jetty's pool (requests), the library's pools (background checks and upstream answers, "
				+ "with the threads of its Jetty HTTP client, `tglogin-<upstream>-http-n`), the JDK HTTP client's "
				+ "selector, and threads started and ended in the window: with the JDK client on a machine whose "
				+ "common pool has parallelism 1 (Java 17 on up to 2 CPUs, or a server under "
				+ "`-XX:ActiveProcessorCount=1` as here), one per upstream answer (`HttpClient.sendAsync`); the naive "
				+ "proxy's blocking `send` starts none. The library's variants run with its default "
				+ "`tglogin.http.client=auto`, which picks Jetty's HTTP client on the bench's class path; "
				+ "`tglogin-longpoll-jdk` is the default browser behaviour over the JDK's client, what `auto` picks "
				+ "in an app without `jetty-client`.");
		out.add("");
		return out;
	}

	private static void point(List<String> out, Map<String, Object> point) {
		out.add("### " + f(d(point, "logins"), 0) + " pending logins (" + f(d(point, "offeredPollsPerSecond"), 0)
				+ " polls/s offered by plain polling)");
		out.add("");
		List<String> warm = new ArrayList<>();
		Map<String, Object> warmups = m(point, "warmup");
		if (warmups != null) {
			warmups.forEach((name, w) -> warm.add("`" + name + "` " + (Boolean.TRUE.equals(v(w, "converged"))
					? "converged after " + f(d(w, "windows"), 0) : "**did not converge** in " + f(d(w, "windows"), 0))
					+ " windows"));
		}
		out.add("Warm-up: " + String.join(", ", warm) + ".");
		out.add("");
		out.add("| variant (median run) | answered polls/s | p50 / p99 ms (answered) | errors | shed | server CPU ms "
				+ "per answered poll | server CPU µs per login-second | server CPU, cores | upstream calls per login "
				+ "per interval | largest gap between checks, ms (logins checked, over the limit) | peak server "
				+ "threads | held by the server, mean / max | cores: upstream / driver / other processes |");
		out.add("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
		Map<String, Object> medians = m(point, "medians");
		for (String name : medians.keySet()) {
			Map<String, Object> x = m(medians, name);
			out.add("| " + name + " (run " + f(d(x, "medianRun"), 0) + " of " + f(d(x, "runs"), 0) + ") | "
					+ f(d(x, "answeredPerSecond"), 0) + " | " + ms(d(x, "p50Ms")) + " / " + ms(d(x, "p99Ms")) + " | "
					+ f(d(x, "errors"), 0) + kinds(m(x, "errorsByKind")) + " | " + f(d(x, "shed"), 0)
					+ kinds(m(x, "shedByKind")) + " | " + f(d(x, "serverCpuMsPerAnsweredPoll"), 3) + " | "
					+ f(d(x, "serverCpuMicrosPerLoginSecond"), 0) + " | " + f(d(x, "serverCpuCores"), 2) + " | "
					+ f(d(x, "callsPerLoginPerInterval"), 3) + " | " + ms(d(x, "maxGapMs")) + " ("
					+ f(d(x, "sessionsPolled"), 0) + ", " + f(d(x, "sessionsOverGapLimit"), 0) + ") | "
					+ f(d(x, "peakThreads"), 0) + " | " + f(d(x, "heldRequestsMean"), 1) + " / "
					+ f(d(x, "heldRequestsMax"), 0) + " | " + f(d(x, "upstreamCpuCores"), 2) + " / "
					+ f(d(x, "driverCpuCores"), 2) + " / " + f(d(x, "otherProcessesCores"), 2) + " |");
		}
		out.add("");
		out.add("<details><summary>Every run</summary>");
		out.add("");
		out.add("| variant | run | pending (setup s, age at end s) | answered/s | processed/s | answered p10 / p50 / p90 / "
				+ "p99 / max ms | errors | shed | in flight at end (client mean) | upstream calls/login/interval "
				+ "(max per login in window) | largest gap ms | peak threads (Jetty busy max, queue max) | threads "
				+ "started | server CPU ms per answered poll | server CPU µs per login-second | CPU cores: server / "
				+ "upstream / driver / other processes | server cores by threads: JIT / GC / Jetty / library / JDK "
				+ "HTTP client / ended in the window / other |");
		out.add("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
		for (Map<String, Object> run : list(point, "runs")) {
			Map<String, Object> lat = m(run, "responseMs");
			Map<String, Object> pool = m(run, "server") == null ? null : m(m(run, "server"), "jettyPool");
			out.add("| " + v(run, "variant") + " | " + v(run, "run") + " | " + v(run, "pendingLogins") + " ("
					+ f(d(run, "setupSeconds"), 0) + ", " + f(d(run, "loginAgeSecondsAtEnd"), 0) + ") | "
					+ f(d(run, "answeredPerSecond"), 0) + " | " + f(d(run, "serverProcessedPerSecond"), 0) + " | "
					+ ms(d(lat, "p10")) + " / " + ms(d(lat, "p50")) + " / " + ms(d(lat, "p90")) + " / "
					+ ms(d(lat, "p99")) + " / " + ms(d(lat, "max")) + " | " + f(d(run, "errors"), 0)
					+ kinds(m(run, "errorsByKind")) + " | " + f(d(run, "shed"), 0) + kinds(m(run, "shedByKind"))
					+ " | " + f(d(run, "inFlightAtEnd"), 0) + " (" + f(d(run, "inFlightMean"), 1) + ") | "
					+ f(d(run, "upstream", "callsPerLoginPerInterval"), 3) + " ("
					+ f(d(run, "upstream", "maxCallsPerLoginInWindow"), 0) + ") | " + ms(d(run, "upstream", "maxGapMs"))
					+ " | " + f(d(run, "server", "peakThreads"), 0) + " (" + f(d(pool, "maxBusySeen"), 0) + ", "
					+ f(d(pool, "maxQueuedSeen"), 0) + ") | " + f(d(run, "server", "threadsStarted"), 0) + " | "
					+ f(d(run, "server", "cpuMsPerAnsweredPoll"), 3) + " | "
					+ f(d(run, "server", "cpuMicrosPerLoginSecond"), 0) + " | " + f(d(run, "cpuCores", "server"), 2)
					+ " / " + f(d(run, "cpuCores", "upstream"), 2) + " / " + f(d(run, "cpuCores", "driver"), 2) + " / "
					+ f(d(run, "cpuCores", "otherProcesses"), 2) + " | " + byThreads(m(m(run, "server"), "cpuCoresByThreads"))
					+ " |");
		}
		out.add("");
		out.add("Warm-up windows (answered polls/s, server CPU ms per answered poll, the server's JIT compiler threads' "
				+ "cores where measured): " + warmupFigures(warmups) + ".");
		out.add("");
		out.add("</details>");
		out.add("");
	}

	private static String warmupFigures(Map<String, Object> warmups) {
		if (warmups == null) {
			return "–";
		}
		List<String> parts = new ArrayList<>();
		warmups.forEach((name, w) -> {
			List<String> windows = new ArrayList<>();
			for (Map<String, Object> x : list(w, "figures")) {
				windows.add(f(d(x, "answeredPerSecond"), 0) + ", " + f(d(x, "serverCpuMsPerAnsweredPoll"), 3)
						+ ((x.get("jitCores") instanceof Number jit) ? ", JIT " + f(jit.doubleValue(), 2) : ""));
			}
			parts.add("`" + name + "` " + String.join(" → ", windows));
		});
		return String.join("; ", parts);
	}

	/** The server's cores by kind of thread ({@code PollingStep.serverCoresByThreads}), or – for older results. */
	private static String byThreads(Map<String, Object> cores) {
		if (cores == null || cores.isEmpty()) {
			return "–";
		}
		return String.join(" / ", java.util.stream.Stream
			.of("jit", "gc", "jetty", "tglogin", "httpClient", "endedThreads", "other")
			.map((kind) -> f(d(cores, kind), 2))
			.toList());
	}

	private static String kinds(Map<String, Object> kinds) {
		if (kinds == null || kinds.isEmpty()) {
			return "";
		}
		List<String> parts = new ArrayList<>();
		kinds.forEach((k, n) -> parts.add(k + " " + n));
		return " (" + String.join(", ", parts) + ")";
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
