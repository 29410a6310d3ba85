package dev.tglogin.soak;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.nimbusds.jose.util.JSONObjectUtils;

/**
 * A lean simulated browser for the soak test: its own cookie jar per site (so its own HTTP session with each app) and
 * the CSRF token read from the login page's meta tags, over an {@link HttpClient} shared by all browsers (one JDK
 * client per browser would cost a selector thread each). Not thread-safe: the soak test runs one step of a browser at
 * a time.
 */
final class SoakBrowser {

	private static final Pattern META = Pattern.compile("<meta name=\"(_csrf|_csrf_header)\" content=\"([^\"]*)\">");

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final HttpClient client;

	/** Cookies per site (scheme, host and port), name to value. */
	private final Map<URI, Map<String, String>> cookies = new HashMap<>();

	private final Map<URI, String[]> csrf = new HashMap<>();

	private final LongAdder requests;

	SoakBrowser(HttpClient client, LongAdder requests) {
		this.client = client;
		this.requests = requests;
	}

	/** The sites this browser holds cookies for. */
	List<URI> sites() {
		return List.copyOf(this.cookies.keySet());
	}

	/** Loads the login page of the site and remembers its CSRF header and token. */
	Answer openLoginPage(URI site) throws IOException, InterruptedException {
		Answer page = send(site, HttpRequest.newBuilder(site.resolve("/login/telegram")).header("Accept", "text/html").GET());
		if (page.status() == 200) {
			String header = null;
			String token = null;
			Matcher m = META.matcher(page.body());
			while (m.find()) {
				if (m.group(1).equals("_csrf")) {
					token = m.group(2);
				}
				else {
					header = m.group(2);
				}
			}
			if (header == null || token == null) {
				throw new IllegalStateException("login page without CSRF meta tags");
			}
			this.csrf.put(site, new String[] { header, token });
		}
		return page;
	}

	/** GETs a page. */
	Answer get(URI site, String path) throws IOException, InterruptedException {
		return send(site, HttpRequest.newBuilder(site.resolve(path)).header("Accept", "text/html").GET());
	}

	/** POSTs {@code {}} with the site's CSRF token. */
	Answer post(URI site, String path) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(site.resolve(path))
			.header("Content-Type", "application/json")
			.header("Accept", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{}"));
		String[] token = this.csrf.get(site);
		if (token != null) {
			request.header(token[0], token[1]);
		}
		return send(site, request);
	}

	private Answer send(URI site, HttpRequest.Builder request) throws IOException, InterruptedException {
		Map<String, String> jar = this.cookies.computeIfAbsent(site, (s) -> new LinkedHashMap<>());
		if (!jar.isEmpty()) {
			StringBuilder header = new StringBuilder();
			jar.forEach((name, value) -> header.append((header.length() > 0) ? "; " : "").append(name).append('=').append(value));
			request.header("Cookie", header.toString());
		}
		this.requests.increment();
		HttpResponse<String> response = this.client.send(request.timeout(TIMEOUT).build(),
				HttpResponse.BodyHandlers.ofString());
		for (String setCookie : response.headers().allValues("Set-Cookie")) {
			keep(jar, setCookie);
		}
		return new Answer(response.statusCode(), response.body());
	}

	private static void keep(Map<String, String> jar, String setCookie) {
		String[] parts = setCookie.split(";");
		int eq = parts[0].indexOf('=');
		if (eq <= 0) {
			return;
		}
		String name = parts[0].substring(0, eq).trim();
		String value = parts[0].substring(eq + 1).trim();
		boolean delete = value.isEmpty();
		for (int i = 1; i < parts.length; i++) {
			String attribute = parts[i].trim().toLowerCase(java.util.Locale.ROOT);
			if (attribute.equals("max-age=0") || attribute.startsWith("expires=thu, 01 jan 1970")) {
				delete = true;
			}
		}
		if (delete) {
			jar.remove(name);
		}
		else {
			jar.put(name, value);
		}
	}

	/** A response's status and body. */
	record Answer(int status, String body) {

		Map<String, Object> json() {
			try {
				return JSONObjectUtils.parse(this.body);
			}
			catch (java.text.ParseException ex) {
				throw new IllegalStateException("not JSON (" + this.status + "): " + abbreviated(this.body));
			}
		}

		String field(String name) {
			Object value = json().get(name);
			return (value != null) ? value.toString() : null;
		}

		static String abbreviated(String text) {
			return (text.length() > 200) ? text.substring(0, 200) + "..." : text;
		}

	}

}
