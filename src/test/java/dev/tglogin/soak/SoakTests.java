package dev.tglogin.soak;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.event.AbstractAuthenticationEvent;
import org.springframework.security.authentication.event.InteractiveAuthenticationSuccessEvent;

import dev.tglogin.emulator.BondifyEmulator;
import dev.tglogin.emulator.EmulatedTelegramUser;
import dev.tglogin.http.DaemonExecutors;
import dev.tglogin.soak.SoakBrowser.Answer;
import dev.tglogin.test.EmulatorServer;
import dev.tglogin.test.TestApp;
import dev.tglogin.web.HttpSessionPendingLoginRepository;
import dev.tglogin.web.PendingLogin;
import dev.tglogin.web.PendingLoginRepository;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Soak: many simulated browsers each doing complete Bondify logins, over real HTTP, against the emulator, for several
 * rounds; the figures are printed as one block and the invariants asserted: no errors, no login completed twice,
 * nothing left pending, live threads back near where they were.
 * <p>
 * <b>Size</b> (system properties): {@code tglogin.soak.browsers} (default 1000), {@code tglogin.soak.rounds} (default
 * 3), {@code tglogin.soak.threads} (default 100), {@code tglogin.soak.seed}, {@code tglogin.soak.deadlineSeconds}
 * (default 300: the whole run must finish by then).
 * <p>
 * <b>What "concurrent" means here</b>: all browsers are in flight at once, each with its own cookie jar, so its own
 * HTTP session and its own pending login, and their logins interleave; Java 17 has no virtual threads, so a pool of
 * {@code tglogin.soak.threads} threads runs the browsers' steps (one HTTP request each, or a user's action in the
 * emulator) in turns, and a browser between two polls holds no thread. At most that many requests are in the air at
 * any instant; every browser's login is pending on the server at the same time.
 * <p>
 * <b>Each login</b>: open the login page (CSRF token), {@code POST /start}, poll {@code POST /status} every
 * {@value #POLL_DELAY_MS} ms (the server is set to advertise its lowest interval, 500 ms), and an outcome drawn from
 * a seeded {@link Random}: the Telegram user confirms (after one or two pending polls; then the status must be
 * {@code confirmed} for that user and {@code GET /me} must greet them), cancels (status {@code cancelled}), or never
 * answers (status {@code expired}; those logins go to a second app whose emulator sessions live
 * {@value #EXPIRY_LIFETIME_MS} ms). Every Telegram user id is used by exactly one login.
 * <p>
 * <b>Throttling</b> stays on, with the per-client-address limit on starts lifted and per-session limits raised: every
 * soak browser comes from 127.0.0.1, and its polls come every {@value #POLL_DELAY_MS} ms rather than every 2 s. The
 * upstream connect and read timeouts are raised to 10 s (defaults 2 s and 5 s): the app, the emulator and the
 * browsers share one small, busy machine, and on a 2-core machine under a load of 40 a burst of new connections to
 * the emulator at the start did exceed the 2 s connect timeout (a 503 for those starts).
 * <p>
 * <b>Nothing left pending</b> is checked twice: the app's pending logins live in HTTP sessions through a
 * {@link PendingLoginRepository} that remembers every session it saved into, and after the run none may still hold
 * a {@link PendingLogin}; and each browser, after its last round, must get {@code 409 no_pending_login} from
 * {@code /status} on each app it used.
 */
class SoakTests {

	private static final int BROWSERS = Integer.getInteger("tglogin.soak.browsers", 1000);

	private static final int ROUNDS = Integer.getInteger("tglogin.soak.rounds", 3);

	private static final int THREADS = Integer.getInteger("tglogin.soak.threads", 100);

	private static final long SEED = Long.getLong("tglogin.soak.seed", 20261122L);

	private static final Duration DEADLINE = Duration.ofSeconds(Long.getLong("tglogin.soak.deadlineSeconds", 300));

	private static final long POLL_DELAY_MS = 500;

	private static final long EXPIRY_LIFETIME_MS = 1000;

	/** Longest one login may stay pending before the browser gives up (an error). */
	private static final Duration LOGIN_DEADLINE = Duration.ofSeconds(60);

	private static final String PROJECT = "proj_soak";

	private static final int THREAD_TOLERANCE = 50;

	enum Outcome {

		CONFIRM, CANCEL, EXPIRE

	}

	record Plan(Outcome outcome, int actAfterPolls, EmulatedTelegramUser user) {
	}

	private final LongAdder attempted = new LongAdder();

	private final LongAdder completed = new LongAdder();

	private final LongAdder cancelled = new LongAdder();

	private final LongAdder expired = new LongAdder();

	private final LongAdder errors = new LongAdder();

	private final LongAdder requests = new LongAdder();

	private final LongAdder leftPendingByStatus = new LongAdder();

	private final ConcurrentLinkedQueue<String> errorSamples = new ConcurrentLinkedQueue<>();

	private EmulatorServer upstream;

	private EmulatorServer expiringUpstream;

	private TestApp app;

	private TestApp expiringApp;

	@Test
	void loginsWhenManyBrowsersLogInConcurrentlyForRoundsThenNoErrorNoDoubleLoginAndNothingLeftPending()
			throws Exception {
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		long heapBefore = usedHeapAfterGc(memory);
		int threadsBefore = threads.getThreadCount();
		threads.resetPeakThreadCount();

		Plan[][] plans = plan();
		TrackingPendingLoginRepository pendingLogins = new TrackingPendingLoginRepository();
		TrackingPendingLoginRepository expiringPendingLogins = new TrackingPendingLoginRepository();
		this.upstream = new EmulatorServer(BondifyEmulator.builder().projectId(PROJECT).build());
		this.expiringUpstream = new EmulatorServer(BondifyEmulator.builder()
			.projectId(PROJECT)
			.sessionLifetime(Duration.ofMillis(EXPIRY_LIFETIME_MS))
			.build());
		this.app = app(this.upstream, pendingLogins);
		this.expiringApp = app(this.expiringUpstream, expiringPendingLogins);

		ExecutorService clientExecutor = Executors.newFixedThreadPool(8, DaemonExecutors.daemonThreads("soak-http"));
		ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(THREADS, DaemonExecutors.daemonThreads("soak-browser"));
		long started = System.nanoTime();
		boolean finished;
		int stillPendingInSessions;
		Map<String, Integer> loginsPerUser = new TreeMap<>();
		int unplannedLogins = 0;
		try {
			HttpClient client = HttpClient.newBuilder()
				.version(HttpClient.Version.HTTP_1_1)
				.followRedirects(HttpClient.Redirect.NEVER)
				.connectTimeout(Duration.ofSeconds(10))
				.executor(clientExecutor)
				.build();
			CountDownLatch done = new CountDownLatch(BROWSERS);
			long deadline = started + DEADLINE.toNanos();
			Random stagger = new Random(SEED ^ 0x5eed);
			for (int i = 0; i < BROWSERS; i++) {
				drive(scheduler, new Login(i, new SoakBrowser(client, this.requests), plans[i]), stagger.nextInt(1000), done,
						deadline);
			}
			finished = done.await(DEADLINE.toNanos(), TimeUnit.NANOSECONDS);
			scheduler.shutdownNow();
			scheduler.awaitTermination(30, TimeUnit.SECONDS);

			stillPendingInSessions = pendingLogins.stillPending() + expiringPendingLogins.stillPending();
			for (TestApp each : List.of(this.app, this.expiringApp)) {
				for (AbstractAuthenticationEvent event : each.events()) {
					if (event instanceof InteractiveAuthenticationSuccessEvent) {
						loginsPerUser.merge(event.getAuthentication().getName(), 1, Integer::sum);
					}
				}
			}
			Set<String> confirmedUsers = new java.util.HashSet<>();
			for (Plan[] browser : plans) {
				for (Plan plan : browser) {
					if (plan.outcome() == Outcome.CONFIRM) {
						confirmedUsers.add(plan.user().id());
					}
				}
			}
			for (String user : loginsPerUser.keySet()) {
				if (!confirmedUsers.contains(user)) {
					unplannedLogins++;
				}
			}
		}
		finally {
			scheduler.shutdownNow();
			closeAll();
			clientExecutor.shutdownNow();
			clientExecutor.awaitTermination(10, TimeUnit.SECONDS);
		}
		long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
		long completedTwice = loginsPerUser.values().stream().filter((n) -> n > 1).count();
		long successEvents = loginsPerUser.values().stream().mapToLong(Integer::longValue).sum();
		pendingLogins.forget();
		expiringPendingLogins.forget();
		int peakThreads = threads.getPeakThreadCount();
		int threadsAfter = threadsSettled(threads, threadsBefore + THREAD_TOLERANCE, Duration.ofSeconds(20));
		long heapAfter = usedHeapAfterGc(memory);

		int[] planned = new int[Outcome.values().length];
		for (Plan[] browser : plans) {
			for (Plan plan : browser) {
				planned[plan.outcome().ordinal()]++;
			}
		}
		String report = String.join("\n", "", "==== tglogin soak ====",
				String.format("browsers %d x rounds %d, %d driver threads, seed %d, %s", BROWSERS, ROUNDS, THREADS, SEED,
						finished ? "finished" : "DEADLINE OF " + DEADLINE.toSeconds() + " s PASSED"),
				String.format("run time                  %,d ms (%,d HTTP requests, %,.0f/s)", elapsedMs, this.requests.sum(),
						this.requests.sum() * 1000.0 / Math.max(1, elapsedMs)),
				String.format("logins attempted          %,d (planned %,d)", this.attempted.sum(), BROWSERS * ROUNDS),
				String.format("  completed               %,d (planned %,d)", this.completed.sum(), planned[0]),
				String.format("  cancelled               %,d (planned %,d)", this.cancelled.sum(), planned[1]),
				String.format("  expired                 %,d (planned %,d)", this.expired.sum(), planned[2]),
				String.format("errors                    %,d", this.errors.sum()),
				String.format("logins completed twice    %,d (success events %,d, logins without confirmation %d)",
						completedTwice, successEvents, unplannedLogins),
				String.format("pending logins left       %,d in sessions, %,d by last status answers",
						stillPendingInSessions, this.leftPendingByStatus.sum()),
				String.format("heap used                 %,d KiB before, %,d KiB after (after System.gc())",
						heapBefore / 1024, heapAfter / 1024),
				String.format("live threads              %d before, %d after (peak %d)", threadsBefore, threadsAfter,
						peakThreads),
				(this.errorSamples.isEmpty() ? "" : "first errors:\n  " + String.join("\n  ", this.errorSamples)),
				"======================");
		System.out.println(report);

		assertThat(finished).as("finished within the deadline").isTrue();
		assertThat(this.errors.sum()).as("errors").isZero();
		assertThat(this.attempted.sum()).as("logins attempted").isEqualTo((long) BROWSERS * ROUNDS);
		assertThat(this.completed.sum()).as("logins completed").isEqualTo(planned[0]);
		assertThat(this.cancelled.sum()).as("logins cancelled").isEqualTo(planned[1]);
		assertThat(this.expired.sum()).as("logins expired").isEqualTo(planned[2]);
		assertThat(completedTwice).as("logins completed twice").isZero();
		assertThat(unplannedLogins).as("logins without a confirmation").isZero();
		assertThat(successEvents).as("interactive login successes").isEqualTo(this.completed.sum());
		assertThat(stillPendingInSessions).as("pending logins left in sessions").isZero();
		assertThat(this.leftPendingByStatus.sum()).as("pending logins left by last status answers").isZero();
		assertThat(threadsAfter).as("live threads after the run").isLessThanOrEqualTo(threadsBefore + THREAD_TOLERANCE);
	}

	/** Draws every browser's outcome per round from the seeded random; each login its own Telegram user. */
	private static Plan[][] plan() {
		Random random = new Random(SEED);
		Plan[][] plans = new Plan[BROWSERS][ROUNDS];
		for (int b = 0; b < BROWSERS; b++) {
			for (int r = 0; r < ROUNDS; r++) {
				Outcome outcome = Outcome.values()[random.nextInt(Outcome.values().length)];
				long id = 500_000_000L + (long) b * ROUNDS + r;
				plans[b][r] = new Plan(outcome, 1 + random.nextInt(2),
						EmulatedTelegramUser.of(String.valueOf(id), "Soak User " + b + "." + r, "soak_" + b + "_" + r));
			}
		}
		return plans;
	}

	private static TestApp app(EmulatorServer upstream, PendingLoginRepository pendingLogins) {
		return new TestApp((telegram) -> telegram.connectTimeout(Duration.ofSeconds(10))
			.readTimeout(Duration.ofSeconds(10))
			.pendingLoginRepository(pendingLogins)
			.throttle((throttle) -> throttle.startsPerAddress(0, Duration.ofMinutes(1))
				.startsPerSession(Math.max(10, 2 * ROUNDS), Duration.ofMinutes(1))
				.statusPerSession(0, Duration.ofMinutes(1)))
			.bondify((bondify) -> bondify.projectId(PROJECT)
				.secret(upstream.bondify().secret())
				.baseUrl(upstream.baseUrl())
				.pollInterval(Duration.ofMillis(500))));
	}

	/** Runs the login's next step after the delay, then schedules the one after, until it is done or fails. */
	private void drive(ScheduledThreadPoolExecutor scheduler, Login login, long delayMs, CountDownLatch done,
			long deadline) {
		scheduler.schedule(() -> {
			long next;
			try {
				next = login.step();
				if (next >= 0 && System.nanoTime() > deadline) {
					throw new IllegalStateException("global deadline passed");
				}
			}
			catch (Throwable ex) {
				error(login, ex);
				next = -1;
			}
			if (next >= 0) {
				drive(scheduler, login, next, done, deadline);
			}
			else {
				done.countDown();
			}
		}, delayMs, TimeUnit.MILLISECONDS);
	}

	private void error(Login login, Throwable ex) {
		this.errors.increment();
		if (this.errorSamples.size() < 20) {
			this.errorSamples.add("browser " + login.index + " round " + login.round + " (" + login.phase + "): "
					+ ex.getClass().getSimpleName() + ": " + ex.getMessage());
		}
	}

	private void closeAll() throws Exception {
		for (AutoCloseable closeable : new AutoCloseable[] { this.app, this.expiringApp, this.upstream,
				this.expiringUpstream }) {
			if (closeable != null) {
				closeable.close();
			}
		}
		this.app = null;
		this.expiringApp = null;
		this.upstream = null;
		this.expiringUpstream = null;
	}

	private static long usedHeapAfterGc(MemoryMXBean memory) throws InterruptedException {
		for (int i = 0; i < 3; i++) {
			System.gc();
			Thread.sleep(100);
		}
		return memory.getHeapMemoryUsage().getUsed();
	}

	/** Returns the live thread count once it is at most the target, or after the wait (idle pools wind down). */
	private static int threadsSettled(ThreadMXBean threads, int target, Duration wait) throws InterruptedException {
		long until = System.nanoTime() + wait.toNanos();
		int count = threads.getThreadCount();
		while (count > target && System.nanoTime() < until) {
			System.gc();
			Thread.sleep(500);
			count = threads.getThreadCount();
		}
		return count;
	}

	private enum Phase {

		PAGE, START, POLL, ME, LAST_CHECK

	}

	/** One browser's logins, a step at a time; a step never runs concurrently with another of the same browser. */
	private final class Login {

		final int index;

		final SoakBrowser browser;

		final Plan[] plans;

		volatile int round;

		volatile Phase phase = Phase.PAGE;

		private URI site;

		private String sessionToken;

		private int pendingPolls;

		private long loginStarted;

		private final Set<URI> loggedIn = new java.util.HashSet<>();

		Login(int index, SoakBrowser browser, Plan[] plans) {
			this.index = index;
			this.browser = browser;
			this.plans = plans;
		}

		/** Runs the next step; returns the delay before the one after in milliseconds, or -1 when done. */
		long step() throws Exception {
			Plan plan = (this.round < ROUNDS) ? this.plans[this.round] : null;
			switch (this.phase) {
				case PAGE -> {
					this.site = (plan.outcome() == Outcome.EXPIRE) ? SoakTests.this.expiringApp.uri()
							: SoakTests.this.app.uri();
					expect(this.browser.openLoginPage(this.site), 200, "login page");
					this.loggedIn.remove(this.site);
					this.phase = Phase.START;
					return 0;
				}
				case START -> {
					Answer start = expect(this.browser.post(this.site, "/login/telegram/start"), 200, "start");
					attempted.increment();
					if (!"500".equals(start.field("pollIntervalMs"))) {
						throw new IllegalStateException("advertised poll interval " + start.field("pollIntervalMs"));
					}
					String deeplink = start.field("deeplink");
					this.sessionToken = deeplink.substring(deeplink.indexOf("start=") + "start=".length());
					this.pendingPolls = 0;
					this.loginStarted = System.nanoTime();
					this.phase = Phase.POLL;
					return POLL_DELAY_MS;
				}
				case POLL -> {
					return poll(plan);
				}
				case ME -> {
					Answer me = expect(this.browser.get(this.site, "/me"), 200, "GET /me");
					String greeting = "Hello, " + plan.user().name() + " (" + plan.user().id() + ")";
					if (!greeting.equals(me.body())) {
						throw new IllegalStateException("/me answered " + Answer.abbreviated(me.body()));
					}
					completed.increment();
					this.loggedIn.add(this.site);
					return nextRound();
				}
				case LAST_CHECK -> {
					for (URI each : this.browser.sites()) {
						if (this.loggedIn.contains(each)) {
							// a login rotates the CSRF token
							expect(this.browser.openLoginPage(each), 200, "login page");
						}
						Answer status = this.browser.post(each, "/login/telegram/status");
						if (status.status() == 200 && "pending".equals(status.field("status"))) {
							leftPendingByStatus.increment();
						}
						else if (status.status() != 409 || !"no_pending_login".equals(status.field("error"))) {
							throw new IllegalStateException("last status answered " + status.status() + " "
									+ Answer.abbreviated(status.body()));
						}
					}
					return -1;
				}
			}
			throw new IllegalStateException("phase " + this.phase);
		}

		private long poll(Plan plan) throws Exception {
			Answer answer = expect(this.browser.post(this.site, "/login/telegram/status"), 200, "status");
			String status = answer.field("status");
			switch (String.valueOf(status)) {
				case "pending" -> {
					this.pendingPolls++;
					if (this.pendingPolls == plan.actAfterPolls()) {
						if (plan.outcome() == Outcome.CONFIRM) {
							SoakTests.this.upstream.bondify().confirm(this.sessionToken, plan.user());
						}
						else if (plan.outcome() == Outcome.CANCEL) {
							SoakTests.this.upstream.bondify().cancel(this.sessionToken);
						}
					}
					if (System.nanoTime() - this.loginStarted > LOGIN_DEADLINE.toNanos()) {
						throw new IllegalStateException("login still pending after " + LOGIN_DEADLINE.toSeconds() + " s");
					}
					return POLL_DELAY_MS;
				}
				case "confirmed" -> {
					expectOutcome(plan, Outcome.CONFIRM, status);
					Object user = answer.json().get("user");
					if (!(user instanceof Map<?, ?> fields) || !plan.user().id().equals(fields.get("id"))) {
						throw new IllegalStateException("confirmed for another user: " + user);
					}
					this.phase = Phase.ME;
					return 0;
				}
				case "cancelled" -> {
					expectOutcome(plan, Outcome.CANCEL, status);
					cancelled.increment();
					return nextRound();
				}
				case "expired" -> {
					expectOutcome(plan, Outcome.EXPIRE, status);
					expired.increment();
					return nextRound();
				}
				default -> throw new IllegalStateException("status answered " + Answer.abbreviated(answer.body()));
			}
		}

		private long nextRound() {
			this.round++;
			this.phase = (this.round < ROUNDS) ? Phase.PAGE : Phase.LAST_CHECK;
			return 0;
		}

		private static void expectOutcome(Plan plan, Outcome expected, String status) {
			if (plan.outcome() != expected) {
				throw new IllegalStateException("status " + status + " for a login planned to " + plan.outcome());
			}
		}

		private static Answer expect(Answer answer, int status, String what) {
			if (answer.status() != status) {
				throw new IllegalStateException(
						what + " answered " + answer.status() + " " + Answer.abbreviated(answer.body()));
			}
			return answer;
		}

	}

	/**
	 * The default HTTP-session repository, remembering every session it saved a pending login into, so that the test
	 * can look into them after the run.
	 */
	static final class TrackingPendingLoginRepository implements PendingLoginRepository {

		private final PendingLoginRepository delegate = new HttpSessionPendingLoginRepository();

		private final Set<HttpSession> sessions = Collections.newSetFromMap(new ConcurrentHashMap<>());

		@Override
		public <T extends PendingLogin> @Nullable T load(HttpServletRequest request, Class<T> type) {
			return this.delegate.load(request, type);
		}

		@Override
		public void save(PendingLogin pendingLogin, HttpServletRequest request, HttpServletResponse response) {
			this.delegate.save(pendingLogin, request, response);
			HttpSession session = request.getSession(false);
			if (session != null) {
				this.sessions.add(session);
			}
		}

		@Override
		public void remove(Class<? extends PendingLogin> type, HttpServletRequest request,
				HttpServletResponse response) {
			this.delegate.remove(type, request, response);
		}

		/** Counts the remembered sessions still holding a pending login (an invalidated session holds none). */
		int stillPending() {
			int count = 0;
			for (HttpSession session : this.sessions) {
				try {
					for (String name : Collections.list(session.getAttributeNames())) {
						if (session.getAttribute(name) instanceof PendingLogin) {
							count++;
						}
					}
				}
				catch (IllegalStateException invalidated) {
					// nothing left in it
				}
			}
			return count;
		}

		void forget() {
			this.sessions.clear();
		}

	}

}
