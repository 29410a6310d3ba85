package dev.tglogin.examples.demo;

import java.io.IOException;
import java.net.CookieHandler;
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

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A browser without JavaScript for the HTTP tests: {@code java.net.http.HttpClient} with a cookie jar of its own (so
 * an HTTP session of its own), which reads the CSRF token from the login page's {@code _csrf} meta tags or a form's
 * hidden {@code _csrf} field and sends it the way the JS client and the forms do. Follows no redirect.
 */
public final class DemoClient {

	private static final Pattern META = Pattern.compile("<meta name=\"(_csrf|_csrf_header)\" content=\"([^\"]*)\">");

	private static final Pattern HIDDEN_CSRF = Pattern
		.compile("<input type=\"hidden\" name=\"_csrf\" value=\"([^\"]*)\"");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final URI base;

	private final HttpClient client;

	private String csrfHeader;

	private String csrfToken;

	public DemoClient(URI base) {
		this(base, new CookieManager(null, CookiePolicy.ACCEPT_ALL));
	}

	/**
	 * A client whose cookie jar may be shared with clients of other instances of the app: cookies are not scoped by
	 * port, so one browser talks to several instances on one host with one session cookie.
	 * @param base the app's base URL
	 * @param cookies the cookie jar
	 */
	public DemoClient(URI base, CookieHandler cookies) {
		this.base = base;
		this.client = HttpClient.newBuilder()
			.cookieHandler(cookies)
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
	}

	public URI base() {
		return this.base;
	}

	/** GETs a page as a browser does (accepting HTML). */
	public Response get(String path) {
		return send(request(path).header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8").GET());
	}

	/** GETs a path asking for JSON. */
	public Response getJson(String path) {
		return send(request(path).header("Accept", "application/json").GET());
	}

	/** Loads the default login page and keeps the CSRF token and header name from its meta tags. */
	public DemoClient openLoginPage() {
		Response page = get("/login/telegram");
		if (page.status() != 200) {
			throw new AssertionError("GET /login/telegram answered " + page.status());
		}
		Matcher meta = META.matcher(page.body());
		while (meta.find()) {
			if (meta.group(1).equals("_csrf")) {
				this.csrfToken = meta.group(2);
			}
			else {
				this.csrfHeader = meta.group(2);
			}
		}
		if (this.csrfToken == null || this.csrfHeader == null) {
			throw new AssertionError("the login page has no _csrf / _csrf_header meta tags");
		}
		return this;
	}

	/** POSTs JSON to a login endpoint with the CSRF header, as tglogin.js does. */
	public Response postJson(String path, String json) {
		if (this.csrfToken == null) {
			throw new IllegalStateException("open the login page first");
		}
		return send(request(path).header("Content-Type", "application/json")
			.header("Accept", "application/json")
			.header(this.csrfHeader, this.csrfToken)
			.POST(HttpRequest.BodyPublishers.ofString(json)));
	}

	/** POSTs an HTML form of a page, with the page's hidden CSRF field when it has one. */
	public Response submitForm(String path, Response page) {
		Map<String, String> fields = new LinkedHashMap<>();
		Matcher csrf = HIDDEN_CSRF.matcher(page.body());
		if (csrf.find()) {
			fields.put("_csrf", csrf.group(1));
		}
		return postForm(path, fields);
	}

	/** POSTs form fields as they are (no CSRF token added). */
	public Response postForm(String path, Map<String, String> fields) {
		return send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
			.header("Accept", "text/html")
			.POST(HttpRequest.BodyPublishers.ofString(form(fields))));
	}

	/**
	 * Plays the user on the emulated Telegram page: confirms the Bondify login of a deeplink.
	 * @param deeplink the deeplink {@code POST /login/telegram/start} answered
	 * @param telegramId the Telegram id to confirm as
	 * @param name the display name to confirm as
	 * @param username the username to confirm as
	 * @return the emulator's answer (303 back to its page)
	 */
	public Response confirmInTelegram(String deeplink, String telegramId, String name, String username) {
		URI link = URI.create(deeplink);
		String token = link.getRawQuery().substring("start=".length());
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("session_token", URLDecoder.decode(token, StandardCharsets.UTF_8));
		fields.put("telegram_id", telegramId);
		fields.put("telegram_name", name);
		fields.put("telegram_username", username);
		return send(HttpRequest.newBuilder(link.resolve("telegram/confirm"))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form(fields))));
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(this.base.resolve(path)).timeout(Duration.ofSeconds(30));
	}

	private Response send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.body(),
					response.headers().firstValue("Location").orElse(null),
					response.headers().firstValue("Content-Type").orElse(""));
		}
		catch (IOException ex) {
			throw new IllegalStateException("HTTP call failed: " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String form(Map<String, String> fields) {
		return fields.entrySet()
			.stream()
			.map((field) -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "="
					+ URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
	}

	/**
	 * An answer.
	 *
	 * @param status the HTTP status
	 * @param body the body
	 * @param location the {@code Location} header, or {@code null}
	 * @param contentType the {@code Content-Type} header, or empty
	 */
	public record Response(int status, String body, String location, String contentType) {

		/** The body as JSON. */
		public JsonNode json() {
			return JSON.readTree(this.body);
		}

		/** A text field of the JSON body. */
		public String field(String name) {
			JsonNode value = json().get(name);
			return (value == null || value.isNull()) ? null : value.asString();
		}

	}

}
