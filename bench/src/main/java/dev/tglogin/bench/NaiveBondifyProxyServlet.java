package dev.tglogin.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

/**
 * The baseline a user would hand-write from Bondify's docs: {@code POST /naive/start} calls generate and keeps the
 * session token in the HTTP session; {@code POST /naive/status} calls Bondify's verify synchronously on the request
 * thread, once per poll, and returns its JSON as it is. No proof verification, no coalescing, no async: it only
 * stands for the polling cost. It sits behind the same {@code SecurityFilterChain} (CSRF included) and the same Jetty
 * thread pool as the library's endpoints, and uses the JDK {@link HttpClient}, as a hand-written proxy would, with the
 * library's default timeouts (2 s connect, 5 s read). (The library's default, {@code tglogin.http.client=auto}, picks
 * Jetty's client on the bench's class path; variant {@code tglogin-longpoll-jdk} runs it over the JDK's.)
 */
final class NaiveBondifyProxyServlet extends HttpServlet {

	private static final String ATTRIBUTE = "bondify_session_token";

	private final transient HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final URI generate;

	private final URI verify;

	private final String projectId;

	NaiveBondifyProxyServlet(String upstreamBaseUrl, String projectId) {
		this.generate = URI.create(upstreamBaseUrl + "/api/v1/generate/public");
		this.verify = URI.create(upstreamBaseUrl + "/api/v1/verify/public");
		this.projectId = projectId;
	}

	@Override
	protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
		String path = request.getPathInfo();
		if ("/start".equals(path)) {
			HttpResponse<String> upstream = call(this.generate, Map.of("project_id", this.projectId));
			if (upstream == null || upstream.statusCode() != 200) {
				write(response, 502, "{\"error\":\"upstream_error\"}");
				return;
			}
			Map<String, Object> json;
			try {
				json = JSONObjectUtils.parse(upstream.body());
			}
			catch (ParseException ex) {
				write(response, 502, "{\"error\":\"upstream_error\"}");
				return;
			}
			request.getSession(true).setAttribute(ATTRIBUTE, json.get("session_token"));
			write(response, 200, JSONObjectUtils.toJSONString(Map.of("deeplink", json.get("deeplink"))));
		}
		else if ("/status".equals(path)) {
			HttpSession session = request.getSession(false);
			Object token = (session != null) ? session.getAttribute(ATTRIBUTE) : null;
			if (token == null) {
				write(response, 409, "{\"error\":\"no_pending_login\"}");
				return;
			}
			HttpResponse<String> upstream = call(this.verify,
					Map.of("project_id", this.projectId, "session_token", token));
			if (upstream == null) {
				write(response, 502, "{\"error\":\"upstream_error\"}");
				return;
			}
			write(response, upstream.statusCode(), upstream.body());
		}
		else {
			response.sendError(404);
		}
	}

	private HttpResponse<String> call(URI uri, Map<String, Object> body) {
		HttpRequest request = HttpRequest.newBuilder(uri)
			.timeout(Duration.ofSeconds(5))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(JSONObjectUtils.toJSONString(body)))
			.build();
		try {
			return this.http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	private static void write(HttpServletResponse response, int status, String json) throws IOException {
		byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
		response.setStatus(status);
		response.setContentType("application/json");
		response.setContentLength(bytes.length);
		response.getOutputStream().write(bytes);
	}

}
