package dev.tglogin.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report's section for the {@code fcp} step ({@link FcpStep}): an unrelated {@code GET /} through
 * {@code FilterChainProxy.doFilter} with and without {@code telegramLogin()}, by JMH, with the goal of issue 16 (≤ 1.02×,
 * with and without a session), the CPU-time cross-check and the cost of each filter.
 */
final class FcpReport {

	private static final String[][] CASES = {
			{ "noSession", "no session (a first visit: no cookie)", "without a session" },
			{ "session", "a logged-in session (cookie; the session holds the `SecurityContext` and a CSRF token)",
					"with a session" } };

	private FcpReport() {
	}

	/**
	 * The summary's row for the section's one goal (≤ 1.02×, with and without a session), with the section's verdict;
	 * none when the results have no ratios.
	 */
	@SuppressWarnings("unchecked")
	static List<String> summaryRows(Map<String, Object> fcp) {
		Map<String, Object> ratios = (Map<String, Object>) fcp.get("ratios");
		if (ratios == null) {
			return List.of();
		}
		List<String> figures = new ArrayList<>();
		for (String[] c : CASES) {
			Map<String, Object> r = (Map<String, Object>) ratios.get(c[0]);
			if (r != null) {
				figures.add(c[2] + " " + f(r.get("ratio"), 3) + "× (" + interval(r.get("ratioLow"), r.get("ratioHigh"))
						+ ")");
			}
		}
		String verdict = verdict(fcp);
		return List.of("| unrelated `GET /` through `FilterChainProxy.doFilter`, with / without `telegramLogin()` "
				+ "(JMH) | " + String.join("; ", figures) + " | issue 16: ≤ 1.02×, with and without a session | "
				+ ("met".equals(verdict) ? "**yes**" : "undecided".equals(verdict) ? "**not decided** (§7)" : "**no**")
				+ " |");
	}

	/** The goal's verdict as the step decided it: {@code met}, {@code not met} or {@code undecided}. */
	private static String verdict(Map<String, Object> fcp) {
		return String.valueOf(fcp.getOrDefault("verdict", Boolean.TRUE.equals(fcp.get("met")) ? "met" : "not met"));
	}

