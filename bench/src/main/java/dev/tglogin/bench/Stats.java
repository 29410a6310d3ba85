package dev.tglogin.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Percentiles (nearest rank) and medians. */
final class Stats {

	private Stats() {
	}

	/** The nearest-rank percentile of sorted values; {@code NaN} when empty. */
	static double percentile(long[] sorted, double p) {
		if (sorted.length == 0) {
			return Double.NaN;
		}
		int rank = (int) Math.ceil(p / 100.0 * sorted.length);
		return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
	}

	static double median(Collection<? extends Number> values) {
		List<Double> sorted = new ArrayList<>();
		for (Number n : values) {
			if (n != null && !Double.isNaN(n.doubleValue())) {
				sorted.add(n.doubleValue());
			}
		}
		if (sorted.isEmpty()) {
			return Double.NaN;
		}
		sorted.sort(Double::compare);
		int mid = sorted.size() / 2;
		return (sorted.size() % 2 == 1) ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2;
	}

	/** Latencies in nanoseconds (sorted) summarised in milliseconds. */
	static Map<String, Object> latencySummary(long[] sortedNanos) {
		Map<String, Object> out = new LinkedHashMap<>();
		out.put("count", sortedNanos.length);
		out.put("min", ms(sortedNanos.length > 0 ? sortedNanos[0] : Double.NaN));
		out.put("p10", ms(percentile(sortedNanos, 10)));
		out.put("p50", ms(percentile(sortedNanos, 50)));
		out.put("p90", ms(percentile(sortedNanos, 90)));
		out.put("p99", ms(percentile(sortedNanos, 99)));
		out.put("p999", ms(percentile(sortedNanos, 99.9)));
		out.put("max", ms(sortedNanos.length > 0 ? sortedNanos[sortedNanos.length - 1] : Double.NaN));
		double sum = 0;
		for (long v : sortedNanos) {
			sum += v;
		}
		out.put("mean", ms(sortedNanos.length > 0 ? sum / sortedNanos.length : Double.NaN));
		return out;
	}

	/** Milliseconds with microsecond precision, or {@code null} for no value (JSON has no NaN). */
	static Double ms(double nanos) {
		return Double.isNaN(nanos) ? null : Math.round(nanos / 1_000.0) / 1_000.0;
	}

}
