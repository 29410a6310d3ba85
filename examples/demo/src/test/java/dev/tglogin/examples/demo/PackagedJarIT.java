package dev.tglogin.examples.demo;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.tglogin.examples.demo.DemoClient.Response;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged app as a user runs it: {@code java -jar target/tglogin-demo.jar} in a process of its own, with
 * standard property overrides on the command line, logged into over plain HTTP (cookies and CSRF, no browser).
 * Runs in {@code verify}, after {@code package} (failsafe).
 */
class PackagedJarIT {

	private static final Duration STARTUP = Duration.ofSeconds(120);

	@Test
	void packagedJarRunsWithPropertyOverridesAndLogsInOverPlainHttp() throws Exception {
		Path jar = Path.of(System.getProperty("demo.jar", "target/tglogin-demo.jar"));
		assertThat(jar).as("the packaged app (mvn package)").isRegularFile();
		int port = freePort();
		try (DemoProcess app = DemoProcess.start(jar, Path.of("target", "tglogin-demo-it.log"),
				"--server.port=" + port, "--server.address=127.0.0.1",
				// overrides a user would pass: where to land after login, a short emulated login lifetime; and, as
				// this client polls right after the confirmation instead of every 2 s, no upstream poll interval
				"--tglogin.success-url=/me", "--tglogin.emulator.session-lifetime=90s",
				"--tglogin.bondify.upstream-poll-interval=0s")) {
			URI base = URI.create("http://127.0.0.1:" + port);
			app.awaitAnswer(base.resolve("/"), STARTUP);

			DemoClient client = new DemoClient(base);
			assertThat(client.getJson("/me").status()).isEqualTo(401);

			client.openLoginPage();
			Response start = client.postJson("/login/telegram/start", "");
			assertThat(start.status()).isEqualTo(200);
			assertThat(start.field("deeplink")).startsWith(base + "/tglogin-emulator/telegram?start=");
			// the overridden lifetime, not Bondify's 10 minutes
			assertThat(Instant.parse(start.field("expiresAt"))).isBefore(Instant.now().plusSeconds(120));
			assertThat(client.postJson("/login/telegram/status", "").field("status")).isEqualTo("pending");

			assertThat(client.confirmInTelegram(start.field("deeplink"), "987654321", "Jar User", "jar_user").status())
				.isEqualTo(303);
			Response confirmed = client.postJson("/login/telegram/status", "");
			assertThat(confirmed.field("status")).isEqualTo("confirmed");
			assertThat(confirmed.field("redirectUrl")).isEqualTo("/me");

			Response me = client.getJson("/me");
			assertThat(me.status()).isEqualTo(200);
			JsonNode user = me.json();
			assertThat(user.get("name").asString()).isEqualTo("987654321");
			assertThat(user.get("telegramId").asString()).isEqualTo("987654321");
			assertThat(user.get("displayName").asString()).isEqualTo("Jar User");
			assertThat(user.get("username").asString()).isEqualTo("jar_user");
			assertThat(user.get("flow").asString()).isEqualTo("BONDIFY");
			assertThat(user.get("walletCreated").asBoolean()).isFalse();
		}
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	/**
	 * The app in a separate JVM, output to a log file; always stopped: by {@link #close()}, or by a shutdown hook if
	 * this JVM exits first. Stopping waits a bounded time, then kills.
	 */
	static final class DemoProcess implements AutoCloseable {

		private final Process process;

		private final Path log;

		private final Thread shutdownHook;

		private DemoProcess(Process process, Path log) {
			this.process = process;
			this.log = log;
			this.shutdownHook = new Thread(this::stop, "stop tglogin-demo");
			Runtime.getRuntime().addShutdownHook(this.shutdownHook);
		}

		static DemoProcess start(Path jar, Path log, String... args) throws IOException {
			return start(jar, log, List.of(), args);
		}

		static DemoProcess start(Path jar, Path log, List<String> jvmOptions, String... args) throws IOException {
			List<String> command = new ArrayList<>();
			command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
			command.addAll(jvmOptions);
			command.add("-jar");
			command.add(jar.toString());
			command.addAll(List.of(args));
			Files.createDirectories(log.toAbsolutePath().getParent());
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			return new DemoProcess(process, log);
		}

		/** Waits until the app answers 200 at the URL; fails early when the process dies. */
		void awaitAnswer(URI url, Duration timeout) throws Exception {
			Instant deadline = Instant.now().plus(timeout);
			DemoClient probe = new DemoClient(url.resolve("/"));
			while (Instant.now().isBefore(deadline)) {
				if (!this.process.isAlive()) {
					throw new AssertionError("the app exited with " + this.process.exitValue() + ":\n" + logTail());
				}
				try {
					if (probe.get(url.getPath()).status() == 200) {
						return;
					}
				}
				catch (IllegalStateException notYetListening) {
					// connection refused while the app starts
				}
				this.process.waitFor(250, TimeUnit.MILLISECONDS);
			}
			throw new AssertionError("the app did not answer within " + timeout + ":\n" + logTail());
		}

		private String logTail() {
			try {
				List<String> lines = Files.readAllLines(this.log, StandardCharsets.UTF_8);
				return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
			}
			catch (IOException ex) {
				return "(no log: " + ex + ")";
			}
		}

		/** The file the app's output goes to. */
		Path log() {
			return this.log;
		}

		/** Kills the app at once (SIGKILL), as a crashed instance: no shutdown, no last response. */
		void kill() throws InterruptedException {
			this.process.destroyForcibly();
			if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
				throw new AssertionError("the app did not die within 20s of SIGKILL");
			}
		}

		@Override
		public void close() {
			stop();
			try {
				Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
			}
			catch (IllegalStateException shuttingDown) {
				// the hook runs anyway
			}
		}

		private void stop() {
			if (!this.process.isAlive()) {
				return;
			}
			this.process.destroy();
			try {
				if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
					this.process.descendants().forEach(ProcessHandle::destroyForcibly);
					this.process.destroyForcibly();
					this.process.waitFor(10, TimeUnit.SECONDS);
				}
			}
			catch (InterruptedException ex) {
				this.process.destroyForcibly();
				Thread.currentThread().interrupt();
			}
		}

	}

}
