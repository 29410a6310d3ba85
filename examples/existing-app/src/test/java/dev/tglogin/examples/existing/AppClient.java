package dev.tglogin.examples.existing;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser without JavaScript for the HTTP tests: a cookie jar of its own, the CSRF token from the login page (its
 * form's hidden field and its meta tags, as the form and tglogin.js use them) or from the account page's meta tags,
 * no redirects followed.
 */
final class AppClient {

	private static final Pattern HIDDEN_CSRF = Pattern
		.compile("<input type=\"hidden\" name=\"_csrf\" value=\"([^\"]*)\"");

	private static final Pattern CSRF_META = Pattern.compile("<meta name=\"_csrf\" content=\"([^\"]*)\">");

	private static final Pattern CSRF_HEADER = Pattern.compile("<meta name=\"_csrf_header\" content=\"([^\"]*)\">");

	private final URI base;

	private final HttpClient client = HttpClient.newBuilder()
		.cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private String csrfToken;

	private String csrfHeader;

	AppClient(int port) {
		this.base = URI.create("http://127.0.0.1:" + port);
	}

	/** GETs a page as a browser does. */
	HttpResponse<String> get(String path) {
		return send(HttpRequest.newBuilder(this.base.resolve(path)).header("Accept", "text/html").GET());
	}

	/** GETs a path asking for JSON. */
	HttpResponse<String> getJson(String path) {
		return send(HttpRequest.newBuilder(this.base.resolve(path)).header("Accept", "application/json").GET());
	}

	/** Loads the app's login page and keeps its CSRF token and header name. */
	AppClient openLoginPage() {
		String page = get("/login").body();
		Matcher token = HIDDEN_CSRF.matcher(page);
		Matcher header = CSRF_HEADER.matcher(page);
		if (!token.find() || !header.find()) {
			throw new AssertionError("the login page has no CSRF field or meta tag");
		}
		this.csrfToken = token.group(1);
		this.csrfHeader = header.group(1);
		return this;
	}

	/** Loads a page with the CSRF meta tags (the account page, after a login changed the token) and keeps them. */
	AppClient openPage(String path) {
		String page = get(path).body();
		Matcher token = CSRF_META.matcher(page);
		Matcher header = CSRF_HEADER.matcher(page);
		if (!token.find() || !header.find()) {
			throw new AssertionError(path + " has no CSRF meta tags");
		}
		this.csrfToken = token.group(1);
		this.csrfHeader = header.group(1);
		return this;
	}

	/** Signs out as the account page's button does. */
	HttpResponse<String> logOut() {
		return postForm(this.base.resolve("/logout"), Map.of("_csrf", this.csrfToken));
	}

	/**
	 * Runs a Bondify flow under the base path as tglogin.js does, the Telegram user confirming it on the emulated
	 * Telegram page: a login under {@code /login/telegram}, connecting Telegram under {@code /login/telegram/link}.
	 * Returns the final status answer.
	 */
	HttpResponse<String> bondify(String basePath, String telegramId) {
		HttpResponse<String> start = postJson(basePath + "/start", "{}");
		if (start.statusCode() != 200) {
			throw new AssertionError("start answered " + start.statusCode() + ": " + start.body());
		}
		String deeplink = start.body().replaceAll("(?s).*\"deeplink\"\\s*:\\s*\"([^\"]+)\".*", "$1");
		confirmInTelegram(deeplink, telegramId, "Telegram " + telegramId);
		return postJson(basePath + "/status", "{}");
	}

	/** Submits the login form. */
	HttpResponse<String> logIn(String username, String password) {
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("username", username);
		fields.put("password", password);
		fields.put("_csrf", this.csrfToken);
		return postForm(this.base.resolve("/login"), fields);
	}

	/** POSTs JSON to a Telegram login endpoint with the CSRF header, as tglogin.js does. */
	HttpResponse<String> postJson(String path, String json) {
		return send(HttpRequest.newBuilder(this.base.resolve(path))
			.header("Content-Type", "application/json")
			.header("Accept", "application/json")
			.header(this.csrfHeader, this.csrfToken)
			.POST(HttpRequest.BodyPublishers.ofString(json)));
	}

	/** Plays the Telegram user on the emulated Telegram page: confirms the login of a deeplink. */
	HttpResponse<String> confirmInTelegram(String deeplink, String telegramId, String name) {
		URI link = URI.create(deeplink);
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("session_token",
				URLDecoder.decode(link.getRawQuery().substring("start=".length()), StandardCharsets.UTF_8));
		fields.put("telegram_id", telegramId);
		fields.put("telegram_name", name);
		fields.put("telegram_username", "");
		return postForm(link.resolve("telegram/confirm"), fields);
	}

	private HttpResponse<String> postForm(URI uri, Map<String, String> fields) {
		String body = fields.entrySet()
			.stream()
			.map((field) -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "="
					+ URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
		return send(HttpRequest.newBuilder(uri)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Accept", "text/html")
			.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return this.client.send(request.timeout(Duration.ofSeconds(30)).build(),
					HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new AssertionError("request failed: " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError(ex);
		}
	}

}