	@SuppressWarnings("unchecked")
	static List<String> lines(Map<String, Object> fcp) {
		Map<String, Object> settings = (Map<String, Object>) fcp.get("settings");
		Map<String, Object> jmh = (Map<String, Object>) fcp.get("jmh");
		Map<String, Object> ratios = (Map<String, Object>) fcp.get("ratios");
		Map<String, Object> chains = (Map<String, Object>) fcp.get("chains");
		List<String> out = new ArrayList<>();
		out.add("`FilterChainBenchmark`: the bench app's own `SecurityFilterChain` (`BenchApp.SecurityConfig`: `/` and "
				+ "`/naive/**` public, the rest authenticated, Spring Security's defaults: CSRF, headers, session "
				+ "management, request cache, anonymous, logout) built in a Spring context on a `MockServletContext`, "
				+ "without (A) and with (B) `telegramLogin()` as the bench configures it (Bondify and Xellar flows); "
				+ "`FilterChainProxy.doFilter` for `GET /` with spring-test's mock request and response (made once, "
				+ "reset before each call), the app's page servlet behind the chain. Setup checks that every case "
				+ "answers the page (200, its bytes, Spring Security's headers) with the expected authentication, so a "
				+ "403 or a redirect cannot be measured by mistake. The with-session request carries the session "
				+ "cookie and its session holds a form login's `SecurityContext` (`UsernamePasswordAuthenticationToken`, "
				+ "`ROLE_USER`) and a CSRF token (`HttpSessionCsrfTokenRepository`); the chain must find both there and "
				+ "create no session without one. JMH: single thread, average time, "
				+ settings.get("forks") + " rounds; in each round every case runs in its own forked JVM (`"
				+ settings.get("jvmArgs") + "`, " + settings.get("warmupIterations") + " × 1 s warm-up, "
				+ settings.get("measurementIterations") + " × 1 s measurement), A and B of a session case back to back, "
				+ "the order alternating between rounds (A,B then B,A). Score ± error: JMH's mean and 99.9 % "
				+ "confidence interval over all measurement iterations of all rounds.");
		out.add("");
		out.add("| request | without `telegramLogin()`, ns/op | with, ns/op | ratio with / without (from the "
				+ "intervals) | per-round ratios | goal (issue 16) | met |");
		out.add("|---|---|---|---|---|---|---|");
		for (String[] c : CASES) {
			Map<String, Object> a = (Map<String, Object>) jmh.get("PLAIN/" + c[0]);
			Map<String, Object> b = (Map<String, Object>) jmh.get("TELEGRAM/" + c[0]);
			Map<String, Object> r = (Map<String, Object>) ratios.get(c[0]);
			if (a == null || b == null || r == null) {
				continue;
			}
			List<String> rounds = new ArrayList<>();
			for (Object x : (List<?>) r.get("pairedRoundRatios")) {
				rounds.add(f(x, 3));
			}
			out.add("| " + c[1] + " | " + f(a.get("score"), 0) + " ± " + f(a.get("error999"), 0) + " | "
					+ f(b.get("score"), 0) + " ± " + f(b.get("error999"), 0) + " | **" + f(r.get("ratio"), 3) + "×** ("
					+ interval(r.get("ratioLow"), r.get("ratioHigh")) + ") | " + String.join(", ", rounds)
					+ " | ≤ 1.02× | " + (Boolean.FALSE.equals(fcp.get("reliable")) ? "not decided"
							: Boolean.TRUE.equals(r.get("met")) ? "met" : "not met") + " |");
		}
		out.add("");
		String verdict = verdict(fcp);
		out.add("**Goal \"unrelated requests with / without the plugin ≤ 1.02× server CPU, by JMH on "
				+ "`FilterChainProxy.doFilter` (with and without a session)\": "
				+ ("undecided".equals(verdict) ? "not decided by this run" : verdict) + "** (decided by the ratio of "
				+ "JMH's scores, ≤ 1.02 in both cases, from a run JMH could measure: every case with an error below "
				+ "its score and a time per call at most " + FcpStep.RELIABLE_WALL_OVER_CPU + "× the cross-check's CPU "
				+ "time per call" + ("undecided".equals(verdict) ? "; not so here: " + String.join("; ",
						((List<?>) fcp.get("unreliableCases")).stream().map(String::valueOf).toList()) : "")
				+ ". The interval in brackets is the ratio's range allowed by the two errors, and the per-round ratios "
				+ "are the rounds' A/B pairs, for how much the machine moved).");
		out.add("");
		Map<String, Object> cpu = (Map<String, Object>) fcp.get("cpuTimeCheck");
		if (cpu != null) {
			Map<String, Object> ns = (Map<String, Object>) cpu.get("cpuNsPerOpMedian");
			Map<String, Object> cr = (Map<String, Object>) cpu.get("ratios");
			StringBuilder s = new StringBuilder("Cross-check by CPU time (it does not decide: no JMH protections, "
					+ "in the driver JVM), less disturbed by other processes: the four cases interleaved in "
					+ cpu.get("rounds") + " rounds of " + f(cpu.get("opsPerRoundPerPath"), 0) + " calls each (after "
					+ cpu.get("warmupRounds") + " warm-up rounds), timed by the thread's CPU time, medians over rounds:");
			for (String[] c : CASES) {
				Map<String, Object> r = (Map<String, Object>) cr.get(c[0]);
				s.append(" ").append(c[2]).append(" ")
					.append(f(ns.get("PLAIN/" + c[0]), 0)).append(" → ").append(f(ns.get("TELEGRAM/" + c[0]), 0))
					.append(" ns, ratio ").append(f(r.get("median"), 3)).append("× (rounds ").append(f(r.get("min"), 3))
					.append(" – ").append(f(r.get("max"), 3)).append(")").append(c[0].equals("session") ? "." : ";");
			}
			out.add(s.toString());
			out.add("");
			double worst = 0;
			for (String[] c : CASES) {
				for (String flavor : new String[] { "PLAIN/", "TELEGRAM/" }) {
					Map<String, Object> j = (Map<String, Object>) jmh.get(flavor + c[0]);
					if (j != null && ns.get(flavor + c[0]) instanceof Number n) {
						worst = Math.max(worst, ((Number) j.get("score")).doubleValue() / n.doubleValue());
					}
				}
			}
			if (worst > FcpStep.RELIABLE_WALL_OVER_CPU) {
				out.add("**JMH's figures from this run are not reliable:** its wall-clock times per call are up to "
						+ f(worst, 1) + "× the CPU time per call of the cross-check, so the forks waited for a core "
						+ "or ran code the starved JIT compiler had not optimised yet (other processes used "
						+ f(((Map<String, Object>) fcp.get("settings")).get("otherProcessesCoresBefore"), 1)
						+ " cores before the step; load average in the line above). The goal is decided by JMH, as the "
						+ "issue says, so this run decides nothing: re-run `bash bench/run.sh --only fcp` on a quiet "
						+ "machine.");
				out.add("");
			}
		}
		Map<String, Object> costs = (Map<String, Object>) fcp.get("filterCosts");
		if (costs != null) {
			out.addAll(filterCosts(costs, (List<?>) chains.get("addedByTelegramLogin")));
		}
		return out;
	}

