package dev.tglogin.examples.existing.browser;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * JUnit extension that gives each test a fresh headless Chromium as a {@link WebDriver} parameter.
 * <p>
 * The browser is the system's Chromium and ChromeDriver (Debian: {@code apt-get install chromium chromium-driver}),
 * found at {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver} or on the {@code PATH}, or set with
 * {@code -Dchromium.binary=...} and {@code -Dchromedriver.path=...}. Both paths are given to Selenium explicitly, so
 * Selenium Manager never tries to download a browser or driver. Without them each test is skipped with a message
 * saying so (a JUnit assumption), except under CI ({@code CI=true}), where a missing browser fails: CI installs it.
 * <p>
 * Each browser gets a new temporary profile ({@code --user-data-dir}), deleted afterwards. When a test fails, a
 * screenshot and the HTML of every open tab are written to {@code target/browser-failures/}.
 */
public final class Chromium implements BeforeAllCallback, BeforeEachCallback, ParameterResolver,
		AfterTestExecutionCallback, AfterEachCallback {

	/** Where screenshots of failed tests go. */
	static final Path FAILURES = Path.of("target", "browser-failures");

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(Chromium.class);

	/**
	 * Selenium warns on every start that it has no DevTools (CDP) module for this Chromium version; the tests use
	 * WebDriver only, so that is noise. Kept here so that the loggers (weakly referenced by java.util.logging) stay.
	 */
	private static final List<Logger> QUIET = quiet("org.openqa.selenium.devtools.CdpVersionFinder",
			"org.openqa.selenium.chromium.ChromiumDriver");

	private static final String[] ARGUMENTS = { "--headless=new", "--no-sandbox", "--disable-gpu",
			"--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update",
			"--disable-sync", "--no-first-run", "--window-size=1280,1024" };

	@Override
	public void beforeAll(ExtensionContext context) {
		String missing = missing();
		if (missing != null && "true".equalsIgnoreCase(System.getenv("CI"))) {
			throw new IllegalStateException("Browser tests cannot run on CI: " + missing);
		}
		if (missing != null) {
			System.err.println("[tglogin existing-app] " + context.getRequiredTestClass().getSimpleName()
					+ ": browser tests skipped: " + missing);
		}
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		String missing = missing();
		Assumptions.assumeTrue(missing == null, () -> "Browser test skipped: " + missing);
	}

	/** Why there is no browser to run, or {@code null} when there is one. */
	private static String missing() {
		if (chromiumBinary() != null && driverBinary() != null) {
			return null;
		}
		return ((chromiumBinary() == null) ? "no Chromium" : "no ChromeDriver")
				+ " found (looked at -Dchromium.binary / -Dchromedriver.path, /usr/bin and the PATH). "
				+ "Install them with: apt-get install chromium chromium-driver";
	}

	@Override
	public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
		return parameter.getParameter().getType() == WebDriver.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
		return context.getStore(NAMESPACE).computeIfAbsent(Browser.class, (key) -> Browser.start(), Browser.class)
			.driver();
	}

	@Override
	public void afterTestExecution(ExtensionContext context) {
		Browser browser = context.getStore(NAMESPACE).get(Browser.class, Browser.class);
		if (browser != null && context.getExecutionException().isPresent()) {
			browser.saveFailure(
					context.getRequiredTestClass().getSimpleName() + "." + context.getRequiredTestMethod().getName());
		}
	}

	@Override
	public void afterEach(ExtensionContext context) {
		Browser browser = context.getStore(NAMESPACE).remove(Browser.class, Browser.class);
		if (browser != null) {
			browser.quit();
		}
	}

	private static List<Logger> quiet(String... names) {
		List<Logger> loggers = new ArrayList<>();
		for (String name : names) {
			Logger logger = Logger.getLogger(name);
			logger.setLevel(Level.SEVERE);
			loggers.add(logger);
		}
		return loggers;
	}

	private static Path chromiumBinary() {
		return find("chromium.binary", "/usr/bin/chromium", "chromium", "chromium-browser");
	}

	private static Path driverBinary() {
		return find("chromedriver.path", "/usr/bin/chromedriver", "chromedriver");
	}

	/** The file named by the system property, else the default path, else the first name found on the PATH. */
	private static Path find(String property, String defaultPath, String... names) {
		String configured = System.getProperty(property);
		if (configured != null && !configured.isBlank()) {
			Path path = Path.of(configured);
			return Files.isExecutable(path) ? path : null;
		}
		if (Files.isExecutable(Path.of(defaultPath))) {
			return Path.of(defaultPath);
		}
		String pathVariable = System.getenv("PATH");
		for (String dir : (pathVariable != null) ? pathVariable.split(File.pathSeparator) : new String[0]) {
			for (String name : names) {
				Path candidate = Path.of(dir, name);
				if (!dir.isEmpty() && Files.isExecutable(candidate)) {
					return candidate;
				}
			}
		}
		return null;
	}

	/** One running browser and its temporary profile. */
	private record Browser(ChromeDriver driver, Path profile) {

		static Browser start() {
			Path binary = chromiumBinary();
			Path driverPath = driverBinary();
			Path profile;
			try {
				profile = Files.createTempDirectory("tglogin-chromium-");
			}
			catch (IOException ex) {
				throw new IllegalStateException("Cannot create a Chromium profile directory", ex);
			}
			ChromeOptions options = new ChromeOptions();
			options.setBinary(binary.toFile());
			options.addArguments(ARGUMENTS);
			options.addArguments("--user-data-dir=" + profile);
			ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driverPath.toFile())
				.usingAnyFreePort()
				.build();
			ChromeDriver driver = new ChromeDriver(service, options);
			driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
			driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
			return new Browser(driver, profile);
		}

		void saveFailure(String name) {
			try {
				Files.createDirectories(FAILURES);
				List<String> tabs = new ArrayList<>(this.driver.getWindowHandles());
				for (int i = 0; i < tabs.size(); i++) {
					String file = name + ((tabs.size() > 1) ? "-tab" + (i + 1) : "");
					this.driver.switchTo().window(tabs.get(i));
					Files.write(FAILURES.resolve(file + ".png"), this.driver.getScreenshotAs(OutputType.BYTES));
					Files.writeString(FAILURES.resolve(file + ".html"),
							"<!-- " + this.driver.getCurrentUrl() + " -->\n" + this.driver.getPageSource());
					System.err.println("[tglogin existing-app] screenshot of the failed test: "
							+ FAILURES.resolve(file + ".png").toAbsolutePath());
				}
			}
			catch (IOException | RuntimeException ex) {
				System.err.println("[tglogin existing-app] could not save a screenshot of " + name + ": " + ex);
			}
		}

		void quit() {
			try {
				this.driver.quit();
			}
			finally {
				try (Stream<Path> files = Files.walk(this.profile)) {
					files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
				}
				catch (IOException ex) {
					// a temporary directory: best effort
				}
			}
		}

	}

}
