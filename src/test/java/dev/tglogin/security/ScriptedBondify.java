package dev.tglogin.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.util.JSONObjectUtils;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import dev.tglogin.bondify.BondifyProtocol;
import dev.tglogin.test.LogCapture;

/**
 * A fake Bondify over real HTTP whose verify answers a test scripts byte for byte: the way to deliver a crafted proof
 * (or a confirmation whose unsigned fields lie) to the library's {@code /status} path, as if Bondify had sent it.
 * Generate works as Bondify's; verify answers the scripted body once for its session, then {@code used}, and
 * {@code pending} for a session with no script.
 */
final class ScriptedBondify implements AutoCloseable {

	private final Server server;

	private final Map<String, byte[]> scripts = new ConcurrentHashMap<>();

	private final Map<String, Boolean> answered = new ConcurrentHashMap<>();

	private final AtomicInteger generated = new AtomicInteger();

	ScriptedBondify() {
		this.server = new Server();
		ServerConnector connector = new ServerConnector(this.server);
		connector.setHost("127.0.0.1");
		this.server.addConnector(connector);
		ServletContextHandler context = new ServletContextHandler();
		context.addServlet(new ServletHolder(new Api()), "/*");
		this.server.setHandler(context);
		try {
			this.server.start();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	String baseUrl() {
		return "http://127.0.0.1:" + ((ServerConnector) this.server.getConnectors()[0]).getLocalPort();
	}

	/** Makes the next verify of the session answer 200 with exactly these bytes. */
	void answer(String sessionToken, byte[] body) {
		this.answered.remove(sessionToken);
		this.scripts.put(sessionToken, body);
	}

	/** Makes the next verify of the session answer {@code confirmed} with the given fields and proof. */
	void confirm(String sessionToken, String telegramId, String telegramName, String proof) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("status", BondifyProtocol.STATUS_CONFIRMED);
		body.put("telegram_id", telegramId);
		body.put("telegram_name", telegramName);
		body.put("telegram_username", null);
		body.put("proof", proof);
		answer(sessionToken, JSONObjectUtils.toJSONString(body).getBytes(StandardCharsets.UTF_8));
	}

	int generated() {
		return this.generated.get();
	}

	@Override
	public void close() throws Exception {
		this.server.stop();
	}

	private final class Api extends HttpServlet {

		@Override
		protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
			byte[] body;
			if (request.getRequestURI().endsWith(BondifyProtocol.GENERATE_PATH)) {
				String token = "sess_" + UUID.randomUUID().toString().replace("-", "");
				LogCapture.secret("a scripted Bondify session token", token);
				ScriptedBondify.this.generated.incrementAndGet();
				Map<String, Object> json = new LinkedHashMap<>();
				json.put(BondifyProtocol.SESSION_TOKEN, token);
				json.put(BondifyProtocol.DEEPLINK, "https://t.me/BondifyAuthBot?start=" + token);
				json.put(BondifyProtocol.EXPIRES_AT, Instant.now().plusSeconds(600).toEpochMilli());
				body = JSONObjectUtils.toJSONString(json).getBytes(StandardCharsets.UTF_8);
			}
			else if (request.getRequestURI().endsWith(BondifyProtocol.VERIFY_PATH)) {
				String token;
				try {
					token = String.valueOf(JSONObjectUtils.parse(new String(request.getInputStream().readAllBytes(),
							StandardCharsets.UTF_8)).get(BondifyProtocol.SESSION_TOKEN));
				}
				catch (java.text.ParseException ex) {
					response.sendError(400);
					return;
				}
				byte[] script = ScriptedBondify.this.scripts.remove(token);
				if (script != null) {
					ScriptedBondify.this.answered.put(token, true);
					body = script;
				}
				else if (ScriptedBondify.this.answered.containsKey(token)) {
					body = "{\"status\":\"used\"}".getBytes(StandardCharsets.UTF_8);
				}
				else {
					body = "{\"status\":\"pending\"}".getBytes(StandardCharsets.UTF_8);
				}
			}
			else {
				response.sendError(404);
				return;
			}
			response.setStatus(200);
			response.setContentType("application/json");
			response.setContentLength(body.length);
			response.getOutputStream().write(body);
		}

	}

}
