package dev.tglogin.autoconfigure;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.provider.Arguments;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

import dev.tglogin.emulator.BondifyEmulator;
import dev.tglogin.emulator.EmulatedTelegramUser;
import dev.tglogin.emulator.XellarEmulator;
import dev.tglogin.test.Browser;
import dev.tglogin.test.EmulatorServer;

/**
 * What the coexistence tests share: the emulated upstreams (started once per test class), the {@code tglogin.*}
 * properties of Bondify only, Xellar only and both flows ({@code @MethodSource("flows")}), and an embedded Boot app
 * started with them.
 */
abstract class CoexistenceTestSupport {

	static final String BONDIFY_SECRET = "coexistence-secret-0123456789abcdefghij";

	private static final AtomicInteger PHONES = new AtomicInteger(ThreadLocalRandom.current().nextInt(1_000_000));

	static EmulatorServer upstream;

	/** Starts both emulated upstreams; the Bondify one signs with {@link #BONDIFY_SECRET}. */
	@BeforeAll
	static void startUpstream() {
		upstream = new EmulatorServer(
				BondifyEmulator.builder().secret(BONDIFY_SECRET.getBytes(StandardCharsets.UTF_8)).build(),
				XellarEmulator.builder().build());
	}

	@AfterAll
	static void stopUpstream() throws Exception {
		upstream.close();
	}

	/** The properties of each flow set, as named arguments: "Bondify only", "Xellar only", "both flows". */
	static Stream<Arguments> flows() {
		List<String> bondify = List.of("tglogin.bondify.project-id=" + upstream.bondify().projectId(),
				"tglogin.bondify.secret=" + BONDIFY_SECRET, "tglogin.bondify.base-url=" + upstream.baseUrl());
		List<String> xellar = List.of("tglogin.xellar.client-secret=" + upstream.xellar().clientSecret(),
				"tglogin.xellar.base-url=" + upstream.baseUrl());
		List<String> both = new ArrayList<>(bondify);
		both.addAll(xellar);
		return Stream.of(Arguments.argumentSet("Bondify only", bondify), Arguments.argumentSet("Xellar only", xellar),
				Arguments.argumentSet("both flows", both));
	}

	/** Runs the app on a free loopback port with the flow's properties and the given ones. */
	static ConfigurableApplicationContext run(Class<?> app, List<String> flow, String... more) {
		List<String> properties = new ArrayList<>(
				List.of("server.port=0", "server.address=127.0.0.1", "spring.main.banner-mode=off"));
		properties.addAll(flow);
		properties.addAll(List.of(more));
		return new SpringApplicationBuilder(app).web(WebApplicationType.SERVLET)
			.properties(properties.toArray(new String[0]))
			.run();
	}

	/** The running app's base URI. */
	static URI base(ConfigurableApplicationContext context) {
		return URI.create("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port"));
	}

	/** The flow's first endpoint (Bondify's start, else Xellar's OTP request) and a body it accepts. */
	static String[] firstTelegramCall(List<String> flow) {
		return flow.get(0).startsWith("tglogin.bondify") ? new String[] { "/login/telegram/start", "{}" }
				: new String[] { "/login/telegram/otp", "{\"phoneNumber\":\"" + phoneNumber() + "\"}" };
	}

	/**
	 * Logs the browser in with Telegram through the flow's first method, the user confirming on the emulator: Bondify
	 * (start, confirm, status) or Xellar (OTP, the code the emulator sent, verify).
	 * @return the {@code confirmed} answer
	 */
	static Browser.Response logInWithTelegram(Browser browser, List<String> flow) {
		browser.openLoginPage();
		if (flow.get(0).startsWith("tglogin.bondify")) {
			String deeplink = browser.post("/login/telegram/start").field("deeplink");
			upstream.bondify()
				.confirm(deeplink.substring(deeplink.indexOf("start=") + 6), EmulatedTelegramUser.defaultUser());
			return browser.post("/login/telegram/status");
		}
		String phone = phoneNumber();
		browser.post("/login/telegram/otp", "{\"phoneNumber\":\"" + phone + "\"}");
		return browser.post("/login/telegram/otp/verify",
				"{\"otp\":\"" + upstream.xellar().lastOtp(phone).orElseThrow() + "\"}");
	}

	/** The app's local users: {@code alice}, password {@code password}, {@code ROLE_USER}. */
	static UserDetailsService localUsers() {
		return new InMemoryUserDetailsManager(
				User.withUsername("alice").password("{noop}password").roles("USER").build());
	}

	/** A phone number of its own per call: the emulator sends one code per number and minute. */
	private static String phoneNumber() {
		return "+1555" + (1_000_000 + PHONES.incrementAndGet());
	}

}
