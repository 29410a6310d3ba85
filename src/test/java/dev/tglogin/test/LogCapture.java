package dev.tglogin.test;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Captures every log line of the whole test run and checks it for secrets in clear.
 * <p>
 * Registered as a JUnit Platform {@link LauncherSessionListener} (in {@code META-INF/services}), so it is on before
 * the first test of any engine (Jupiter and jqwik) and off after the last. It tees {@code System.out} and
 * {@code System.err} (the tests log through slf4j-simple to stderr) and adds a {@code java.util.logging} handler on
 * the root logger, so JUL records are captured whatever their console handler does.
 * <p>
 * Secrets are registered as they appear: the harness registers the emulator's signing secret and client secret and
 * every token the emulator hands out or receives ({@link EmulatorServer}); tests register what they make themselves
 * ({@link #secret(String, String)}); and the OTPs are read back from the emulator's own log lines. When the session
 * closes, every captured record is checked ({@link #leaks()}); a leak fails the run.
 * <p>
 * The emulator's loggers ({@code dev.tglogin.emulator.*}) are left out of the check on purpose: the emulator plays
 * the upstream and the user's Telegram app, and logs each OTP so a developer can type it ("Xellar emulator OTP for
 * ..."), as its banner warns. Those lines are where the check learns the OTPs from.
 */
public final class LogCapture implements LauncherSessionListener {

	/** A record's first line in slf4j-simple's format, or ours for JUL: {@code [thread] LEVEL logger - message}. */
	private static final Pattern RECORD = Pattern.compile("^\\[([^\\]]*)\\] (TRACE|DEBUG|INFO|WARN|ERROR|JUL-[A-Z]+) (\\S+) - (.*)$");

	private static final Pattern EMULATOR_OTP = Pattern.compile("OTP for \\S+: ([0-9]{4,10})");

	private static final Pattern TELEGRAM_USER_ID = Pattern.compile("TelegramUser\\[id=[0-9]+");

	private static final Pattern NUMBER = Pattern.compile("(?<![0-9])[0-9]{4,10}(?![0-9])");

	/** A log reference ({@code StoreKeys.logRef}: 12 hex digits), whose digit runs may equal an OTP by chance. */
	private static final Pattern LOG_REF = Pattern.compile("(?<![0-9A-Za-z])[0-9a-f]{12}(?![0-9A-Za-z])");

	/**
	 * A random identifier (an HTTP session id such as Jetty's {@code node01hvh0i2l5t3o2s1dsb6p0szj30}, a request id): at
	 * least 16 letters and digits, both, whose digit runs may equal an OTP by chance.
	 */
	private static final Pattern RANDOM_ID = Pattern
		.compile("(?<![0-9A-Za-z])(?=[0-9A-Za-z]*[A-Za-z])(?=[0-9A-Za-z]*[0-9])[0-9A-Za-z]{16,}(?![0-9A-Za-z])");

	private static final String EMULATOR_LOGGERS = "dev.tglogin.emulator.";

	/** Most bytes kept; a run that logs more fails the check rather than silently stop checking. */
	private static final int MAX_BYTES = 256 * 1024 * 1024;

	private static final Object lock = new Object();

	private static final ByteArrayOutputStream captured = new ByteArrayOutputStream(1 << 20);

	private static final Map<String, String> secrets = new LinkedHashMap<>();

	private static volatile boolean active;

	private static boolean overflow;

	private static PrintStream originalOut;

	private static PrintStream originalErr;

	private static Handler julHandler;

	@Override
	public void launcherSessionOpened(LauncherSession session) {
		start();
	}

	@Override
	public void launcherSessionClosed(LauncherSession session) {
		List<String> leaks = leaks();
		stop();
		if (!leaks.isEmpty()) {
			String report = "LogCapture: secrets in clear in the test logs:\n  " + String.join("\n  ", leaks);
			System.err.println(report);
			throw new AssertionError(report);
		}
		System.err.println("LogCapture: " + stats());
	}

	/** Starts capturing (idempotent). */
	public static void start() {
		synchronized (lock) {
			if (active) {
				return;
			}
			active = true;
			Charset charset = Charset.defaultCharset();
			originalOut = System.out;
			originalErr = System.err;
			System.setOut(new PrintStream(new Tee(originalOut), true, charset));
			System.setErr(new PrintStream(new Tee(originalErr), true, charset));
			julHandler = new Handler() {

				@Override
				public void publish(LogRecord record) {
					if (!isLoggable(record)) {
						return;
					}
					StringBuilder line = new StringBuilder().append('[').append(Thread.currentThread().getName())
						.append("] JUL-").append(record.getLevel().getName()).append(' ').append(record.getLoggerName())
						.append(" - ").append(new java.util.logging.SimpleFormatter().formatMessage(record)).append('\n');
					if (record.getThrown() != null) {
						java.io.StringWriter trace = new java.io.StringWriter();
						record.getThrown().printStackTrace(new java.io.PrintWriter(trace));
						line.append(trace);
					}
					append(line.toString().getBytes(charset));
				}

				@Override
				public void flush() {
				}

				@Override
				public void close() {
				}

			};
			julHandler.setLevel(Level.ALL);
			Logger.getLogger("").addHandler(julHandler);
		}
	}

	private static void stop() {
		synchronized (lock) {
			if (!active) {
				return;
			}
			active = false;
			System.out.flush();
			System.err.flush();
			System.setOut(originalOut);
			System.setErr(originalErr);
			Logger.getLogger("").removeHandler(julHandler);
		}
	}

	/** Whether capture is on (it is in any run through the JUnit Platform launcher). */
	public static boolean isActive() {
		return active;
	}

	/**
	 * Registers a value that must never appear in a log line (outside the emulator's).
	 * @param what what it is, for the report (never the value)
	 * @param value the value; values shorter than 6 characters are ignored
	 */
	public static void secret(String what, String value) {
		if (value == null || value.length() < 6) {
			return;
		}
		synchronized (lock) {
			secrets.putIfAbsent(value, what);
		}
	}

	/** Registers a binary secret in the spellings it could be logged in: hex, base64, base64url. */
	public static void secret(String what, byte[] value) {
		secret(what + " (hex)", HexFormat.of().formatHex(value));
		secret(what + " (base64)", Base64.getEncoder().withoutPadding().encodeToString(value));
		secret(what + " (base64url)", Base64.getUrlEncoder().withoutPadding().encodeToString(value));
		String text = new String(value, java.nio.charset.StandardCharsets.ISO_8859_1);
		if (text.chars().allMatch((c) -> c >= 0x20 && c < 0x7f)) {
			secret(what, text);
		}
	}

	/** Returns the position of the end of what was captured so far. */
	public static int mark() {
		synchronized (lock) {
			System.err.flush();
			System.out.flush();
			return captured.size();
		}
	}

	/** Returns the text captured since a {@link #mark()}. */
	public static String since(int mark) {
		synchronized (lock) {
			System.err.flush();
			System.out.flush();
			byte[] all = captured.toByteArray();
			return new String(all, mark, all.length - mark, Charset.defaultCharset());
		}
	}

	/** Returns all text captured so far. */
	public static String text() {
		return since(0);
	}

	/**
	 * Checks everything captured so far: every registered secret, every proof and token the harness saw, and every OTP
	 * the emulator issued, in every record but the emulator's own.
	 * @return one line per leak found (naming what leaked and the logger, never the value), empty when clean
	 */
	public static List<String> leaks() {
		return leaks(text());
	}

	/**
	 * Checks the given captured text.
	 * @param text the captured text
	 * @return the leaks found
	 */
	public static List<String> leaks(String text) {
		List<String> leaks = new ArrayList<>();
		if (overflow) {
			leaks.add("more than " + MAX_BYTES + " bytes of logs: the rest was not checked");
		}
		List<String[]> records = records(text);
		List<String> otps = new ArrayList<>();
		for (String[] record : records) {
			if (record[0].startsWith(EMULATOR_LOGGERS)) {
				Matcher otp = EMULATOR_OTP.matcher(record[1]);
				while (otp.find()) {
					otps.add(otp.group(1));
				}
			}
		}
		Map<String, String> values;
		synchronized (lock) {
			values = new LinkedHashMap<>(secrets);
		}
		java.util.Set<String> otpSet = new java.util.HashSet<>(otps);
		// every secret is at least 6 characters: index them by their first 6, then slide over each record once
		Map<String, List<String>> byPrefix = new java.util.HashMap<>();
		values.keySet().forEach((value) -> byPrefix.computeIfAbsent(value.substring(0, 6), (k) -> new ArrayList<>())
			.add(value));
		for (String[] record : records) {
			String logger = record[0];
			String body = record[1];
			if (logger.startsWith(EMULATOR_LOGGERS)) {
				continue;
			}
			for (int i = 0; i + 6 <= body.length(); i++) {
				List<String> candidates = byPrefix.get(body.substring(i, i + 6));
				if (candidates != null) {
					for (String value : candidates) {
						if (body.startsWith(value, i)) {
							leaks.add(values.get(value) + " in a record of " + logger);
						}
					}
				}
			}
			if (!logger.startsWith("org.eclipse.jetty.")) {
				// Jetty prints bare numbers of its own (uptime in ms); nothing of a login reaches its log lines
				// a Telegram user's id is a number too and may equal an issued OTP by chance (a 6-digit test id did)
				// and so may a run of digits inside a login's hashed log reference (CI saw "832307" in 832307e1c156)
				// or inside an HTTP session id (CI saw one in Spring Security's "Changed session id" debug line)
				String scanned = LOG_REF.matcher(TELEGRAM_USER_ID.matcher(body).replaceAll("TelegramUser[id=#"))
					.replaceAll("#ref");
				scanned = RANDOM_ID.matcher(scanned).replaceAll("#id");
				Matcher number = NUMBER.matcher(scanned);
				while (number.find()) {
					if (otpSet.contains(number.group())) {
						leaks.add("an emulator-issued OTP in a record of " + logger);
					}
				}
			}
		}
		return leaks.stream().distinct().toList();
	}

	/** Returns a one-line summary: records, secrets and OTPs checked. */
	public static String stats() {
		String text = text();
		List<String[]> records = records(text);
		long otps = records.stream().filter((r) -> r[0].startsWith(EMULATOR_LOGGERS))
			.filter((r) -> EMULATOR_OTP.matcher(r[1]).find()).count();
		int count;
		synchronized (lock) {
			count = secrets.size();
		}
		return records.size() + " log records (" + text.length() + " chars) checked against " + count
				+ " secrets and tokens and " + otps + " emulator OTP lines: no leak";
	}

	/** Splits captured text into records: {logger, text}; lines that start no record continue the previous one. */
	static List<String[]> records(String text) {
		List<String[]> records = new ArrayList<>();
		String logger = "(unattributed)";
		StringBuilder body = new StringBuilder();
		for (String line : text.split("\n", -1)) {
			Matcher m = RECORD.matcher(line);
			if (m.matches()) {
				if (body.length() > 0) {
					records.add(new String[] { logger, body.toString() });
				}
				logger = m.group(3);
				body = new StringBuilder(line);
			}
			else {
				body.append('\n').append(line);
			}
		}
		if (body.length() > 0) {
			records.add(new String[] { logger, body.toString() });
		}
		return records;
	}

	private static void append(byte[] bytes) {
		append(bytes, 0, bytes.length);
	}

	private static void append(byte[] bytes, int offset, int length) {
		synchronized (lock) {
			if (!active) {
				return;
			}
			if (captured.size() + length > MAX_BYTES) {
				overflow = true;
				return;
			}
			captured.write(bytes, offset, length);
		}
	}

	/** Writes through to the original stream and into the capture. */
	private static final class Tee extends OutputStream {

		private final OutputStream target;

		Tee(OutputStream target) {
			this.target = target;
		}

		@Override
		public void write(int b) throws java.io.IOException {
			this.target.write(b);
			append(new byte[] { (byte) b });
		}

		@Override
		public void write(byte[] b, int off, int len) throws java.io.IOException {
			this.target.write(b, off, len);
			append(b, off, len);
		}

		@Override
		public void flush() throws java.io.IOException {
			this.target.flush();
		}

	}

}
