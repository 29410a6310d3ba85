package dev.tglogin.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;

/**
 * One JSON file per benchmark step in {@code bench/results/}: what was measured, with the command, the date, the
 * machine and the settings, so the report can be rebuilt from the files and one step re-run alone.
 */
final class Results {

	private Results() {
	}

	static Map<String, Object> header(String step, String command, String rerun, Map<String, Object> settings) {
		Map<String, Object> out = new LinkedHashMap<>();
		out.put("step", step);
		out.put("command", command);
		out.put("rerun", rerun);
		out.put("date", ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
		out.put("machine", machine());
		out.put("settings", settings);
		return out;
	}

	static Map<String, Object> machine() {
		Map<String, Object> out = new LinkedHashMap<>();
		out.put("nproc", Runtime.getRuntime().availableProcessors());
		out.put("cpu", cpuModel());
		out.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + " ("
				+ System.getProperty("java.vm.vendor") + ")");
		out.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
				+ System.getProperty("os.arch"));
		out.put("memoryMiB", memoryMiB());
		out.put("loadAverage", loadAverage());
		out.put("libraryCommit", System.getProperty("bench.commit", "unknown"));
		return out;
	}

	static String loadAverage() {
		try {
			String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
			return parts[0] + " " + parts[1] + " " + parts[2];
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

	private static String cpuModel() {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
				if (line.startsWith("model name")) {
					return line.substring(line.indexOf(':') + 1).trim();
				}
			}
		}
		catch (IOException ignored) {
		}
		return "unknown";
	}

	private static Long memoryMiB() {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
				if (line.startsWith("MemTotal:")) {
					return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
				}
			}
		}
		catch (IOException | NumberFormatException ignored) {
		}
		return null;
	}

	static void write(Path file, Map<String, Object> json) throws IOException {
		Files.createDirectories(file.getParent());
		StringBuilder out = new StringBuilder();
		pretty(json, out, "");
		Files.writeString(file, out.append('\n').toString(), StandardCharsets.UTF_8);
	}

	static Map<String, Object> read(Path file) throws IOException {
		try {
			return JSONObjectUtils.parse(Files.readString(file, StandardCharsets.UTF_8));
		}
		catch (ParseException ex) {
			throw new IOException("not JSON: " + file, ex);
		}
	}

	@SuppressWarnings("unchecked")
	private static void pretty(Object value, StringBuilder out, String indent) {
		if (value instanceof Map<?, ?> map) {
			if (map.isEmpty()) {
				out.append("{}");
				return;
			}
			out.append("{\n");
			int i = 0;
			for (Map.Entry<?, ?> e : map.entrySet()) {
				out.append(indent).append("  ").append(JSONObjectUtils.toJSONString(Map.of("k", e.getKey()))
					.replaceFirst("^\\{\"k\":", "").replaceFirst("}$", "")).append(": ");
				pretty(e.getValue(), out, indent + "  ");
				out.append(++i < map.size() ? ",\n" : "\n");
			}
			out.append(indent).append('}');
		}
		else if (value instanceof List<?> list) {
			boolean flat = list.stream().noneMatch((v) -> v instanceof Map || v instanceof List);
			if (flat) {
				out.append('[');
				for (int i = 0; i < list.size(); i++) {
					out.append(i > 0 ? ", " : "");
					pretty(list.get(i), out, indent);
				}
				out.append(']');
				return;
			}
			out.append("[\n");
			for (int i = 0; i < list.size(); i++) {
				out.append(indent).append("  ");
				pretty(list.get(i), out, indent + "  ");
				out.append(i + 1 < list.size() ? ",\n" : "\n");
			}
			out.append(indent).append(']');
		}
		else if (value instanceof Double d && (d.isNaN() || d.isInfinite())) {
			out.append("null");
		}
		else {
			String json = JSONObjectUtils.toJSONString(Map.of("v", value == null ? "" : value));
			out.append(value == null ? "null" : json.substring(5, json.length() - 1));
		}
	}

}
