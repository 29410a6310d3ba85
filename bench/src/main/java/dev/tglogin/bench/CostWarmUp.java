package dev.tglogin.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The warm-up rule of the {@code cost} step (issue 16: "warm-up until three consecutive windows agree within ±10 %"):
 * warm-up rounds go on until, for each figure of a round, the last {@value #WINDOWS} rounds lie within ±10 % of their
 * median, or until the cap of rounds. The figures are those a goal is judged on: the thread CPU in the chain per
 * {@code GET /} and per poll from memory, the process CPU per {@code GET /} and per poll from memory, and the process
 * CPU per login-second of default polling (the CPU per upstream check is derived from the last two).
 */
final class CostWarmUp {

	/** How many consecutive rounds must agree. */
	static final int WINDOWS = 3;

	/** How far from their median each of them may be, as a fraction of it. */
	static final double TOLERANCE = 0.10;

	/** The figures of a round that must agree. */
	static final List<String> FIGURES = List.of("getChainMicros", "memoryChainMicros", "getProcessMicros",
			"memoryProcessMicros", "defaultMicrosPerLoginSecond", "jdkDefaultMicrosPerLoginSecond");

	private CostWarmUp() {
	}

	/** Whether the last {@value #WINDOWS} rounds agree on every figure (a missing or non-positive figure never does). */
	static boolean converged(List<Map<String, Double>> rounds) {
		if (rounds.size() < WINDOWS) {
			return false;
		}
		for (String figure : FIGURES) {
			if (!agree(last(rounds, figure))) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Per figure, the last {@value #WINDOWS} rounds (fewer if there were fewer): their values, median, and largest
	 * deviation from it as a fraction of it, and whether they agree.
	 */
	static Map<String, Object> lastWindows(List<Map<String, Double>> rounds) {
		Map<String, Object> out = new LinkedHashMap<>();
		for (String figure : FIGURES) {
			List<Double> values = last(rounds, figure);
			Map<String, Object> one = new LinkedHashMap<>();
			one.put("values", values);
			double median = Stats.median(values);
			one.put("median", Double.isNaN(median) ? null : median);
			double deviation = deviation(values);
			one.put("maxDeviation", Double.isNaN(deviation) ? null : deviation);
			one.put("agree", values.size() == WINDOWS && agree(values));
			out.put(figure, one);
		}
		return out;
	}

	private static List<Double> last(List<Map<String, Double>> rounds, String figure) {
		List<Double> values = new ArrayList<>();
		for (Map<String, Double> round : rounds.subList(Math.max(0, rounds.size() - WINDOWS), rounds.size())) {
			Double value = round.get(figure);
			values.add((value == null) ? Double.NaN : value);
		}
		return values;
	}

	private static boolean agree(List<Double> values) {
		double deviation = deviation(values);
		return values.size() == WINDOWS && !Double.isNaN(deviation) && deviation <= TOLERANCE;
	}

	/** The largest |value − median| ÷ median; NaN if a value is missing or the median is not positive. */
	private static double deviation(List<Double> values) {
		if (values.isEmpty() || values.stream().anyMatch((v) -> v == null || Double.isNaN(v))) {
			return Double.NaN;
		}
		double median = Stats.median(values);
		if (!(median > 0)) {
			return Double.NaN;
		}
		double max = 0;
		for (double v : values) {
			max = Math.max(max, Math.abs(v - median) / median);
		}
		return max;
	}

}