	@SuppressWarnings("unchecked")
	private static List<String> filterCosts(Map<String, Object> costs, List<?> added) {
		List<String> out = new ArrayList<>();
		Map<String, Object> variants = (Map<String, Object>) costs.get("cpuNsPerOpMedian");
		Map<String, Object> perFilter = (Map<String, Object>) costs.get("perFilterNs");
		out.add("Where the difference comes from (`FcpFilterCosts`, a diagnostic by CPU time like the cross-check: "
				+ costs.get("rounds") + " interleaved rounds of " + f(costs.get("opsPerRoundPerVariant"), 0)
				+ " requests, alternately without and with the session). `telegramLogin()` adds "
				+ added.size() + ((added.size() == 1) ? " filter" : " filters") + " to the chain ("
				+ String.join(", ", added.stream().map((n) -> "`"
						+ String.valueOf(n).substring(String.valueOf(n).lastIndexOf('.') + 1) + "`").toList())
				+ endpoints(costs) + "); variants of B's chain, built from its own filter instances:");
		out.add("");
		out.add("| chain | CPU ns per request (median) |");
		out.add("|---|---|");
		variants.forEach((name, ns) -> {
			if (!perFilter.containsKey(name)) {
				out.add("| " + name + " | " + f(ns, 0) + " |");
			}
		});
		out.add("");
		boolean one = costs.get("libraryFilterCount") instanceof Number n && n.intValue() == 1;
		out.add("The library's " + (one ? "filter costs " : costs.get("libraryFilterCount") + " filters cost ")
				+ f(costs.get("libraryFiltersNs"), 0) + " ns per unrelated request (all − none of the library's); "
				+ (one ? "a filter" : "as many filters") + " that only pass" + (one ? "es" : "")
				+ " the request on cost" + (one ? "s " : " ") + f(costs.get("passThroughFiltersNs"), 0) + " ns, so "
				+ f(costs.get("libraryOverPassThroughNs"), 0) + " ns is the library's own work (its looks at the "
				+ "request: matchers, Spring's once-per-request bookkeeping, the wrapped request's accessors). Each "
				+ "filter alone (all − all without it; noisy, and the parts do not add up exactly to the whole):");
		out.add("");
		out.add("| filter | CPU ns per request |");
		out.add("|---|---|");
		perFilter.forEach((name, ns) -> out.add("| `" + name + "` | " + f(ns, 0) + " |"));
		out.add("");
		if (costs.get("flatOverGateNs") != null) {
			out.add("The same endpoint filters one by one in the chain, as before they went behind "
					+ "`TelegramLoginEndpointsFilter` (the variant \"" + costs.get("flatName") + "\"), cost "
					+ f(costs.get("flatOverGateNs"), 0) + " ns more per unrelated request than behind it "
					+ "(the median over rounds of the difference).");
			out.add("");
		}
		return out;
	}

	/** The endpoint filters behind {@code TelegramLoginEndpointsFilter}, if the run recorded them. */
	private static String endpoints(Map<String, Object> costs) {
		return (costs.get("endpointFilters") instanceof List<?> names && !names.isEmpty())
				? ", which runs the endpoints' " + names.size() + " filters only for a request one of them matches: "
						+ String.join(", ", names.stream().map((n) -> "`" + n + "`").toList())
				: "";
	}

	/** The ratio's range from the two errors, unless an error is as large as its score (then there is none). */
	private static String interval(Object low, Object high) {
		return (low instanceof Number l && l.doubleValue() > 0 && high instanceof Number h && h.doubleValue() > 0)
				? f(low, 3) + " – " + f(high, 3) : "no range: an error ≥ its score";
	}

	private static String f(Object value, int decimals) {
		return (value instanceof Number n && !Double.isNaN(n.doubleValue()) && !Double.isInfinite(n.doubleValue()))
				? String.format(Locale.ROOT, "%,." + decimals + "f", n.doubleValue()) : "–";
	}

}
