package dev.tglogin.autoconfigure;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.tglogin.test.Browser;
import dev.tglogin.test.Browser.Response;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Boot app with only {@code tglogin.emulator.enabled=true}: the Mini App launcher opens the login page with init data
 * signed for the emulated bot, and that page's exchange logs the user in (what tglogin.js does with the fragment,
 * done here by hand), with no Telegram account.
 */
class MiniAppEmulatorBootTests {

	@Test
	void emulatorWhenMiniAppLaunchedThenTheLoginPageExchangesTheInitDataForASession() throws Exception {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(
				TelegramLoginBootIntegrationTests.PropertiesOnlyApp.class)
			.web(WebApplicationType.SERVLET)
			.properties("server.port=0", "spring.main.banner-mode=off", "server.address=127.0.0.1",
					"tglogin.emulator.enabled=true")
			.run()) {
			URI base = URI.create("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port"));
			HttpClient plain = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
			assertThat(plain.send(HttpRequest.newBuilder(base.resolve("/tglogin-emulator/miniapp")).build(),
					HttpResponse.BodyHandlers.ofString()).body()).contains("id=\"launch\"");
			HttpResponse<String> launched = plain.send(HttpRequest
				.newBuilder(base.resolve("/tglogin-emulator/miniapp/launch"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString("id=777001&first_name=Mini&last_name=User"))
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(launched.statusCode()).isEqualTo(303);
			String location = launched.headers().firstValue("Location").orElseThrow();
			assertThat(location).startsWith("/login/telegram#tgWebAppData=");

			Browser browser = new Browser(base).openLoginPage();
			assertThat(browser.get("/login/telegram").body()).contains("data-tglogin=\"miniapp\"");
			String fragment = location.substring(location.indexOf("#tgWebAppData=") + "#tgWebAppData=".length());
			String initData = URLDecoder.decode(fragment.substring(0, fragment.indexOf('&')), StandardCharsets.UTF_8);
			Response exchanged = browser.post("/login/telegram/miniapp",
					JSONObjectUtils.toJSONString(Map.of("initData", initData)));
			assertThat(exchanged.json()).containsEntry("status", "confirmed");
			assertThat(browser.get("/me").body()).isEqualTo("Mini User via MINI_APP");
			assertThat(new Browser(base).getJson("/me", "Authorization", "tma " + initData).body())
				.isEqualTo("Mini User via MINI_APP");
		}
	}

}
