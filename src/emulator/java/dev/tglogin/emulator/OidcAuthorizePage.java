package dev.tglogin.emulator;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import static dev.tglogin.emulator.EmulatorHttp.mountPrefix;
import static dev.tglogin.emulator.TelegramPage.appendField;
import static dev.tglogin.emulator.TelegramPage.htmlEscape;

/**
 * The user side of the emulated OpenID provider: {@code GET} {@value #PATH} with an authorization request shows
 * Telegram's consent page with Confirm (button {@code id="confirm"}, the user's id, name, username and phone as on
 * the Bondify page) and Cancel ({@code id="cancel"}); they post to {@value #CONFIRM} and {@value #CANCEL}, which
 * redirect (303) to the app's {@code redirect_uri} with the code and state, or with {@code error=access_denied}.
 */
final class OidcAuthorizePage implements EmulatorRoute {

	static final String PATH = OidcApi.AUTHORIZE;

	static final String CONFIRM = PATH + "/confirm";

	static final String CANCEL = PATH + "/cancel";

	private static final String REQUEST = "request";

	private final OidcEmulator oidc;

	OidcAuthorizePage(OidcEmulator oidc) {
		this.oidc = oidc;
	}

	@Override
	public boolean handle(String route, HttpServletRequest request, HttpServletResponse response) throws IOException {
		boolean confirm = CONFIRM.equals(route);
		if (!PATH.equals(route) && !confirm && !CANCEL.equals(route)) {
			return false;
		}
		String method = PATH.equals(route) ? "GET" : "POST";
		if (!method.equals(request.getMethod())) {
			response.setHeader("Allow", method);
			page(response, 405, "<p class=\"error\">Method not allowed.</p>", null);
			return true;
		}
		try {
			if (PATH.equals(route)) {
				authorize(request, response);
			}
			else {
				decide(request, response, confirm);
			}
		}
		catch (TelegramForm.InvalidFormException ex) {
			page(response, 400, error(ex.getMessage()), null);
		}
		catch (EmulatorException ex) {
			page(response, ex.status(), error(ex.getMessage()), null);
		}
		return true;
	}

	private void authorize(HttpServletRequest request, HttpServletResponse response) throws IOException {
		String redirectUri = required(request, "redirect_uri");
		origin(redirectUri);
		if (!"code".equals(request.getParameter("response_type"))) {
			throw new EmulatorException(400, "unsupported_response_type", "response_type must be code");
		}
		String id = this.oidc.authorize(required(request, "client_id"), redirectUri, required(request, "scope"),
				request.getParameter("state"), request.getParameter("nonce"), required(request, "code_challenge"),
				String.valueOf(request.getParameter("code_challenge_method")));
		String prefix = request.getContextPath() + mountPrefix(request);
		StringBuilder html = new StringBuilder("<section class=\"session\" data-state=\"pending\">\n")
			.append("<h2>Log in to ").append(htmlEscape(origin(redirectUri))).append("</h2>\n")
			.append("<p>The bot ").append(htmlEscape(this.oidc.clientId()))
			.append(" asks to log you in with your Telegram account (scopes: ")
			.append(htmlEscape(required(request, "scope"))).append(").</p>\n")
			.append("<form method=\"post\" action=\"").append(htmlEscape(prefix + CONFIRM)).append("\">\n");
		hidden(html, id);
		appendField(html, BondifyWire.TELEGRAM_ID, "Telegram id", EmulatedTelegramUser.DEFAULT_ID);
		appendField(html, BondifyWire.TELEGRAM_NAME, "Name", EmulatedTelegramUser.DEFAULT_NAME);
		appendField(html, BondifyWire.TELEGRAM_USERNAME, "Username (optional)", EmulatedTelegramUser.DEFAULT_USERNAME);
		appendField(html, BondifyWire.TELEGRAM_PHONE, "Phone (optional)", "");
		html.append("<button type=\"submit\" id=\"confirm\">Confirm</button>\n</form>\n")
			.append("<form method=\"post\" action=\"").append(htmlEscape(prefix + CANCEL)).append("\">\n");
		hidden(html, id);
		html.append("<button type=\"submit\" id=\"cancel\">Cancel</button>\n</form>\n</section>\n");
		page(response, 200, html.toString(), origin(redirectUri));
	}

	private void decide(HttpServletRequest request, HttpServletResponse response, boolean confirm)
			throws IOException {
		TelegramForm form = TelegramForm.read(request);
		String requestId = form.value(REQUEST);
		if (requestId == null || requestId.length() > EmulatorHttp.MAX_TOKEN_LENGTH) {
			throw new TelegramForm.InvalidFormException("Missing or invalid login request.");
		}
		String location;
		if (confirm) {
			Map.Entry<OidcEmulator.AuthorizationRequest, String> issued = this.oidc.confirm(requestId, form.user());
			location = issued.getKey().redirectUri() + separator(issued.getKey().redirectUri()) + "code="
					+ encode(issued.getValue()) + state(issued.getKey());
		}
		else {
			OidcEmulator.AuthorizationRequest cancelled = this.oidc.cancel(requestId);
			location = cancelled.redirectUri() + separator(cancelled.redirectUri()) + "error=access_denied"
					+ state(cancelled);
		}
		response.setStatus(303);
		response.setHeader("Location", location);
		response.setContentLength(0);
	}

	private static void hidden(StringBuilder html, String requestId) {
		html.append("<input type=\"hidden\" name=\"").append(REQUEST).append("\" value=\"")
			.append(htmlEscape(requestId)).append("\">\n");
	}

	private static String required(HttpServletRequest request, String name) {
		String value = request.getParameter(name);
		if (value == null || value.isBlank() || value.length() > 2048) {
			throw new EmulatorException(400, "invalid_request", "Missing or invalid " + name);
		}
		return value;
	}

	/** The scheme, host and port of an absolute http(s) redirect URI. */
	private static String origin(String redirectUri) {
		try {
			URI uri = new URI(redirectUri);
			if (uri.getHost() == null || uri.getFragment() != null
					|| !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
				throw new EmulatorException(400, "invalid_request", "redirect_uri must be an absolute http(s) URL");
			}
			return uri.getScheme() + "://" + uri.getRawAuthority();
		}
		catch (URISyntaxException ex) {
			throw new EmulatorException(400, "invalid_request", "redirect_uri must be an absolute http(s) URL");
		}
	}

	private static String separator(String uri) {
		return uri.contains("?") ? "&" : "?";
	}

	private static String state(OidcEmulator.AuthorizationRequest request) {
		return (request.state() != null) ? "&state=" + encode(request.state()) : "";
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private static String error(@Nullable String message) {
		return "<p class=\"error\" id=\"error\">" + htmlEscape(String.valueOf(message)) + "</p>";
	}

	/** The page; its forms may post here and be redirected to the app's origin. */
	private static void page(HttpServletResponse response, int status, String content, @Nullable String appOrigin)
			throws IOException {
		String formAction = (appOrigin != null) ? "'self' " + appOrigin : "'self'";
		TelegramPage.write(response, status, content, "default-src 'none'; style-src 'unsafe-inline'; form-action "
				+ formAction + "; frame-ancestors 'none'; base-uri 'none'");
	}

}
