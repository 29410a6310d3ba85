package dev.tglogin.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Issue 16's pinning for the polling benchmark: the server JVM on one core ({@code taskset -c <core>} with
 * {@code -XX:ActiveProcessorCount=1}, so its pools size as on a small host), the load generator (this driver JVM,
 * every thread) and the emulator on another. Off ({@link #none()}) when {@code taskset} is missing or the driver may
 * use fewer than 2 cores.
 */
final class Pinning {

	private final boolean on;

	private final int serverCore;

	private final int loadCore;

	private final String why;

	private Pinning(boolean on, int serverCore, int loadCore, String why) {
		this.on = on;
		this.serverCore = serverCore;
		this.loadCore = loadCore;
		this.why = why;
	}

	/** No pinning, with the reason for the report. */
	static Pinning none(String why) {
		return new Pinning(false, -1, -1, why);
	}

	/**
	 * The pinning asked for: {@code "true"}, {@code "false"} or {@code null} (the default: on where possible). Asking
	 * for it where it is not possible fails, so that a run meant to be pinned is never silently unpinned.
	 */
	static Pinning of(String option) {
		boolean wanted = (option == null) || Boolean.parseBoolean(option);
		if (!wanted) {
			return none("--pin=false");
		}
		List<Integer> cores = allowedCores(ProcessHandle.current().pid());
		String problem = !onPath("taskset") ? "taskset not found"
				: (cores.size() < 2) ? "the driver may use " + cores.size() + " core(s), 2 are needed" : null;
		if (problem != null) {
			if (option != null) {
				throw new IllegalStateException("--pin=true but " + problem);
			}
			return none(problem);
		}
		return new Pinning(true, cores.get(0), cores.get(1), "taskset");
	}

	boolean on() {
		return this.on;
	}

	/** The command prefix that starts the server JVM on its core ({@code []} when not pinned). */
	List<String> serverPrefix() {
		return this.on ? List.of("taskset", "-c", Integer.toString(this.serverCore)) : List.of();
	}

	/** The server JVM's extra options: one active processor when pinned. */
	List<String> serverJvmArgs() {
		return this.on ? List.of("-XX:ActiveProcessorCount=1") : List.of();
	}

	/** The command prefix that starts the upstream (emulator) JVM on the load generator's core. */
	List<String> upstreamPrefix() {
		return this.on ? List.of("taskset", "-c", Integer.toString(this.loadCore)) : List.of();
	}

	/** Moves every thread of this driver JVM (the load generator) to its core; new threads inherit it. */
	void pinDriver() throws IOException, InterruptedException {
		if (!this.on) {
			return;
		}
		long pid = ProcessHandle.current().pid();
		Process p = new ProcessBuilder("taskset", "-a", "-p", "-c", Integer.toString(this.loadCore),
				Long.toString(pid)).redirectErrorStream(true).start();
		String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
		if (p.waitFor() != 0) {
			throw new IllegalStateException("taskset could not pin the driver: " + output);
		}
	}

	/** What the report says about it, with each process's affinity as the kernel reports it. */
	Map<String, Object> describe(Map<String, Long> processes) {
		Map<String, Object> out = new LinkedHashMap<>();
		out.put("pinned", this.on);
		if (!this.on) {
			out.put("why", this.why);
			return out;
		}
		out.put("serverCore", this.serverCore);
		out.put("driverAndUpstreamCore", this.loadCore);
		out.put("serverJvmArgs", String.join(" ", serverJvmArgs()));
		Map<String, Object> affinity = new LinkedHashMap<>();
		affinity.put("driver", cpusAllowed(ProcessHandle.current().pid()));
		processes.forEach((name, pid) -> affinity.put(name, cpusAllowed(pid)));
		out.put("cpusAllowed", affinity);
		return out;
	}

	/** {@code Cpus_allowed_list} of a process, as the kernel reports it, or {@code "?"}. */
	static String cpusAllowed(long pid) {
		try {
			for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
				if (line.startsWith("Cpus_allowed_list:")) {
					return line.substring(line.indexOf(':') + 1).trim();
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// not Linux, or the process ended
		}
		return "?";
	}

	/** The cores a process may run on, in order ({@code 0-1,4} is 0, 1, 4). */
	static List<Integer> allowedCores(long pid) {
		List<Integer> cores = new ArrayList<>();
		String list = cpusAllowed(pid);
		if ("?".equals(list)) {
			return cores;
		}
		for (String part : list.split(",")) {
			String[] range = part.trim().split("-");
			int from = Integer.parseInt(range[0]);
			int to = (range.length > 1) ? Integer.parseInt(range[1]) : from;
			for (int c = from; c <= to; c++) {
				cores.add(c);
			}
		}
		return cores;
	}

	private static boolean onPath(String program) {
		for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
			if (Files.isExecutable(Path.of(dir, program))) {
				return true;
			}
		}
		return false;
	}

}
