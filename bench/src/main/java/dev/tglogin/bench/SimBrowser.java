package dev.tglogin.bench;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One simulated browser with a pending login: its own HTTP session cookie and CSRF token (read from the login page's
 * meta tags, as {@code tglogin.js} does), and the Bondify session token taken from its deeplink (only the benchmark
 * uses it, to tap Confirm on the emulator as the user would).
 */
final class SimBrowser {

	/** How often a browser tries to open its login in setup before it is counted as failed. */
	private static final int OPEN_TRIES = 3;

	private static final Pattern META = Pattern.compile("<meta name=\"(_csrf|_csrf_header)\" content=\"([^\"]*)\">");

	private static final Pattern START = Pattern.compile("[?&]start=([A-Za-z0-9_-]+)");

	private static final Pattern MAX_WAIT = Pattern.compile("\"maxWaitSeconds\"\\s*:\\s*([0-9]+)");

	final int id;

	volatile String cookie;

	volatile String csrfHeader;

	volatile String csrfToken;

	volatile String sessionToken;

	/** When the benchmark tapped Confirm for this browser ({@code System.nanoTime()}), or 0. */
	volatile long confirmSentNanos;

	volatile boolean finished;

	/**
	 * The long-poll wait this browser asks for: the start answer's {@code maxWaitSeconds} (capped at 25, as
	 * {@code tglogin.js}), 0 when absent or after a held request failed without an answer.
	 */
	volatile int waitSeconds;

	/** Set when a failed held request turned long-polling off for this browser (as {@code tglogin.js} does). */
	volatile boolean fellBackToPolling;

	/** Status requests sent since {@link PollingLoad#start} last started this browser's polling. */
	volatile int polls;

	SimBrowser(int id) {
		this.id = id;
	}

	/**
	 * Opens browsers with a pending login each, through the real endpoints: {@code GET /login/telegram} (session +
	 * CSRF token), then {@code POST <startPath>}. At most {@code concurrency} browsers are being opened at once. A
	 * browser whose opening fails (a busy machine: a start answered late or refused) tries again from the login page,
	 * at most {@value #OPEN_TRIES} times in all, as a user would reload the page: setup is not what is measured, and
	 * a point measured with fewer logins than asked for would not be the point asked for.
	 * @return the browsers that got a pending login (a failed one is left out and counted by the caller)
	 */
	static List<SimBrowser> open(LoadClient client, URI base, String startPath, int count, int concurrency)
			throws InterruptedException {
		List<SimBrowser> opened = Collections.synchronizedList(new ArrayList<>(count));
		Semaphore permits = new Semaphore(concurrency);
		AtomicInteger failures = new AtomicInteger();
		AtomicInteger retries = new AtomicInteger();
		for (int i = 0; i < count; i++) {
			permits.acquire();
			openOne(client, base, startPath, i, 1, retries).whenComplete((browser, ex) -> {
				if (browser != null) {
					opened.add(browser);
				}
				else {
					failures.incrementAndGet();
				}
				permits.release();
			});
		}
		permits.acquire(concurrency);
		if (retries.get() > 0 || failures.get() > 0) {
			System.out.println("  (" + retries.get() + " retries to open a login; " + failures.get() + " of " + count
					+ " browsers could not start one)");
		}
		return new ArrayList<>(opened);
	}

	/** One browser's login, opened in at most {@value #OPEN_TRIES} tries; {@code null} when none worked. */
	private static CompletableFuture<SimBrowser> openOne(LoadClient client, URI base, String startPath, int index,
			int attempt, AtomicInteger retries) {
		SimBrowser browser = new SimBrowser(index);
		return browser.openLoginPage(client, base)
			.thenCompose((ok) -> ok ? browser.start(client, base, startPath) : CompletableFuture.completedFuture(false))
			.exceptionally((ex) -> false)
			.thenCompose((ok) -> {
				if (ok) {
					return CompletableFuture.completedFuture(browser);
				}
				if (attempt >= OPEN_TRIES) {
					return CompletableFuture.completedFuture(null);
				}
				retries.incrementAndGet();
				return openOne(client, base, startPath, index, attempt + 1, retries);
			});
	}

	/** Opens only a session with a CSRF token (the login page), without starting a login. */
	static List<SimBrowser> openSessions(LoadClient client, URI base, int count, int concurrency)
			throws InterruptedException {
		return open(client, base, null, count, concurrency);
	}

	CompletableFuture<Boolean> openLoginPage(LoadClient client, URI base) {
		return client.get(base.resolve("/login/telegram"), this, "text/html").thenApply(this::readLoginPage);
	}

	/** Takes the session cookie and the CSRF token from the login page's answer; whether both were there. */
	boolean readLoginPage(LoadClient.Answer answer) {
		if (answer.status() != 200) {
			return false;
		}
		takeCookie(answer);
		Matcher m = META.matcher(answer.body());
		while (m.find()) {
			if (m.group(1).equals("_csrf")) {
				this.csrfToken = m.group(2);
			}
			else {
				this.csrfHeader = m.group(2);
			}
		}
		return this.cookie != null && this.csrfToken != null && this.csrfHeader != null;
	}

	/** {@code POST <startPath>}; {@code null} path: nothing to start. */
	CompletableFuture<Boolean> start(LoadClient client, URI base, String startPath) {
		if (startPath == null) {
			return CompletableFuture.completedFuture(true);
		}
		return client.postJson(base.resolve(startPath), this, "{}").thenApply(this::readStart);
	}

	/** Takes the Bondify session token and {@code maxWaitSeconds} from a start answer; whether it started. */
	boolean readStart(LoadClient.Answer answer) {
		if (answer.status() != 200) {
			return false;
		}
		takeCookie(answer);
		Matcher m = START.matcher(answer.body());
		if (m.find()) {
			this.sessionToken = m.group(1);
		}
		Matcher wait = MAX_WAIT.matcher(answer.body());
		this.waitSeconds = wait.find() ? (int) Math.min(25, Long.parseLong(wait.group(1))) : 0;
		return this.sessionToken != null;
	}

	/** Keeps the session cookie when the server sets (or changes) it. */
	void takeCookie(LoadClient.Answer answer) {
		for (String header : answer.setCookies()) {
			if (header.startsWith("JSESSIONID=")) {
				int end = header.indexOf(';');
				this.cookie = (end < 0) ? header : header.substring(0, end);
			}
		}
	}

}
