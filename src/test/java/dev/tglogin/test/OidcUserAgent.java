package dev.tglogin.test;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.web.util.UriComponents;
import org.springframework.web.util.UriComponentsBuilder;

import dev.tglogin.test.Browser.Response;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Telegram user's side of an OpenID Connect login on the emulated provider: starting it in the app's browser,
 * opening the authorize page, and Confirm or Cancel there (the provider's cookies are not the app's, so a client of
 * its own does it).
 */
public final class OidcUserAgent {

	private static final Pattern REQUEST = Pattern.compile("name=\"request\" value=\"([^\"]+)\"");

	private static final HttpClient telegramUser = HttpClient.newBuilder()
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();

	private OidcUserAgent() {
	}

	/** Starts a login in the browser: the app redirects to the provider's authorize page. */
	public static UriComponents authorize(Browser browser, EmulatorServer provider) {
		Response start = browser.get("/oauth2/authorization/telegram");
		assertThat(start.status()).isEqualTo(302);
		return authorizeUrl(start.header("Location"), provider);
	}

	/** Checks that a URL is the provider's authorize page and parses it. */
	public static UriComponents authorizeUrl(String location, EmulatorServer provider) {
		assertThat(location).startsWith(provider.issuer() + "/auth?");
		return UriComponentsBuilder.fromUriString(location).build(true);
	}

	/** The user opens the authorize page and confirms as the given user; returns the callback URL. */
	public static String confirm(EmulatorServer provider, UriComponents authorize, String id, String name,
			String username, String phone) throws IOException, InterruptedException {
		String form = "request=" + requestId(authorize) + "&telegram_id=" + id + "&telegram_name="
				+ URLEncoder.encode(name, StandardCharsets.UTF_8) + "&telegram_username=" + username
				+ "&telegram_phone=" + URLEncoder.encode(phone, StandardCharsets.UTF_8);
		HttpResponse<String> confirmed = postForm(provider.issuer() + "/auth/confirm", form);
		assertThat(confirmed.statusCode()).isEqualTo(303);
		String location = confirmed.headers().firstValue("Location").orElseThrow();
		assertThat(location).contains("/login/oauth2/code/telegram?code=");
		return location;
	}

	/** The user opens the authorize page and cancels; returns the callback URL (with an error). */
	public static String cancel(EmulatorServer provider, UriComponents authorize)
			throws IOException, InterruptedException {
		HttpResponse<String> cancelled = postForm(provider.issuer() + "/auth/cancel",
				"request=" + requestId(authorize));
		assertThat(cancelled.statusCode()).isEqualTo(303);
		return cancelled.headers().firstValue("Location").orElseThrow();
	}

	private static String requestId(UriComponents authorize) throws IOException, InterruptedException {
		HttpResponse<String> page = telegramUser.send(HttpRequest.newBuilder(authorize.toUri()).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("id=\"confirm\"", "id=\"cancel\"");
		Matcher matcher = REQUEST.matcher(page.body());
		assertThat(matcher.find()).isTrue();
		return URLEncoder.encode(matcher.group(1), StandardCharsets.UTF_8);
	}

	private static HttpResponse<String> postForm(String url, String form) throws IOException, InterruptedException {
		return telegramUser.send(HttpRequest.newBuilder(URI.create(url))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
