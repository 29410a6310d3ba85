package dev.tglogin.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.nimbusds.jose.util.JSONObjectUtils;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import dev.tglogin.bondify.BondifyClient;
import dev.tglogin.bondify.BondifySession;
import dev.tglogin.bondify.BondifyStatus;
import dev.tglogin.bondify.HttpBondifyClient;
import dev.tglogin.emulator.BondifyEmulator;
import dev.tglogin.emulator.EmulatedTelegramUser;
import dev.tglogin.emulator.XellarEmulator;
import dev.tglogin.http.UpstreamHttpClient;
import dev.tglogin.test.EmulatorServer;
import dev.tglogin.test.Proofs;
import dev.tglogin.test.TestApp;
import dev.tglogin.xellar.HttpXellarClient;
import dev.tglogin.xellar.XellarClient;
import dev.tglogin.xellar.XellarOtpChallenge;
import dev.tglogin.xellar.XellarWalletCreation;
import dev.tglogin.xellar.XellarWalletCredentials;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Endpoint fuzzing with jqwik: {@value #TRIES} generated requests (plus {@value #LIMIT_TRIES} around the body limit)
 * against one app with both flows on the emulator, over one keep-alive HTTP client. Requests mix methods, every
 * endpoint and unknown subpaths, content types, valid, malformed, deeply nested, wrongly typed and non-UTF-8 bodies,
 * huge strings and bodies up to 1 MB, session cookies (own, none, garbage, another browser's) and CSRF tokens (right,
 * missing, wrong, doubled either way, another session's, in a form field).
 * <p>
 * Every answer: no 5xx, no stack trace or Java class name, no echo of a secret (the Bondify secret, the Xellar client
 * secret), of a session or verification token, proof or OTP. Every body above the limit sent with the right CSRF
 * token to an endpoint of the library answers 413 {@code payload_too_large}. About a minute on two cores.
 */
class EndpointFuzzTests {

	static final int TRIES = 10_000;

	static final int LIMIT_TRIES = 300;

	private static final int BODY_LIMIT = 16 * 1024;

	private static final List<String> ENDPOINTS = List.of("/login/telegram/start", "/login/telegram/status",
			"/login/telegram/proof", "/login/telegram/otp", "/login/telegram/otp/verify");

	private static final Pattern NUMBER = Pattern.compile("(?<![0-9])[0-9]{6}(?![0-9])");

	private static final Pattern META = Pattern.compile("<meta name=\"_csrf\" content=\"([^\"]*)\">");

	private static final AtomicLong requests = new AtomicLong();

	private static final AtomicLong statusCounts[] = new AtomicLong[6];

	private static final Map<Integer, AtomicLong> byStatus = new java.util.concurrent.ConcurrentSkipListMap<>();

	private static final Set<String> tokens = ConcurrentHashMap.newKeySet();

	private static final Set<String> otps = ConcurrentHashMap.newKeySet();

	private static EmulatorServer upstream;

	private static TestApp app;

	private static HttpClient http;

	private static List<Session> sessions;

	private static long began;

	@BeforeContainer
	static void start() throws Exception {
		began = System.nanoTime();
		for (int i = 0; i < statusCounts.length; i++) {
			statusCounts[i] = new AtomicLong();
		}
		upstream = new EmulatorServer(BondifyEmulator.builder().build(),
				XellarEmulator.builder().loginInterval(Duration.ZERO).build());
		UpstreamHttpClient bondifyHttp = new UpstreamHttpClient("bondify", Duration.ofSeconds(1), Duration.ofSeconds(2));
		BondifyClient bondify = new RecordingBondify(
				new HttpBondifyClient(bondifyHttp, upstream.baseUrl(), upstream.bondify().projectId()));
		XellarClient xellar = new RecordingXellar(new HttpXellarClient(
				new UpstreamHttpClient("xellar", Duration.ofSeconds(1), Duration.ofSeconds(2)), upstream.baseUrl(), "v2",
				upstream.xellar().clientSecret()));
		app = new TestApp((telegram) -> telegram
			.throttle((throttle) -> throttle.startsPerAddress(0, Duration.ofMinutes(1)).otpSendInterval(Duration.ZERO))
			.bondify((b) -> b.client(bondify)
				.projectId(upstream.bondify().projectId())
				.secret(upstream.bondify().secret()))
			.xellar((x) -> x.client(xellar)));
		http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
		sessions = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			sessions.add(newSession());
		}
	}

	@AfterContainer
	static void stop() throws Exception {
		try {
			// the app still works after the storm: an honest login completes
			Session honest = newSession();
			HttpResponse<String> start = send(request("POST", "/login/telegram/start", honest.cookie, honest.csrf,
					new byte[0], "application/json"));
			assertThat(start.statusCode()).isEqualTo(200);
			String deeplink = String.valueOf(JSONObjectUtils.parse(start.body()).get("deeplink"));
			upstream.bondify().confirm(deeplink.substring(deeplink.indexOf("start=") + 6),
					EmulatedTelegramUser.defaultUser());
			HttpResponse<String> status = send(request("POST", "/login/telegram/status", honest.cookie, honest.csrf,
					new byte[0], "application/json"));
			assertThat(status.body()).contains("\"confirmed\"");
			long seconds = Duration.ofNanos(System.nanoTime() - began).toSeconds();
			System.out.println("EndpointFuzzTests: " + requests.get() + " requests in " + seconds
					+ " s; answers 1xx-5xx: " + statusCounts[1] + "/" + statusCounts[2] + "/" + statusCounts[3] + "/"
					+ statusCounts[4] + "/" + statusCounts[5] + "; " + tokens.size() + " tokens and " + otps.size()
					+ " OTPs checked against every body; by status (0 = connection closed before the answer): "
					+ byStatus);
			assertThat(requests.get()).isGreaterThanOrEqualTo(TRIES + LIMIT_TRIES);
			assertThat(statusCounts[5].get()).isZero();
		}
		finally {
			app.close();
			upstream.close();
		}
	}

	// ---------------------------------------------------------------- properties

	@Property(tries = TRIES, shrinking = ShrinkingMode.OFF)
	void anyRequestIsAnsweredWithoutServerErrorLeakOrEcho(@ForAll("requests") FuzzRequest fuzz) throws Exception {
		Answer answer = exchange(fuzz);
		checkClean(fuzz, answer);
		if (answer.status == 403 && fuzz.reachesLibraryEndpoint() && fuzz.body.length > BODY_LIMIT) {
			// the session's CSRF token went stale through an earlier request of the run (a cause not tracked above:
			// seen twice in CI, not yet explained): go on with a fresh session; the answer itself must still be 413
			sessions.set(fuzz.session, newSession());
			answer = exchange(fuzz);
			checkClean(fuzz, answer);
		}
		if (answer.status == 0 && fuzz.reachesLibraryEndpoint() && fuzz.body.length > BODY_LIMIT) {
			// the connection was lost (a connection the server closed after an earlier request whose body it did
			// not read can be reused by the client in that moment): the answer itself must still be 413
			answer = exchange(fuzz);
			checkClean(fuzz, answer);
		}
		if (fuzz.reachesLibraryEndpoint() && fuzz.body.length > BODY_LIMIT) {
			assertThat(answer.status).as(fuzz.describe()).isEqualTo(413);
			assertThat(answer.body).contains("\"payload_too_large\"");
		}
	}

	@Property(tries = LIMIT_TRIES, shrinking = ShrinkingMode.OFF)
	void bodiesAboveTheLimitAreRefusedOnEveryEndpoint(@ForAll("endpoints") String path,
			@ForAll("sizesAroundTheLimit") int size, @ForAll("sessionIndexes") int session,
			@ForAll boolean chunked) throws Exception {
		Session own = sessions.get(session);
		byte[] body = filler(size);
		FuzzRequest fuzz = new FuzzRequest("POST", path, "application/json", "application/json", Csrf.RIGHT,
				Cookie.OWN, session, body, null, chunked);
		Answer answer = exchange(fuzz);
		checkClean(fuzz, answer);
		if (size > BODY_LIMIT) {
			assertThat(answer.status).as(fuzz.describe()).isEqualTo(413);
			assertThat(JSONObjectUtils.parse(answer.body)).containsEntry("error", "payload_too_large");
		}
		else {
			assertThat(answer.status).as(fuzz.describe()).isNotEqualTo(413);
		}
		assertThat(own).isNotNull();
	}

	// ---------------------------------------------------------------- generators

	@Provide
	Arbitrary<String> endpoints() {
		return Arbitraries.of(ENDPOINTS);
	}

	@Provide
	Arbitrary<Integer> sizesAroundTheLimit() {
		return Arbitraries.oneOf(Arbitraries.integers().between(BODY_LIMIT - 64, BODY_LIMIT + 64),
				Arbitraries.of(0, 1, BODY_LIMIT, BODY_LIMIT + 1, 64 * 1024, 1024 * 1024));
	}

	@Provide
	Arbitrary<Integer> sessionIndexes() {
		return Arbitraries.integers().between(0, 11);
	}

	@Provide
	Arbitrary<FuzzRequest> requests() {
		Arbitrary<String> methods = Arbitraries.frequencyOf(Tuple.of(70, Arbitraries.just("POST")),
				Tuple.of(10, Arbitraries.just("GET")),
				Tuple.of(12, Arbitraries.of("PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE")),
				Tuple.of(3, Arbitraries.strings().withCharRange('A', 'Z').ofMinLength(1).ofMaxLength(12)));
		Arbitrary<String> paths = Arbitraries.frequencyOf(Tuple.of(75, Arbitraries.of(ENDPOINTS)),
				Tuple.of(5, Arbitraries.of("/login/telegram", "/login/telegram/tglogin.js", "/login/telegram/tglogin.css")),
				Tuple.of(20, Arbitraries.oneOf(
						Arbitraries.of("/login/telegram/", "/login/telegram/start/", "/login/telegram//start",
								"/login/telegram/%2e%2e/start", "/login/telegram/start;jsessionid=abc",
								"/login/telegram/START", "/login/telegram/otp/verify/again", "/login/telegram/webhook",
								"/login/telegram/status?session_token=sess_x", "/login/telegram/%00",
								"/login/telegram/..%2fstart", "/login/telegram/proof%20"),
						Arbitraries.strings().alpha().numeric().withChars('-', '_', '.').ofMinLength(1).ofMaxLength(40)
							.map((segment) -> "/login/telegram/" + segment))));
		Arbitrary<String> contentTypes = Arbitraries.of("application/json", "application/json; charset=UTF-8",
				"application/json;charset=ISO-8859-1", "text/plain", "application/x-www-form-urlencoded",
				"multipart/form-data; boundary=fuzz", "application/xml", "*/*", "garbage/;;=", "", "none");
		Arbitrary<String> accepts = Arbitraries.of("application/json", "text/html", "*/*", "none",
				"application/json;q=0.1, text/html");
		Arbitrary<Csrf> csrf = Arbitraries.frequencyOf(Tuple.of(60, Arbitraries.just(Csrf.RIGHT)),
				Tuple.of(40, Arbitraries.of(Csrf.values())));
		Arbitrary<Cookie> cookies = Arbitraries.frequencyOf(Tuple.of(80, Arbitraries.just(Cookie.OWN)),
				Tuple.of(20, Arbitraries.of(Cookie.values())));
		Arbitrary<Integer> session = sessionIndexes();
		Arbitrary<BodySpec> bodies = Combinators.combine(Arbitraries.of(BodyKind.values()),
				Arbitraries.longs(), Arbitraries.frequencyOf(Tuple.of(85, Arbitraries.integers().between(0, 2_000)),
						Tuple.of(10, Arbitraries.integers().between(BODY_LIMIT - 16, BODY_LIMIT + 16)),
						Tuple.of(5, Arbitraries.integers().between(BODY_LIMIT, 1024 * 1024))))
			.as(BodySpec::new);
		Arbitrary<String> forwardedFor = Arbitraries.oneOf(Arbitraries.just("none"),
				Arbitraries.of("203.0.113.9", "1.2.3.4, 203.0.113.9", "::1", "not-an-address", "999.1.1.1",
						"[2001:db8::1]:443"));
		return Combinators.combine(methods, paths, contentTypes, accepts, csrf, cookies, session, bodies)
			.flatAs((method, path, contentType, accept, c, cookie, s, spec) -> forwardedFor.map(
					(xff) -> new FuzzRequest(method, path, contentType, accept, c, cookie, s,
							spec.materialize(path), "none".equals(xff) ? null : xff, false)));
	}

	// ---------------------------------------------------------------- exchange and checks

	private static Answer exchange(FuzzRequest fuzz) throws Exception {
		Session session = sessions.get(fuzz.session);
		String cookie = switch (fuzz.cookie) {
			case OWN -> session.cookie;
			case NONE -> null;
			case GARBAGE -> "JSESSIONID=" + "x".repeat(40);
			case OTHER -> sessions.get((fuzz.session + 1) % sessions.size()).cookie;
		};
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(app.uri() + fuzz.path))
			.timeout(Duration.ofSeconds(20))
			.method(fuzz.method, fuzz.chunked
					? HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(fuzz.body))
					: HttpRequest.BodyPublishers.ofByteArray(fuzz.body));
		if (!"none".equals(fuzz.contentType)) {
			request.header("Content-Type", fuzz.contentType);
		}
		if (!"none".equals(fuzz.accept)) {
			request.header("Accept", fuzz.accept);
		}
		if (cookie != null) {
			request.header("Cookie", cookie);
		}
		if (fuzz.forwardedFor != null) {
			request.header("X-Forwarded-For", fuzz.forwardedFor);
		}
		String other = sessions.get((fuzz.session + 1) % sessions.size()).csrf;
		switch (fuzz.csrf) {
			case RIGHT -> request.header("X-CSRF-TOKEN", session.csrf);
			case MISSING -> {
			}
			case WRONG -> request.header("X-CSRF-TOKEN", UUID.randomUUID().toString());
			case DOUBLED_RIGHT_FIRST -> request.header("X-CSRF-TOKEN", session.csrf).header("X-CSRF-TOKEN", other);
			case DOUBLED_WRONG_FIRST -> request.header("X-CSRF-TOKEN", other).header("X-CSRF-TOKEN", session.csrf);
			case OTHER_SESSION -> request.header("X-CSRF-TOKEN", other);
			case WRONG_HEADER_NAME -> request.header("X-XSRF-TOKEN", session.csrf);
		}
		URI uri;
		try {
			uri = URI.create(app.uri() + fuzz.path);
		}
		catch (IllegalArgumentException ex) {
			return new Answer(400, "", null);
		}
		assertThat(uri).isNotNull();
		HttpResponse<String> response;
		try {
			response = send(request.build());
		}
		catch (java.io.IOException ex) {
			// the server may close the connection on a body it did not read; the answer is then lost, but the
			// server must still be alive: check with a plain request
			HttpResponse<String> alive = send(HttpRequest.newBuilder(URI.create(app.uri() + "/login/telegram"))
				.header("Accept", "text/html").GET().build());
			assertThat(alive.statusCode()).as("after " + fuzz.describe() + ": " + ex).isEqualTo(200);
			byStatus.computeIfAbsent(0, (k) -> new AtomicLong()).incrementAndGet();
			// what the lost request did is unknown (a valid proof may have logged this session in and renewed its
			// CSRF token): go on with a fresh session
			sessions.set(fuzz.session, newSession());
			return new Answer(0, "", null);
		}
		Answer answer = new Answer(response.statusCode(), response.body(), response);
		if (answer.status == 200 && fuzz.path.startsWith("/login/telegram/status") && answer.body.contains("confirmed")
				|| answer.status == 200 && fuzz.path.equals("/login/telegram/proof")
				|| answer.status == 200 && fuzz.path.equals("/login/telegram/otp/verify")) {
			// a login happened (the fuzz sometimes sends a valid proof): this session is someone else now
			sessions.set(fuzz.session, newSession());
		}
		if (answer.status == 200 && fuzz.path.equals("/login/telegram/otp")) {
			Matcher phone = Pattern.compile("\"phoneNumber\":\"(\\+[0-9]+)\"")
				.matcher(new String(fuzz.body, StandardCharsets.UTF_8));
			if (phone.find()) {
				upstream.xellar().lastOtp(phone.group(1)).ifPresent(otps::add);
			}
		}
		return answer;
	}

	private static void checkClean(FuzzRequest fuzz, Answer answer) {
		if (answer.status == 0) {
			return;
		}
		statusCounts[answer.status / 100].incrementAndGet();
		byStatus.computeIfAbsent(answer.status, (k) -> new AtomicLong()).incrementAndGet();
		String what = fuzz.describe() + " -> " + answer.status + " " + abbreviate(answer.body);
		assertThat(answer.status).as(what).isLessThan(500);
		assertThat(answer.body).as(what).doesNotContain("Exception", "at dev.", "java.", "jakarta.servlet",
				"org.springframework", "\tat ");
		String body = answer.body;
		if (answer.status == 200 && fuzz.path.startsWith("/login/telegram/start") && body.contains("deeplink")) {
			// the start answer names the session token inside the deeplink (and its QR code): nowhere else
			try {
				Map<String, Object> json = JSONObjectUtils.parse(body);
				body = body.replace(String.valueOf(json.get("deeplink")), "").replace(String.valueOf(json.get("qrSvg")), "");
			}
			catch (java.text.ParseException ex) {
				throw new AssertionError(what, ex);
			}
		}
		for (String token : List.of(upstream.xellar().clientSecret(),
				java.util.HexFormat.of().formatHex(upstream.bondify().secret()),
				java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(upstream.bondify().secret()))) {
			assertThat(body).as(what).doesNotContain(token);
		}
		for (String token : tokens) {
			if (body.contains(token)) {
				throw new AssertionError("a token was echoed: " + what);
			}
		}
		String sentProof = fuzz.proof();
		if (sentProof != null && sentProof.length() >= 16) {
			assertThat(body).as("the proof sent is not echoed: " + what).doesNotContain(sentProof);
		}
		if (answer.response != null && answer.response.headers().firstValue("Content-Type").orElse("").contains("json")) {
			Matcher number = NUMBER.matcher(body.replaceAll("\"expiresAt\":\"[^\"]*\"", ""));
			while (number.find()) {
				assertThat(otps).as("an OTP was echoed: " + what).doesNotContain(number.group());
			}
		}
	}

	// ---------------------------------------------------------------- plumbing

	private static Session newSession() throws Exception {
		HttpResponse<String> page = send(HttpRequest.newBuilder(URI.create(app.uri() + "/login/telegram"))
			.header("Accept", "text/html").GET().build());
		String cookie = page.headers().allValues("Set-Cookie").stream().filter((c) -> c.startsWith("JSESSIONID="))
			.map((c) -> c.split(";")[0]).findFirst().orElseThrow();
		Matcher csrf = META.matcher(page.body());
		assertThat(csrf.find()).isTrue();
		return new Session(cookie, csrf.group(1));
	}

	private static HttpRequest request(String method, String path, String cookie, String csrf, byte[] body,
			String contentType) {
		return HttpRequest.newBuilder(URI.create(app.uri() + path))
			.header("Cookie", cookie)
			.header("X-CSRF-TOKEN", csrf)
			.header("Content-Type", contentType)
			.header("Accept", "application/json")
			.method(method, HttpRequest.BodyPublishers.ofByteArray(body))
			.build();
	}

	private static HttpResponse<String> send(HttpRequest request) throws Exception {
		requests.incrementAndGet();
		return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
	}

	private static byte[] filler(int size) {
		String prefix = "{\"proof\":\"";
		if (size < prefix.length() + 2) {
			return "{}".substring(0, Math.min(2, size)).getBytes(StandardCharsets.UTF_8);
		}
		byte[] body = new byte[size];
		java.util.Arrays.fill(body, (byte) 'a');
		System.arraycopy(prefix.getBytes(StandardCharsets.UTF_8), 0, body, 0, prefix.length());
		body[size - 2] = '"';
		body[size - 1] = '}';
		return body;
	}

	private static String abbreviate(String text) {
		return (text.length() > 300) ? text.substring(0, 300) + "..." : text;
	}

	record Session(String cookie, String csrf) {
	}

	record Answer(int status, String body, HttpResponse<String> response) {
	}

	enum Csrf {

		RIGHT, MISSING, WRONG, DOUBLED_RIGHT_FIRST, DOUBLED_WRONG_FIRST, OTHER_SESSION, WRONG_HEADER_NAME

	}

	enum Cookie {

		OWN, NONE, GARBAGE, OTHER

	}

	enum BodyKind {

		EMPTY, VALID_SHAPE, VALID_PROOF, RANDOM_JSON, WRONG_TYPES, MALFORMED, DEEPLY_NESTED, HUGE_STRING, RANDOM_BYTES,
		FORM, DUPLICATE_KEYS, NON_OBJECT

	}

	/** A request to send. */
	record FuzzRequest(String method, String path, String contentType, String accept, Csrf csrf, Cookie cookie,
			int session, byte[] body, String forwardedFor, boolean chunked) {

		boolean reachesLibraryEndpoint() {
			return "POST".equals(this.method) && ENDPOINTS.contains(this.path) && this.cookie == Cookie.OWN
					&& (this.csrf == Csrf.RIGHT || this.csrf == Csrf.DOUBLED_RIGHT_FIRST);
		}

		String proof() {
			if (this.body.length > 20_000) {
				return null;
			}
			Matcher m = Pattern.compile("\"proof\":\"([^\"]+)\"").matcher(new String(this.body, StandardCharsets.UTF_8));
			return m.find() ? m.group(1) : null;
		}

		String describe() {
			String preview = new String(this.body, 0, Math.min(120, this.body.length), StandardCharsets.UTF_8)
				.replaceAll("[^\\p{Print}]", "?");
			return this.method + " " + this.path + " [" + this.contentType + ", accept " + this.accept + ", csrf "
					+ this.csrf + ", cookie " + this.cookie + ", xff " + this.forwardedFor + ", " + this.body.length
					+ " bytes: " + preview + "]";
		}

	}

	/** What body to make: its kind, a seed for the details and a size hint. */
	record BodySpec(BodyKind kind, long seed, int size) {

		byte[] materialize(String path) {
			Random random = new Random(this.seed);
			String field = path.contains("otp/verify") ? "otp"
					: path.contains("/otp") ? "phoneNumber" : path.contains("proof") ? "proof" : "x";
			String text = switch (this.kind) {
				case EMPTY -> "";
				case VALID_SHAPE -> "{\"" + field + "\":\"" + validValue(field, random) + "\"}";
				case VALID_PROOF -> "{\"proof\":\"" + validProof(random) + "\"}";
				case RANDOM_JSON -> randomJson(random, 0, field);
				case WRONG_TYPES -> "{\"" + field + "\":" + wrongType(random) + "}";
				case MALFORMED -> malformed(random, field);
				case DEEPLY_NESTED -> nested(random);
				case HUGE_STRING -> "{\"" + field + "\":\"" + "9".repeat(Math.max(1, this.size)) + "\"}";
				case RANDOM_BYTES -> null;
				case FORM -> "_csrf=" + UUID.randomUUID() + "&" + field + "=" + validValue(field, random) + "&x="
						+ "y".repeat(Math.min(this.size, 300_000));
				case DUPLICATE_KEYS -> "{\"" + field + "\":\"" + validValue(field, random) + "\",\"" + field + "\":"
						+ wrongType(random) + "}";
				case NON_OBJECT -> new String[] { "[]", "null", "42", "\"proof\"", "true", "[{\"proof\":\"a.b.c\"}]" }[random
					.nextInt(6)];
			};
			if (text == null) {
				byte[] bytes = new byte[Math.min(this.size, 1024 * 1024)];
				random.nextBytes(bytes);
				return bytes;
			}
			return text.getBytes(StandardCharsets.UTF_8);
		}

		private static String validValue(String field, Random random) {
			return switch (field) {
				case "otp" -> String.format("%06d", random.nextInt(1_000_000));
				case "phoneNumber" -> "+1999" + String.format("%07d", random.nextInt(200));
				case "proof" -> "eyJhbGciOiJIUzI1NiJ9." + Long.toHexString(random.nextLong()) + "." + Long.toHexString(random.nextLong());
				default -> Long.toString(random.nextLong());
			};
		}

		private static String validProof(Random random) {
			// now and then a proof that verifies: the fuzz also logs in (and the session is replaced)
			if (random.nextInt(4) == 0) {
				return Proofs.hs256(upstream.bondify().secret(), upstream.bondify().projectId(),
						"sess_fuzz_" + UUID.randomUUID(), (c) -> {
						});
			}
			return Proofs.hs256(new byte[32], upstream.bondify().projectId(), "sess_fuzz_" + UUID.randomUUID(),
					(c) -> {
					});
		}

		private static String wrongType(Random random) {
			return new String[] { "42", "-1e309", "true", "null", "[]", "{}", "[\"a\",1]", "{\"proof\":\"x\"}",
					"\"\"", "\"   \"", "1.7976931348623157E309", "\"\\u0000\"" }[random.nextInt(12)];
		}

		private static String malformed(Random random, String field) {
			String valid = "{\"" + field + "\":\"" + validValue(field, random) + "\"}";
			return switch (random.nextInt(6)) {
				case 0 -> valid.substring(0, random.nextInt(valid.length()));
				case 1 -> valid.replace("\"", "'");
				case 2 -> valid + "}}}";
				case 3 -> "{" + field + ":" + validValue(field, random) + "}";
				case 4 -> "{\"" + field + "\":\"\\ud800\"}";
				default -> "\u0000\uffff{\"";
			};
		}

		private static String nested(Random random) {
			int depth = new int[] { 10, 300, 5_000, 100_000 }[random.nextInt(4)];
			return random.nextBoolean() ? "[".repeat(depth) + "]".repeat(depth)
					: "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
		}

		private static String randomJson(Random random, int depth, String field) {
			int choice = (depth > 4) ? random.nextInt(4) : random.nextInt(7);
			return switch (choice) {
				case 0 -> Integer.toString(random.nextInt());
				case 1 -> "\"" + Long.toString(random.nextLong(), 36) + "\"";
				case 2 -> Boolean.toString(random.nextBoolean());
				case 3 -> "null";
				case 4 -> {
					StringBuilder array = new StringBuilder("[");
					for (int i = random.nextInt(4); i > 0; i--) {
						array.append(randomJson(random, depth + 1, field)).append(i > 1 ? "," : "");
					}
					yield array.append("]").toString();
				}
				default -> {
					StringBuilder object = new StringBuilder("{");
					int n = random.nextInt(4);
					for (int i = 0; i < n; i++) {
						String key = random.nextBoolean() ? field : Long.toString(random.nextLong(), 36);
						object.append('"').append(key).append("\":").append(randomJson(random, depth + 1, field))
							.append(i < n - 1 ? "," : "");
					}
					yield object.append("}").toString();
				}
			};
		}

	}

	/** Records the tokens the library's Bondify client handles, to check that no answer echoes one. */
	private record RecordingBondify(BondifyClient delegate) implements BondifyClient {

		@Override
		public BondifySession generate() {
			BondifySession session = this.delegate.generate();
			tokens.add(session.sessionToken());
			return session;
		}

		@Override
		public BondifyStatus status(String sessionToken) {
			BondifyStatus status = this.delegate.status(sessionToken);
			if (status.proof() != null) {
				tokens.add(status.proof());
			}
			return status;
		}

	}

	/** Records the tokens the library's Xellar client handles. */
	private record RecordingXellar(XellarClient delegate) implements XellarClient {

		@Override
		public XellarOtpChallenge sendOtp(String phoneNumber) {
			XellarOtpChallenge challenge = this.delegate.sendOtp(phoneNumber);
			tokens.add(challenge.verificationToken());
			return challenge;
		}

		@Override
		public XellarWalletCredentials verifyOtp(String verificationToken, String otp) {
			XellarWalletCredentials credentials = this.delegate.verifyOtp(verificationToken, otp);
			record(credentials);
			return credentials;
		}

		@Override
		public XellarWalletCreation createWallet(String accessToken) {
			XellarWalletCreation creation = this.delegate.createWallet(accessToken);
			record(creation.credentials());
			return creation;
		}

		@Override
		public XellarWalletCredentials refresh(XellarWalletCredentials credentials) {
			XellarWalletCredentials refreshed = this.delegate.refresh(credentials);
			record(refreshed);
			return refreshed;
		}

		private static void record(XellarWalletCredentials credentials) {
			for (String token : new String[] { credentials.getWalletToken(), credentials.getRefreshToken(),
					credentials.getAccessToken() }) {
				if (token != null) {
					tokens.add(token);
				}
			}
		}

	}

}
