package dev.tglogin.bench;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.tglogin.bondify.BondifyWebhookVerifier;

/**
 * One run of the {@code confirm} step: N browsers waiting for their logins, each confirmed on the emulator at a random
 * moment (and, for a webhook variant, followed by the signed {@code auth.confirmed} webhook), timed from the confirm
 * to the browser's {@code confirmed} answer; and the same at scale ({@link #atScale}): 10,000 logins long-polling
 * with webhooks, the goal of issue 16.
 */
final class ConfirmRun {

	/** Issue 16: confirm → browser, webhook + long-poll, at 10,000 logins. */
	static final double GOAL_P50_MS = 100;

	static final double GOAL_P99_MS = 500;

	private ConfirmRun() {
	}

	/**
	 * @param tapFromMs the earliest moment of a confirmation, after the browsers began waiting
	 * @param tapToMs the latest (each browser's is uniform in between)
	 * @param openConcurrency logins being started at once
	 * @return the run's figures, with {@code nanos} (every latency) for pooling
	 */
	static Map<String, Object> run(LoadClient client, URI base, URI confirmUri, URI webhookUri,
			StatusWaiting.Variant variant, int n, int interval, long tapFromMs, long tapToMs, int openConcurrency)
			throws Exception {
		return run(client, base, confirmUri, webhookUri, variant, n, interval, tapFromMs, tapToMs, openConcurrency,
				() -> {
				});
	}

	/**
	 * @param beforeTaps runs after the browsers began waiting and before the confirmations are scheduled (their moments
	 * count from its end)
	 */
	static Map<String, Object> run(LoadClient client, URI base, URI confirmUri, URI webhookUri,
			StatusWaiting.Variant variant, int n, int interval, long tapFromMs, long tapToMs, int openConcurrency,
			Runnable beforeTaps) throws Exception {
		BondifyWebhookVerifier signer = new BondifyWebhookVerifier(BenchApp.SECRET);
		AtomicInteger webhookErrors = new AtomicInteger();
		long t0 = System.nanoTime();
		List<SimBrowser> browsers = SimBrowser.open(client, base, variant.startPath(), n, openConcurrency);
		double startSeconds = (System.nanoTime() - t0) / 1e9;
		ConcurrentLinkedQueue<Long> nanos = new ConcurrentLinkedQueue<>();
		CountDownLatch done = new CountDownLatch(browsers.size());
		AtomicInteger confirmErrors = new AtomicInteger();
		// diagnostics: from the confirm to the emulator's answer, and to the app's answer to the webhook
		ConcurrentLinkedQueue<Long> confirmPosts = new ConcurrentLinkedQueue<>();
		ConcurrentLinkedQueue<Long> webhookPosts = new ConcurrentLinkedQueue<>();
		ScheduledExecutorService taps = Executors.newSingleThreadScheduledExecutor();
		try (PollingLoad load = new PollingLoad(client, base, variant, interval, (browser, outcome) -> {
			long now = System.nanoTime();
			if (browser.confirmSentNanos != 0) {
				nanos.add(now - browser.confirmSentNanos);
			}
			done.countDown();
		})) {
			load.record(true);
			load.start(browsers);
			beforeTaps.run();
			for (SimBrowser browser : browsers) {
				long at = ThreadLocalRandom.current().nextLong(tapFromMs, tapToMs);
				taps.schedule(() -> {
					browser.confirmSentNanos = System.nanoTime();
					client.postForm(confirmUri, "session_token=" + browser.sessionToken
							+ "&telegram_id=424242&telegram_name=Bench+User&telegram_username=bench_user")
						.thenAccept((answer) -> {
							confirmPosts.add(System.nanoTime() - browser.confirmSentNanos);
							if (answer.status() != 303) {
								confirmErrors.incrementAndGet();
							}
							else if (webhookUri != null) {
								byte[] body = ("{\"event\":\"auth.confirmed\",\"session_token\":\"" + browser.sessionToken
										+ "\",\"telegram_id\":\"424242\",\"telegram_name\":\"Bench User\","
										+ "\"telegram_username\":\"bench_user\",\"confirmed_at\":"
										+ System.currentTimeMillis() + "}").getBytes(StandardCharsets.UTF_8);
								client.post(webhookUri, "application/json", body,
										Map.of("X-Bondify-Signature", signer.sign(body)))
									.thenAccept((hook) -> {
										webhookPosts.add(System.nanoTime() - browser.confirmSentNanos);
										if (hook.status() != 204) {
											webhookErrors.incrementAndGet();
										}
									});
							}
						});
				}, at, TimeUnit.MILLISECONDS);
			}
			// the last confirmation, then at most a long-poll's wait and its client deadline
			boolean all = done.await(tapToMs + 60_000, TimeUnit.MILLISECONDS);
			Map<String, Object> polls = load.snapshot(1);
			long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
			Map<String, Object> out = new LinkedHashMap<>();
			out.put("logins", browsers.size());
			out.put("startSeconds", startSeconds);
			out.put("confirmed", sorted.length);
			out.put("allConfirmed", all);
			out.put("confirmErrors", confirmErrors.get());
			out.put("webhooksSent", webhookUri != null);
			out.put("webhookErrors", webhookErrors.get());
			out.put("pollErrors", polls.get("errors"));
			out.put("pollErrorsByKind", polls.get("errorsByKind"));
			out.put("pollShed", polls.get("shed"));
			out.put("pollShedByKind", polls.get("shedByKind"));
			out.put("browsersFellBackToPolling", polls.get("browsersFellBackToPolling"));
			out.put("latencyMs", Stats.latencySummary(sorted));
			out.put("confirmAnsweredMs", Stats.latencySummary(confirmPosts.stream().mapToLong(Long::longValue).sorted().toArray()));
			out.put("webhookAnsweredMs", Stats.latencySummary(webhookPosts.stream().mapToLong(Long::longValue).sorted().toArray()));
			out.put("nanos", new ArrayList<>(nanos));
			@SuppressWarnings("unchecked")
			Map<String, Object> lat = (Map<String, Object>) out.get("latencyMs");
			Bench.log(String.format("  confirmed %d of %d (started in %.1f s): p50 %s ms, p90 %s ms, p99 %s ms, max %s "
					+ "ms, poll errors %s, shed %s, confirm errors %d, webhook errors %d; p50 from the confirm to the "
					+ "emulator's answer %s ms, to the webhook's answer %s ms", sorted.length,
					browsers.size(), startSeconds, lat.get("p50"), lat.get("p90"), lat.get("p99"), lat.get("max"),
					polls.get("errors"), polls.get("shed"), confirmErrors.get(), webhookErrors.get(),
					((Map<?, ?>) out.get("confirmAnsweredMs")).get("p50"), ((Map<?, ?>) out.get("webhookAnsweredMs")).get("p50")));
			return out;
		}
		finally {
			taps.shutdownNow();
		}
	}

