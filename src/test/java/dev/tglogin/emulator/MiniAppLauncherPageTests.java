package dev.tglogin.emulator;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tglogin.miniapp.MiniAppInitData;
import dev.tglogin.miniapp.MiniAppInitDataValidator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Mini App launcher over real HTTP: embedded Jetty, servlet at {@code /app/tglogin-emulator/*}, serving the Mini
 * App emulator only.
 */
class MiniAppLauncherPageTests {

	private static final MiniAppEmulator telegram = new MiniAppEmulator();

	private static Server server;

	private static String origin;

	private static final HttpClient http = HttpClient.newBuilder()
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	@BeforeAll
	static void startServer() throws Exception {
		server = new Server(0);
		ServletContextHandler context = new ServletContextHandler("/app");
		EmulatorServlet servlet = new EmulatorServlet(null, null, telegram, null);
		servlet.setMiniAppPath("/login/telegram");
		context.addServlet(new ServletHolder(servlet), "/tglogin-emulator/*");
		server.setHandler(context);
		server.start();
		origin = "http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort();
	}

	@AfterAll
	static void stopServer() throws Exception {
		server.stop();
	}

	@Test
	void launcherWhenGetThenAFormForTheUserPostingToLaunch() throws Exception {
		HttpResponse<String> page = send(HttpRequest.newBuilder(URI.create(origin + "/app/tglogin-emulator/miniapp")));
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("id=\"launch\"", "action=\"/app/tglogin-emulator/miniapp/launch\"",
				"value=\"" + EmulatedTelegramUser.DEFAULT_ID + "\"", "Telegram emulator");
		assertThat(page.body()).doesNotContain(telegram.botToken());
		assertThat(page.headers().firstValue("Content-Security-Policy")).isPresent();
	}

	@Test
	void launchWhenPostedThenRedirectsToTheAppWithInitDataTheLibraryAcceptsForThatUser() throws Exception {
		HttpResponse<String> launched = launch(
				"id=424242&first_name=Ann&last_name=Lee&username=ann&language_code=de&is_premium=true");
		assertThat(launched.statusCode()).isEqualTo(303);
		String location = launched.headers().firstValue("Location").orElseThrow();
		assertThat(location).startsWith("/app/login/telegram#tgWebAppData=")
			.endsWith("&tgWebAppVersion=8.0&tgWebAppPlatform=web");
		String fragment = location.substring(location.indexOf('#') + 1);
		String encoded = fragment.substring("tgWebAppData=".length(), fragment.indexOf('&'));
		String initData = URLDecoder.decode(encoded, StandardCharsets.UTF_8);
		MiniAppInitData data = MiniAppInitDataValidator.withBotToken(telegram.botToken()).validate(initData);
		assertThat(data.userId()).isEqualTo(424242L);
		assertThat(data.languageCode()).isEqualTo("de");
		assertThat(data.premium()).isTrue();
		assertThat(MiniAppInitDataValidator.withPublicKey(telegram.botId(), telegram.publicKeyHex())
			.validate(initData)
			.lastName()).isEqualTo("Lee");
	}

	@Test
	void launchWhenFormInvalidThenBadRequestWithoutRedirect() throws Exception {
		for (String form : new String[] { "id=abc&first_name=Ann", "id=0&first_name=Ann", "id=1&first_name=",
				"id=1&first_name=" + "x".repeat(65) }) {
			HttpResponse<String> answer = launch(form);
			assertThat(answer.statusCode()).as(form).isEqualTo(400);
			assertThat(answer.headers().firstValue("Location")).isEmpty();
		}
	}

	@Test
	void launcherWhenWrongMethodThenMethodNotAllowed() throws Exception {
		assertThat(send(HttpRequest.newBuilder(URI.create(origin + "/app/tglogin-emulator/miniapp/launch")))
			.statusCode()).isEqualTo(405);
	}

	private static HttpResponse<String> launch(String form) throws Exception {
		return send(HttpRequest.newBuilder(URI.create(origin + "/app/tglogin-emulator/miniapp/launch"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form)));
	}

	private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
