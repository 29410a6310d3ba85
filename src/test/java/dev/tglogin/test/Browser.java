package dev.tglogin.test;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.nimbusds.jose.util.JSONObjectUtils;

/**
 * A browser for integration tests: a real HTTP client with its own cookie jar (so its own HTTP session), which reads
 * the CSRF token from the login page's meta tags and sends it on every POST, as the JS client does.
 */
public final class Browser {

	private static final Pattern META = Pattern.compile("<meta name=\"(_csrf|_csrf_header)\" content=\"([^\"]*)\">");

	private final URI base;

	private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);

	private final HttpClient client;

	private String csrfHeader;

	private String csrfToken;

	public Browser(URI base) {
		this.base = base;
		this.client = HttpClient.newBuilder()
			.cookieHandler(this.cookies)
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
	}

	/** GETs a page as a browser would (accepting HTML). */
	public Response get(String path) {
		return send(HttpRequest.newBuilder(this.base.resolve(path)).header("Accept", "text/html").GET());
	}

	/**
	 * GETs a page as a browser would (accepting HTML), with extra headers.
	 * @param headers alternating names and values, e.g. {@code "Accept-Language", "ru"}
	 */
	public Response get(String path, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(this.base.resolve(path)).header("Accept", "text/html").GET();
		for (int i = 0; i + 1 < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return send(request);
	}

	/** GETs a path asking for JSON. */
	public Response getJson(String path) {
		return send(HttpRequest.newBuilder(this.base.resolve(path)).header("Accept", "application/json").GET());
	}

	/**
	 * GETs a path asking for JSON, with extra headers.
	 * @param headers alternating names and values
	 */
	public Response getJson(String path, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(this.base.resolve(path))
			.header("Accept", "application/json")
			.GET();
		for (int i = 0; i + 1 < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return send(request);
	}

	/** Loads the login page and remembers its CSRF token; returns this. */
	public Browser openLoginPage() {
		return openLoginPage("/login/telegram");
	}

	/** Loads a page with the client's CSRF meta tags (e.g. the generated {@code /login}) and remembers its token. */
	public Browser openLoginPage(String path) {
		Response page = get(path);
		if (page.status() != 200) {
			throw new AssertionError("login page answered " + page.status());
		}
		Matcher m = META.matcher(page.body());
		while (m.find()) {
			if (m.group(1).equals("_csrf")) {
				this.csrfToken = m.group(2);
			}
			else {
				this.csrfHeader = m.group(2);
			}
		}
		if (this.csrfToken == null || this.csrfHeader == null) {
			throw new AssertionError("login page has no CSRF meta tags");
		}
		return this;
	}

	/** POSTs JSON with the CSRF header (when a login page was opened). */
	public Response post(String path, String json) {
		HttpRequest.Builder request = HttpRequest.newBuilder(this.base.resolve(path))
			.header("Content-Type", "application/json")
			.header("Accept", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json));
		if (this.csrfToken != null) {
			request.header(this.csrfHeader, this.csrfToken);
		}
		return send(request);
	}

	/** POSTs {@code {}}. */
	public Response post(String path) {
		return post(path, "{}");
	}

	/**
	 * POSTs JSON with this browser's CSRF header and extra headers.
	 * @param headers alternating names and values
	 */
	public Response post(String path, String json, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(this.base.resolve(path))
			.header("Content-Type", "application/json")
			.header("Accept", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json));
		if (this.csrfToken != null) {
			request.header(this.csrfHeader, this.csrfToken);
		}
		for (int i = 0; i + 1 < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return send(request);
	}

	/** POSTs JSON with the given CSRF token (for example another browser's) instead of this browser's. */
	public Response postWithCsrf(String path, String json, String csrfToken) {
		return send(HttpRequest.newBuilder(this.base.resolve(path))
			.header("Content-Type", "application/json")
			.header("Accept", "application/json")
			.header((this.csrfHeader != null) ? this.csrfHeader : "X-CSRF-TOKEN", csrfToken)
			.POST(HttpRequest.BodyPublishers.ofString(json)));
	}

	/** POSTs JSON with the CSRF header sent once per given value, in that order. */
	public Response postWithCsrfValues(String path, String json, String... tokens) {
		HttpRequest.Builder request = HttpRequest.newBuilder(this.base.resolve(path))
			.header("Content-Type", "application/json")
			.header("Accept", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json));
		for (String token : tokens) {
			request.header((this.csrfHeader != null) ? this.csrfHeader : "X-CSRF-TOKEN", token);
		}
		return send(request);
	}

	/**
	 * Logs in with Spring Security's form login ({@code POST /login}, form-encoded, with this browser's CSRF token
	 * as {@code _csrf}), then reloads the login page for the CSRF token renewed at login.
	 * @return the form login's answer (302 to the success or the failure URL)
	 */
	public Response formLogin(String username, String password) {
		String body = "username=" + URLEncoder.encode(username, StandardCharsets.UTF_8) + "&password="
				+ URLEncoder.encode(password, StandardCharsets.UTF_8) + "&_csrf="
				+ URLEncoder.encode(this.csrfToken, StandardCharsets.UTF_8);
		Response response = send(HttpRequest.newBuilder(this.base.resolve("/login"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body)));
		openLoginPage();
		return response;
	}

	/** Returns the CSRF token read from the last login page, or null. */
	public String csrfToken() {
		return this.csrfToken;
	}

	/** Sets this browser's session cookie, as an attacker planting a session id would. */
	public void plantSessionCookie(String sessionId) {
		HttpCookie cookie = new HttpCookie("JSESSIONID", sessionId);
		cookie.setPath("/");
		cookie.setDomain(this.base.getHost());
		cookie.setVersion(0);
		this.cookies.getCookieStore().add(this.base, cookie);
	}

	/** POSTs without any CSRF token. */
	public Response postWithoutCsrf(String path, String json) {
		return send(HttpRequest.newBuilder(this.base.resolve(path))
			.header("Content-Type", "application/json")
			.header("Accept", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json)));
	}

	/**
	 * POSTs JSON without any CSRF token, with extra headers.
	 * @param headers alternating names and values
	 */
	public Response postWithoutCsrfWithHeader(String path, String json, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(this.base.resolve(path))
			.header("Content-Type", "application/json")
			.header("Accept", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json));
		for (int i = 0; i + 1 < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return send(request);
	}

	/** Returns the current JSESSIONID cookie value, or null. */
	public String sessionId() {
		return this.cookies.getCookieStore()
			.getCookies()
			.stream()
			.filter((c) -> c.getName().equals("JSESSIONID"))
			.map(HttpCookie::getValue)
			.findFirst()
			.orElse(null);
	}

	private Response send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = this.client.send(request.timeout(Duration.ofSeconds(20)).build(),
					HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.body(), response);
		}
		catch (IOException ex) {
			throw new AssertionError("request failed: " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError(ex);
		}
	}

	/** A response with helpers. */
	public record Response(int status, String body, HttpResponse<String> raw) {

		public Map<String, Object> json() {
			try {
				return JSONObjectUtils.parse(this.body);
			}
			catch (java.text.ParseException ex) {
				throw new AssertionError("not JSON (" + this.status + "): " + this.body);
			}
		}

		public String header(String name) {
			return this.raw.headers().firstValue(name).orElse(null);
		}

		public String field(String name) {
			Object value = json().get(name);
			return (value != null) ? value.toString() : null;
		}

	}

}