	/**
	 * {@code tglogin-webhook} at scale: N logins started, all long-polling; each confirmed at a random moment of a
	 * window of {@code windowSeconds} that opens once the server holds 95 % of their long-polls (at most 60 s after the
	 * polling began), each confirmation followed by the signed webhook. Met: p50 ≤ 100 ms and p99 ≤ 500 ms
	 * (the goal of issue 16) and every login's confirmation reached its browser (a lost one would otherwise not count
	 * in the percentiles).
	 */
	static Map<String, Object> atScale(Path logs, List<String> serverJvmArgs, List<String> upstreamJvmArgs, int n,
			int windowSeconds, int interval, int latency) throws Exception {
		StatusWaiting.Variant variant = StatusWaiting.variant("tglogin-webhook");
		Bench.log("confirm: " + variant.name() + " at scale, " + n + " logins, confirmations over " + windowSeconds + " s");
		try (Child upstream = Child.start("upstream-confirm-scale", UpstreamMain.class, upstreamJvmArgs,
				List.of("--latency-ms=" + latency), logs)) {
			String upstreamUrl = "http://127.0.0.1:" + upstream.port("upstream") + UpstreamMain.PATH;
			List<String> serverArgs = new ArrayList<>(List.of("--apps=app:TELEGRAM", "--upstream=" + upstreamUrl));
			serverArgs.addAll(variant.serverArgs());
			List<String> jvmArgs = new ArrayList<>(serverJvmArgs);
			jvmArgs.addAll(variant.serverJvmArgs());
			// 10,000 open connections take about 1 GB (Jetty's header-field cache, about 108 KB each: the heap step)
			jvmArgs.addAll(List.of("-Xms3g", "-Xmx3g"));
			try (Child server = Child.start("server-confirm-scale", ServerMain.class, jvmArgs, serverArgs, logs);
					LoadClient client = new LoadClient()) {
				URI base = URI.create("http://127.0.0.1:" + server.port("app"));
				URI confirmUri = URI.create(upstreamUrl + "/telegram/confirm");
				URI webhookUri = base.resolve("/login/telegram/webhook");
				server.control("/reset");
				long[] ready = new long[2];
				// the window opens once the server holds 95 % of the logins' long-polls (at most 60 s after they began)
				Map<String, Object> out = run(client, base, confirmUri, webhookUri, variant, n, interval, 0,
						windowSeconds * 1000L, 64, () -> {
							long t0 = System.nanoTime();
							long until = t0 + TimeUnit.SECONDS.toNanos(60);
							long held = 0;
							while (System.nanoTime() < until) {
								@SuppressWarnings("unchecked")
								Map<String, Object> pool = (Map<String, Object>) server.control("/pools").get("app");
								held = ((Number) pool.get("held")).longValue();
								if (held >= 0.95 * n) {
									break;
								}
								Control.sleep(200);
							}
							ready[0] = held;
							ready[1] = (System.nanoTime() - t0) / 1_000_000;
							Bench.log("  " + held + " long-polls held after " + ready[1] + " ms: confirmations begin");
						});
				out.put("heldWhenWindowOpened", ready[0]);
				out.put("windowOpensAfterMs", ready[1]);
				out.remove("nanos");
				@SuppressWarnings("unchecked")
				Map<String, Object> pool = (Map<String, Object>) server.control("/pools").get("app");
				out.put("heldRequestsMax", pool.get("maxHeldSeen"));
				out.put("variant", variant.name());
				out.put("windowSeconds", windowSeconds);
				out.put("serverJvmArgs", String.join(" ", jvmArgs));
				double p50 = number(out, "p50");
				double p99 = number(out, "p99");
				boolean met = p50 <= GOAL_P50_MS && p99 <= GOAL_P99_MS
						&& ((Number) out.get("confirmed")).intValue() == ((Number) out.get("logins")).intValue()
						&& ((Number) out.get("logins")).intValue() == n;
				out.put("goal", "p50 ≤ " + (int) GOAL_P50_MS + " ms, p99 ≤ " + (int) GOAL_P99_MS
						+ " ms, every confirmation reaching its browser");
				out.put("met", met);
				Bench.log("  at scale: held requests max " + pool.get("maxHeldSeen") + ", goal met: " + met);
				return out;
			}
		}
	}

	private static double number(Map<String, Object> run, String percentile) {
		Object value = ((Map<?, ?>) run.get("latencyMs")).get(percentile);
		return (value instanceof Number x) ? x.doubleValue() : Double.NaN;
	}

}
