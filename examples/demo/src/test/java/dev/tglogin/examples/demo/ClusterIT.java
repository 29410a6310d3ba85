package dev.tglogin.examples.demo;

import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

import dev.tglogin.bondify.BondifyWebhookVerifier;
import dev.tglogin.emulator.BondifyAnswer;
import dev.tglogin.emulator.BondifyEmulator;
import dev.tglogin.emulator.EmulatedTelegramUser;
import dev.tglogin.emulator.EmulatorServlet;
import dev.tglogin.emulator.XellarEmulator;
import dev.tglogin.examples.demo.DemoClient.Response;
import dev.tglogin.examples.demo.PackagedJarIT.DemoProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Two instances of the packaged app ({@code java -jar target/tglogin-demo.jar --spring.profiles.active=cluster}) as
 * separate processes behind no load balancer and no sticky sessions, sharing PostgreSQL on 127.0.0.1:5432 (database
 * {@code test}, user {@code postgres}): the HTTP session in Spring Session JDBC, the library's store in
 * {@code tglogin.store=jdbc}; then the same again sharing Redis on 127.0.0.1:6379 ({@code cluster-redis}: Spring
 * Session Data Redis, {@code tglogin.store=redis}). One browser (one cookie jar) talks to both.
 * <p>
 * The upstream is one emulator of Bondify and Xellar shared by both instances, served by this JVM (an embedded Tomcat
 * with the library's {@link EmulatorServlet}, known secrets) and configured in the instances as the real services
 * would be ({@code tglogin.bondify.base-url}, project id, secret; {@code tglogin.xellar.*}). It is not the emulator
 * profile: that mounts an emulator per instance, each with its own random secret and sessions; and it lives apart
 * from the instances, so killing one of them does not kill it.
 * <p>
 * Each variant is skipped, with a message, when its PostgreSQL or Redis is not reachable.
 */
@ParameterizedClass(name = "sharing {0}")
@ValueSource(strings = { "postgresql", "redis" })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class ClusterIT {

	private static final Duration STARTUP = Duration.ofSeconds(300);

	/** Two JVMs start at once on a small machine: quicker to start, and small. */
	private static final List<String> JVM = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m");

	private static final String DATABASE = "jdbc:postgresql://127.0.0.1:5432/test";

	private static final String BONDIFY_SECRET = "cluster-it-bondify-secret-0123456789abcdef";

	private static final String XELLAR_SECRET = "cluster-it-xellar-client-secret";

	private static final int MAX_OTP_ATTEMPTS = 3;

	private static final String SUCCEEDED = "Telegram login succeeded";

	/** Where the instances share their state: {@code postgresql} or {@code redis}. */
	@Parameter
	String shared;

	private static BondifyEmulator bondify;

	private static XellarEmulator xellar;

	private static Tomcat emulator;

	private static DemoProcess a;

	private static DemoProcess b;

	private static URI baseA;

	private static URI baseB;

	@BeforeParameterizedClassInvocation
	static void startEmulatorAndTwoInstances(String shared) throws Exception {
		if (shared.equals("redis")) {
			assumeTrue(redisReachable(), "Redis is not reachable at 127.0.0.1:6379: the Redis variant of the cluster "
					+ "test needs it; `.ci/run` starts it when it is installed");
		}
		else {
			assumeTrue(postgresReachable(), "PostgreSQL is not reachable at " + DATABASE
					+ " (user postgres, trust authentication): the cluster test needs it; `.ci/run` starts it");
		}
		String profile = shared.equals("redis") ? "cluster-redis" : "cluster";
		bondify = BondifyEmulator.builder().secret(BONDIFY_SECRET.getBytes(StandardCharsets.UTF_8)).build();
		xellar = XellarEmulator.builder().clientSecret(XELLAR_SECRET).loginInterval(Duration.ofSeconds(1)).build();
		emulator = startEmulator(new EmulatorServlet(bondify, xellar));
		String upstream = "http://127.0.0.1:" + emulator.getConnector().getLocalPort() + "/tglogin-emulator";

		Path jar = Path.of(System.getProperty("demo.jar", "target/tglogin-demo.jar"));
		assertThat(jar).as("the packaged app (mvn package)").isRegularFile();
		int portA = PackagedJarIT.freePort();
		int portB = PackagedJarIT.freePort();
		baseA = URI.create("http://127.0.0.1:" + portA);
		baseB = URI.create("http://127.0.0.1:" + portB);
		a = DemoProcess.start(jar, Path.of("target", "cluster-it-" + shared + "-a.log"), JVM,
				instanceArgs(profile, portA, upstream));
		b = DemoProcess.start(jar, Path.of("target", "cluster-it-" + shared + "-b.log"), JVM,
				instanceArgs(profile, portB, upstream));
		a.awaitAnswer(baseA.resolve("/login/telegram"), STARTUP);
		b.awaitAnswer(baseB.resolve("/login/telegram"), STARTUP);
	}

	private static String[] instanceArgs(String profile, int port, String upstream) {
		return new String[] { "--spring.profiles.active=" + profile, "--server.port=" + port,
				"--server.address=127.0.0.1", "--tglogin.success-url=/me",
				"--tglogin.bondify.project-id=" + BondifyEmulator.DEFAULT_PROJECT_ID,
				"--tglogin.bondify.secret=" + BONDIFY_SECRET, "--tglogin.bondify.base-url=" + upstream,
				"--tglogin.xellar.client-secret=" + XELLAR_SECRET, "--tglogin.xellar.base-url=" + upstream,
				"--tglogin.xellar.max-otp-attempts=" + MAX_OTP_ATTEMPTS, "--tglogin.bondify.webhook.enabled=true",
				// the tests poll right after a confirmation, not every 2 s: no least time between upstream calls, and
				// with webhooks on (the emulator here sends none) the fallback check as often as it may be
				"--tglogin.bondify.upstream-poll-interval=0s", "--tglogin.bondify.webhook.fallback-check-interval=1ms" };
	}

	@AfterParameterizedClassInvocation
	static void stopAll() throws Exception {
		try {
			if (a != null) {
				a.close();
			}
		}
		finally {
			try {
				if (b != null) {
					b.close();
				}
			}
			finally {
				if (emulator != null) {
					emulator.stop();
					emulator.destroy();
				}
				a = null;
				b = null;
				emulator = null;
			}
		}
	}

	@Test
	@Order(1)
	void loginStartedOnOneInstanceCompletesOnTheOtherAndHoldsOnBoth() {
		Browser browser = new Browser();
		assertThat(browser.a.getJson("/me").status()).isEqualTo(401);
		Response start = browser.a.postJson("/login/telegram/start", "");
		assertThat(start.status()).isEqualTo(200);
		Response pending = browser.b.postJson("/login/telegram/status", "");
		assertThat(pending.field("status")).as(pending.toString()).isEqualTo("pending");

		assertThat(browser.a.confirmInTelegram(start.field("deeplink"), "700000001", "Cluster User", "cluster_user")
			.status()).isEqualTo(303);
		Response confirmed = browser.b.postJson("/login/telegram/status", "");
		assertThat(confirmed.field("status")).isEqualTo("confirmed");
		assertThat(confirmed.field("redirectUrl")).isEqualTo("/me");

		for (DemoClient instance : List.of(browser.a, browser.b)) {
			Response me = instance.getJson("/me");
			assertThat(me.status()).as("GET /me on " + instance.base()).isEqualTo(200);
			assertThat(me.json().get("telegramId").asString()).isEqualTo("700000001");
			assertThat(me.json().get("flow").asString()).isEqualTo("BONDIFY");
		}
	}

	@Test
	@Order(2)
	void webhookDeliveredToOneInstanceCompletesTheLoginPolledOnTheOther() throws Exception {
		Browser browser = new Browser();
		Response start = browser.a.postJson("/login/telegram/start", "");
		String deeplink = start.field("deeplink");
		String token = deeplink.substring(deeplink.indexOf("start=") + "start=".length());
		// Bondify delivers the signed confirmation to B (no Confirm on the emulator: polling alone would stay pending)
		String event = "{\"event\":\"auth.confirmed\",\"session_token\":\"" + token
				+ "\",\"telegram_id\":\"700000009\",\"telegram_name\":\"Webhook User\",\"confirmed_at\":1}";
		String signature = new BondifyWebhookVerifier(BONDIFY_SECRET).sign(event.getBytes(StandardCharsets.UTF_8));
		java.net.http.HttpResponse<String> delivered = java.net.http.HttpClient.newHttpClient()
			.send(java.net.http.HttpRequest.newBuilder(baseB.resolve("/login/telegram/webhook"))
				.header("Content-Type", "application/json")
				.header("X-Bondify-Signature", signature)
				.POST(java.net.http.HttpRequest.BodyPublishers.ofString(event))
				.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
		assertThat(delivered.statusCode()).isEqualTo(204);

		Response confirmed = browser.a.postJson("/login/telegram/status", "");
		assertThat(confirmed.field("status")).isEqualTo("confirmed");
		assertThat(browser.b.getJson("/me").json().get("telegramId").asString()).isEqualTo("700000009");
	}

	@Test
	@Order(2)
	void proofUsedOnOneInstanceIsRefusedOnTheOther() {
		// a proof completes only the login its browser started (the pending login is in the shared session)
		Browser first = new Browser();
		String body = "{\"proof\":\"" + mintProof("700000002", startOn(first.a)) + "\"}";
		assertThat(first.a.postJson("/login/telegram/proof", body).status()).isEqualTo(200);
		assertThat(first.a.getJson("/me").status()).isEqualTo(200);

		Browser second = new Browser();
		Response replayed = second.b.postJson("/login/telegram/proof", body);
		assertThat(replayed.status()).as("the same proof on the other instance: " + replayed.body())
			.isBetween(400, 499);
		assertThat(second.b.getJson("/me").status()).isEqualTo(401);
		assertThat(second.a.getJson("/me").status()).isEqualTo(401);
	}

	@Test
	@Order(3)
	void wrongOtpCodesCountAcrossInstances() {
		// a number of its own per run: the per-phone limits live in the shared PostgreSQL store for an hour, and a
		// fixed number used by earlier runs within that hour would be refused before any code is checked
		String phone = "+62812"
				+ String.format("%07d", java.util.concurrent.ThreadLocalRandom.current().nextInt(10_000_000));
		Browser browser = new Browser();
		assertThat(browser.a.postJson("/login/telegram/otp", "{\"phoneNumber\":\"" + phone + "\"}").status())
			.isEqualTo(200);
		String right = xellar.lastOtp(phone).orElseThrow();
		String wrong = right.equals("000000") ? "111111" : "000000";
		wrong = wrong.substring(0, right.length());

		List<DemoClient> alternating = List.of(browser.a, browser.b, browser.a, browser.b);
		for (int attempt = 1; attempt < MAX_OTP_ATTEMPTS; attempt++) {
			Response answer = alternating.get(attempt - 1).postJson("/login/telegram/otp/verify",
					"{\"otp\":\"" + wrong + "\"}");
			assertThat(answer.status()).as("attempt " + attempt + ": " + answer.body()).isEqualTo(401);
			assertThat(answer.json().get("attemptsLeft").asInt()).as("attempts left after " + attempt + " in total")
				.isEqualTo(MAX_OTP_ATTEMPTS - attempt);
		}
		Response last = alternating.get(MAX_OTP_ATTEMPTS - 1).postJson("/login/telegram/otp/verify",
				"{\"otp\":\"" + wrong + "\"}");
		assertThat(last.status()).as("attempt " + MAX_OTP_ATTEMPTS + ": " + last.body()).isEqualTo(429);
		assertThat(last.field("error")).isEqualTo("too_many_attempts");

		// the right code is of no use any more, on either instance
		Response right1 = alternating.get(MAX_OTP_ATTEMPTS).postJson("/login/telegram/otp/verify",
				"{\"otp\":\"" + right + "\"}");
		assertThat(right1.status()).as(right1.body()).isBetween(400, 499);
		assertThat(browser.a.getJson("/me").status()).isEqualTo(401);
		assertThat(browser.b.getJson("/me").status()).isEqualTo(401);
	}

	/**
	 * Both instances poll a confirmed login at the same moment: one completes it, the other answers a clean status
	 * (Bondify hands the proof to one poll only, and a proof that reached both would be used once by the store; the
	 * next test races the store directly).
	 */
	@Test
	@Order(4)
	void concurrentCompletionOnBothInstancesLogsInOnce() throws Exception {
		Browser browser = new Browser();
		Response start = browser.a.postJson("/login/telegram/start", "");
		assertThat(start.status()).isEqualTo(200);
		// polled on both before the confirmation: with webhooks on, a login is pending from its first poll on an
		// instance, and the fallback check (every 1ms here) asks Bondify from the next one
		assertThat(browser.a.postJson("/login/telegram/status", "").field("status")).isEqualTo("pending");
		assertThat(browser.b.postJson("/login/telegram/status", "").field("status")).isEqualTo("pending");
		assertThat(browser.a.confirmInTelegram(start.field("deeplink"), "700000004", "Race User", "race_user")
			.status()).isEqualTo(303);
		int before = succeededLines();

		List<Response> race = atTheSameMoment(() -> browser.a.postJson("/login/telegram/status", ""),
				() -> browser.b.postJson("/login/telegram/status", ""));
		Response answerA = race.get(0);
		Response answerB = race.get(1);
		String answers = "A: " + answerA.status() + " " + answerA.body() + " | B: " + answerB.status() + " "
				+ answerB.body();

		List<Response> both = List.of(answerA, answerB);
		assertThat(both).as(answers)
			.allSatisfy((answer) -> assertThat(answer.status() < 500 || sessionInvalidatedByTheOtherInstance(answer))
				.as("answered below 500").isTrue());
		assertThat(both.stream().filter((answer) -> answer.status() == 200 && isJson(answer)
				&& "confirmed".equals(answer.field("status")))).as(answers).hasSize(1);
		// exactly one login across both processes' logs (give the loggers a moment)
		Thread.sleep(500);
		assertThat(succeededLines() - before).as("new '" + SUCCEEDED + "' lines in both logs; " + answers)
			.isEqualTo(1);
		// KNOWN LIMITATION (docs/deploying.md, "The cluster test"): the login changes the session id (session
		// fixation protection) while the other instance's request still holds the old one; Spring Session JDBC's save
		// of that request writes the old id back, so the browser may end up logged out (never logged in twice). Both
		// instances must at least agree.
		int meA = browser.a.getJson("/me").status();
		int meB = browser.b.getJson("/me").status();
		assertThat(meA).as(answers).isIn(200, 401).isEqualTo(meB);
		if (meA != 200) {
			System.err.println("ClusterIT: the concurrent completion ended logged out (known limitation): " + answers);
		}
	}

	/** One proof sent to both instances at the same moment: the shared store lets exactly one use it. */
	@Test
	@Order(5)
	void sameProofOnBothInstancesAtOnceLogsInOnce() throws Exception {
		// one browser, its pending login in the shared session, sends its proof to both instances at once
		Browser browser = new Browser();
		String body = "{\"proof\":\"" + mintProof("700000006", startOn(browser.a)) + "\"}";
		int before = succeededLines();

		List<Response> race = atTheSameMoment(() -> browser.a.postJson("/login/telegram/proof", body),
				() -> browser.b.postJson("/login/telegram/proof", body));
		Response answerA = race.get(0);
		Response answerB = race.get(1);
		String answers = "A: " + answerA.status() + " " + answerA.body() + " | B: " + answerB.status() + " "
				+ answerB.body();

		assertThat(List.of(answerA, answerB).stream().filter((answer) -> answer.status() == 200)).as(answers)
			.hasSize(1);
		assertThat(List.of(answerA, answerB)).as(answers)
			// 403: the winner's login already replaced the shared session's CSRF token (Spring Security's
			// CsrfAuthenticationStrategy) when the loser's request reached its CsrfFilter
			.allSatisfy((answer) -> assertThat(List.of(200, 401, 403, 409).contains(answer.status())
					|| sessionInvalidatedByTheOtherInstance(answer))
				.as("answered 200, 401, 403 or 409").isTrue());
		Thread.sleep(500);
		assertThat(succeededLines() - before).as("new '" + SUCCEEDED + "' lines in both logs; " + answers)
			.isEqualTo(1);
	}

	@Test
	@Order(6)
	void instanceKilledMidLoginAndTheOtherCompletesIt() throws Exception {
		Browser browser = new Browser();
		Response start = browser.a.postJson("/login/telegram/start", "");
		assertThat(start.status()).isEqualTo(200);

		a.kill();
		assertThat(browser.b.postJson("/login/telegram/status", "").field("status")).isEqualTo("pending");
		assertThat(browser.b.confirmInTelegram(start.field("deeplink"), "700000005", "Survivor", "survivor")
			.status()).isEqualTo(303);
		Response confirmed = browser.b.postJson("/login/telegram/status", "");
		assertThat(confirmed.field("status")).isEqualTo("confirmed");
		Response me = browser.b.getJson("/me");
		assertThat(me.status()).isEqualTo(200);
		assertThat(me.json().get("telegramId").asString()).isEqualTo("700000005");
	}

	/** Starts a Bondify login through one instance and returns its session token (read off the deeplink). */
	private static String startOn(DemoClient instance) {
		Response start = instance.postJson("/login/telegram/start", "");
		assertThat(start.status()).isEqualTo(200);
		String deeplink = start.field("deeplink");
		return deeplink.substring(deeplink.indexOf("start=") + "start=".length());
	}

	/**
	 * A proof for the confirmed Bondify login of the given session, minted by the shared emulator as its verify
	 * endpoint would answer.
	 */
	private static String mintProof(String telegramId, String token) {
		bondify.confirm(token, EmulatedTelegramUser.of(telegramId, "Proof User", "proof_user"));
		String proof = ((BondifyAnswer.Confirmed) bondify.verify(BondifyEmulator.DEFAULT_PROJECT_ID, token)).proof();
		assertThat(proof).isNotBlank();
		return proof;
	}

	/** Sends two requests from two threads released together; their answers, in order. */
	private static List<Response> atTheSameMoment(Supplier<Response> first, Supplier<Response> second)
			throws Exception {
		ExecutorService threads = Executors.newFixedThreadPool(2);
		try {
			CountDownLatch ready = new CountDownLatch(2);
			CountDownLatch go = new CountDownLatch(1);
			List<Future<Response>> answers = new ArrayList<>();
			for (Supplier<Response> request : List.of(first, second)) {
				answers.add(threads.submit(() -> {
					ready.countDown();
					go.await();
					return request.get();
				}));
			}
			assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
			go.countDown();
			return List.of(answers.get(0).get(60, TimeUnit.SECONDS), answers.get(1).get(60, TimeUnit.SECONDS));
		}
		finally {
			threads.shutdownNow();
		}
	}

	private static boolean isJson(Response answer) {
		return answer.contentType().startsWith("application/json");
	}

	private static int succeededLines() throws Exception {
		int count = 0;
		for (DemoProcess instance : List.of(a, b)) {
			for (String line : Files.readAllLines(instance.log(), StandardCharsets.UTF_8)) {
				if (line.contains(SUCCEEDED)) {
					count++;
				}
			}
		}
		return count;
	}

	/**
	 * KNOWN LIMITATION of Spring Session Data Redis (docs/deploying.md, "The cluster test"): when two requests of one
	 * session complete a login at the same moment on two instances, the winner changes the session id (session
	 * fixation protection) and Spring Session's save of the loser's request, after the library has answered, finds its
	 * old session gone and fails with "Session was invalidated": the container answers that request 500. The login
	 * still happens once, and the browser's next request sees it.
	 */
	private boolean sessionInvalidatedByTheOtherInstance(Response answer) {
		if (this.shared.equals("redis") && answer.status() == 500) {
			System.err.println("ClusterIT: Spring Session Data Redis failed the losing request (known limitation)");
			return true;
		}
		return false;
	}

	private static boolean redisReachable() {
		try (java.net.Socket socket = new java.net.Socket()) {
			socket.connect(new java.net.InetSocketAddress("127.0.0.1", 6379), 3000);
			socket.setSoTimeout(3000);
			socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
			byte[] answer = socket.getInputStream().readNBytes(5);
			return new String(answer, StandardCharsets.US_ASCII).equals("+PONG");
		}
		catch (Exception ex) {
			return false;
		}
	}

	private static boolean postgresReachable() {
		DriverManager.setLoginTimeout(3);
		try (Connection connection = DriverManager.getConnection(DATABASE, "postgres", "")) {
			return connection.isValid(3);
		}
		catch (Exception ex) {
			return false;
		}
	}

	private static Tomcat startEmulator(EmulatorServlet servlet) throws Exception {
		Tomcat tomcat = new Tomcat();
		tomcat.setBaseDir(Files.createTempDirectory("cluster-it-tomcat").toString());
		Connector connector = new Connector();
		connector.setPort(0);
		connector.setProperty("address", "127.0.0.1");
		tomcat.setConnector(connector);
		Context context = tomcat.addContext("", null);
		Tomcat.addServlet(context, "tgloginEmulator", servlet);
		context.addServletMappingDecoded("/tglogin-emulator/*", "tgloginEmulator");
		tomcat.start();
		return tomcat;
	}

	/** One browser: one cookie jar (so one session, by cookie) for both instances, as behind a load balancer. */
	private static final class Browser {

		final DemoClient a;

		final DemoClient b;

		Browser() {
			CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
			this.a = new DemoClient(baseA, cookies).openLoginPage();
			this.b = new DemoClient(baseB, cookies).openLoginPage();
		}

	}

}
