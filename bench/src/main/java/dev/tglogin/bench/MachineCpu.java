package dev.tglogin.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The whole machine's CPU use, from {@code /proc/stat}, so each measurement can say how busy the (shared) machine was
 * and how much of that was other processes: {@code others = machine - (the benchmark's own processes)}.
 */
final class MachineCpu {

	private static final int CORES = Runtime.getRuntime().availableProcessors();

	private static final double TICKS_PER_SECOND = 100.0;

	private final long busy;

	private final long total;

	private MachineCpu(long busy, long total) {
		this.busy = busy;
		this.total = total;
	}

	static MachineCpu now() {
		try {
			String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
			long total = 0;
			for (int i = 1; i < f.length && i <= 8; i++) {
				total += Long.parseLong(f[i]);
			}
			long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
			return new MachineCpu(total - idle, total);
		}
		catch (IOException | RuntimeException ex) {
			return new MachineCpu(0, 0);
		}
	}

	/** Busy cores (0 to nproc) between {@code earlier} and this sample. */
	double busyCoresSince(MachineCpu earlier) {
		long dt = this.total - earlier.total;
		return (dt <= 0) ? Double.NaN : CORES * (this.busy - earlier.busy) / (double) dt;
	}

	/** CPU time of this JVM's finished child processes (such as wrk), in nanoseconds, from {@code /proc/self/stat}. */
	static long reapedChildrenCpuNanos() {
		try {
			String stat = Files.readString(Path.of("/proc/self/stat"));
			String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			// fields 16 and 17 of stat (cutime, cstime) are at 13 and 14 after the command name
			return (long) ((Long.parseLong(f[13]) + Long.parseLong(f[14])) / TICKS_PER_SECOND * 1e9);
		}
		catch (IOException | RuntimeException ex) {
			return 0;
		}
	}

	/**
	 * Waits until the machine is quiet: busy below {@code maxBusyCores} over a 2 s sample, at most {@code maxWaitSeconds}.
	 * @return the busy cores of the last sample
	 */
	static double waitForQuiet(double maxBusyCores, int maxWaitSeconds) throws InterruptedException {
		long deadline = System.nanoTime() + maxWaitSeconds * 1_000_000_000L;
		double busy;
		boolean said = false;
		while (true) {
			MachineCpu before = now();
			Thread.sleep(2000);
			busy = now().busyCoresSince(before);
			if (busy <= maxBusyCores || System.nanoTime() >= deadline) {
				return busy;
			}
			if (!said) {
				System.out.printf("  (machine busy: %.2f of %d cores used by other processes; waiting up to %d s for "
						+ "it to calm down)%n", busy, CORES, maxWaitSeconds);
				said = true;
			}
		}
	}

}
