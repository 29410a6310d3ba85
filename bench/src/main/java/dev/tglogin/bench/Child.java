package dev.tglogin.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jose.util.JSONObjectUtils;

/**
 * A child JVM started by the driver with the same {@code java} and class path: the server ({@link ServerMain}) or the
 * upstream ({@link UpstreamMain}). Its stdout and stderr go to a log file; the driver waits for its {@code READY}
 * line and talks to its control port. Closing it destroys exactly this process.
 */
final class Child implements AutoCloseable {

	private static final HttpClient CONTROL = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String name;

	private final Process process;

	private final Map<String, Integer> ports;

	private Child(String name, Process process, Map<String, Integer> ports) {
		this.name = name;
		this.process = process;
		this.ports = ports;
	}

	static Child start(String name, Class<?> main, List<String> jvmArgs, List<String> args, Path logDir)
			throws IOException {
		return start(name, main, List.of(), jvmArgs, args, logDir);
	}

	/**
	 * Starts a child JVM.
	 * @param prefix a command the {@code java} command is started through, e.g. {@code taskset -c 0} (it must exec
	 * it, so that the process is the JVM); {@code []} for none
	 */
	static Child start(String name, Class<?> main, List<String> prefix, List<String> jvmArgs, List<String> args,
			Path logDir) throws IOException {
		Files.createDirectories(logDir);
		List<String> command = new ArrayList<>(prefix);
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmArgs);
		command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(main.getName());
		command.addAll(args);
		Path log = logDir.resolve(name + ".log");
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		Process process = builder.start();
		PrintStream logOut = new PrintStream(Files.newOutputStream(log, StandardOpenOption.CREATE,
				StandardOpenOption.APPEND), true, StandardCharsets.UTF_8);
		logOut.println("# " + String.join(" ", command));
		CompletableFuture<Map<String, Integer>> ready = new CompletableFuture<>();
		Thread pump = new Thread(() -> {
			try (BufferedReader in = new BufferedReader(
					new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
				String line;
				while ((line = in.readLine()) != null) {
					logOut.println(line);
					if (line.startsWith("READY ") && !ready.isDone()) {
						Map<String, Integer> ports = new HashMap<>();
						for (String pair : line.substring(6).trim().split(" ")) {
							String[] kv = pair.split("=");
							ports.put(kv[0], Integer.parseInt(kv[1]));
						}
						ready.complete(ports);
					}
				}
			}
			catch (IOException ignored) {
				// the child ended
			}
			finally {
				ready.completeExceptionally(new IllegalStateException(name + " ended before it was ready; see " + log));
				logOut.close();
			}
		}, "child-" + name);
		pump.setDaemon(true);
		pump.start();
		try {
			return new Child(name, process, ready.get(90, TimeUnit.SECONDS));
		}
		catch (Exception ex) {
			process.destroyForcibly();
			throw new IllegalStateException(name + " did not start; see " + log, ex);
		}
	}

	long pid() {
		return this.process.pid();
	}

	int port(String key) {
		Integer port = this.ports.get(key);
		if (port == null) {
			throw new IllegalArgumentException(this.name + " has no port " + key);
		}
		return port;
	}

	/** GETs a control route and returns its JSON. */
	Map<String, Object> control(String route) {
		try {
			HttpResponse<String> response = CONTROL.send(
					HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port("control") + route))
						.timeout(Duration.ofSeconds(120))
						.build(),
					HttpResponse.BodyHandlers.ofString());
			return JSONObjectUtils.parse(response.body());
		}
		catch (IOException | ParseException ex) {
			throw new IllegalStateException(this.name + " control " + route + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
				this.process.waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
	}

}
