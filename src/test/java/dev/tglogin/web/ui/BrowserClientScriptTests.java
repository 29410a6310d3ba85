package dev.tglogin.web.ui;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.tglogin.emulator.BondifyEmulator;
import dev.tglogin.test.Browser.Response;
import dev.tglogin.test.EmulatorServer;
import dev.tglogin.test.TestApp;
import dev.tglogin.xellar.XellarClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.mockito.Mockito.mock;

/**
 * Runs the unit tests of the browser client with Node.js' built-in test runner: {@code src/test/js/tglogin.test.js}
 * (backoff, deadlines, URL checks and both login state machines against a fake clock and fetch) and
 * {@code tglogin.dom.test.js} (the script in a small fake DOM: the markup it builds, what the user sees, focus,
 * and the default login page as served here with both flows on). Node.js is optional: without {@code node} 18+ on
 * the {@code PATH} this test is skipped. No npm package is used.
 */
class BrowserClientScriptTests {

	private static final Path JS = Path.of("src", "test", "js");

	@Test
	void browserClientUnitTestsWhenNodeIsAvailableThenAllPass() throws Exception {
		assumeTrue(Files.isDirectory(JS), "run from the project directory");
		int major = nodeMajorVersion();
		assumeTrue(major >= 18, "Node.js 18+ is not on the PATH; skipping the browser client's unit tests");
		Path page = Files.createTempFile("tglogin-page", ".html");
		try {
			Files.writeString(page, defaultLoginPage());
			String output = runNode(page);
			assertThat(output).as(output).contains("# fail 0", "# skipped 0").doesNotContain("not ok");
		}
		finally {
			Files.deleteIfExists(page);
		}
	}

	private static String runNode(Path page) throws Exception {
		ProcessBuilder builder = new ProcessBuilder(List.of("node", "--test", JS.resolve("tglogin.test.js").toString(),
				JS.resolve("tglogin.dom.test.js").toString()))
			.redirectErrorStream(true);
		builder.environment().put("TGLOGIN_PAGE_HTML", page.toAbsolutePath().toString());
		builder.environment().remove("NODE_OPTIONS");
		Path log = Files.createTempFile("tglogin-node", ".log");
		try {
			Process node = builder.redirectOutput(log.toFile()).start();
			node.getOutputStream().close();
			boolean finished = node.waitFor(60, TimeUnit.SECONDS);
			if (!finished) {
				node.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
			String output = Files.readString(log, StandardCharsets.UTF_8);
			assertThat(finished).as("node --test finished in time: " + output).isTrue();
			assertThat(node.exitValue()).as(output).isZero();
			return output;
		}
		finally {
			Files.deleteIfExists(log);
		}
	}

	/** The default login page with both flows on, as a browser gets it. */
	private static String defaultLoginPage() throws Exception {
		XellarClient xellar = mock(XellarClient.class);
		try (EmulatorServer upstream = new EmulatorServer(BondifyEmulator.builder().projectId("proj_js").build());
				TestApp app = new TestApp((telegram) -> telegram
					.bondify((bondify) -> bondify.projectId("proj_js")
						.secret(upstream.bondify().secret())
						.baseUrl(upstream.baseUrl()))
					.xellar((x) -> x.client(xellar)))) {
			Response page = app.browser().get("/login/telegram");
			assertThat(page.status()).isEqualTo(200);
			return page.body();
		}
	}

	private static int nodeMajorVersion() throws InterruptedException {
		try {
			Process version = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
			String text = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
			if (!version.waitFor(10, TimeUnit.SECONDS) || version.exitValue() != 0) {
				return 0;
			}
			Matcher matcher = Pattern.compile("^v(\\d+)\\.").matcher(text);
			return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
		}
		catch (IOException ex) {
			return 0;
		}
	}

}
