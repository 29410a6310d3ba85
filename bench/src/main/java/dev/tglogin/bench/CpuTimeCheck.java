package dev.tglogin.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A cross-check of the JMH figures that a busy machine disturbs less: the same benchmark methods, interleaved in
 * rounds (a, b, c, then b, c, a, ...), each timed by this thread's CPU time ({@link ThreadMXBean}) rather than by the
 * wall clock, so time spent waiting for a core while other processes run does not count. Per-round ratios, medians
 * over rounds. It has no JMH protections (no forks, no blackhole: results are consumed by a checksum), so it is a
 * cross-check, not the figure.
 */
final class CpuTimeCheck {

	private CpuTimeCheck() {
	}

	static Map<String, Object> run(int warmupRounds, int rounds, int opsPerRound) throws Exception {
		ProofAuthenticationBenchmark b = new ProofAuthenticationBenchmark();
		b.setUp();
		Map<String, Supplier<Object>> paths = new LinkedHashMap<>();
		paths.put("tglogin", b::tglogin);
		paths.put("springJwt", b::springJwt);
		paths.put("hmacFloor", b::hmacFloor);
		paths.put("hmacFloorNewMac", () -> {
			try {
				return b.hmacFloorNewMac();
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
		List<String> names = new ArrayList<>(paths.keySet());
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		Map<String, List<Double>> nsPerOp = new LinkedHashMap<>();
		names.forEach((n) -> nsPerOp.put(n, new ArrayList<>()));
		List<Double> aOverB = new ArrayList<>();
		List<Double> aOverC = new ArrayList<>();
		List<Double> bOverC = new ArrayList<>();
		List<Double> newMacOverC = new ArrayList<>();
		long checksum = 0;
		for (int round = 0; round < warmupRounds + rounds; round++) {
			Map<String, Double> thisRound = new LinkedHashMap<>();
			for (int k = 0; k < names.size(); k++) {
				String name = names.get((round + k) % names.size());
				Supplier<Object> path = paths.get(name);
				long c0 = threads.getCurrentThreadCpuTime();
				for (int i = 0; i < opsPerRound; i++) {
					checksum += path.get().hashCode();
				}
				thisRound.put(name, (threads.getCurrentThreadCpuTime() - c0) / (double) opsPerRound);
			}
			if (round >= warmupRounds) {
				thisRound.forEach((name, ns) -> nsPerOp.get(name).add(ns));
				aOverB.add(thisRound.get("tglogin") / thisRound.get("springJwt"));
				aOverC.add(thisRound.get("tglogin") / thisRound.get("hmacFloor"));
				bOverC.add(thisRound.get("springJwt") / thisRound.get("hmacFloor"));
				newMacOverC.add(thisRound.get("hmacFloorNewMac") / thisRound.get("hmacFloor"));
			}
		}
		Map<String, Object> out = new LinkedHashMap<>();
		out.put("warmupRounds", warmupRounds);
		out.put("rounds", rounds);
		out.put("opsPerRoundPerPath", opsPerRound);
		Map<String, Object> medians = new LinkedHashMap<>();
		nsPerOp.forEach((name, values) -> medians.put(name, Stats.median(values)));
		out.put("cpuNsPerOpMedian", medians);
		out.put("ratioAOverBMedian", Stats.median(aOverB));
		out.put("ratioAOverCMedian", Stats.median(aOverC));
		out.put("ratioBOverCMedian", Stats.median(bOverC));
		out.put("ratioNewMacOverCMedian", Stats.median(newMacOverC));
		out.put("ratioAOverBRange", List.of(aOverB.stream().mapToDouble(Double::doubleValue).min().orElse(0),
				aOverB.stream().mapToDouble(Double::doubleValue).max().orElse(0)));
		out.put("checksum", checksum);
		return out;
	}

}
