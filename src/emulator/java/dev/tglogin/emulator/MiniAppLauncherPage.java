package dev.tglogin.emulator;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import static dev.tglogin.emulator.EmulatorHttp.mountPrefix;
import static dev.tglogin.emulator.TelegramPage.appendField;
import static dev.tglogin.emulator.TelegramPage.htmlEscape;
import static dev.tglogin.emulator.TelegramPage.write;

/**
 * The emulated Mini App launcher: {@code GET} {@value #PATH} shows a form for the Telegram user who opens the app
 * (button {@code id="launch"}); {@code POST} {@value #LAUNCH} signs init data for that user with the
 * {@link MiniAppEmulator} and redirects (303) to the app's page with it in the fragment, as Telegram opens a Mini App:
 * {@code <app page>#tgWebAppData=<init data>&tgWebAppVersion=8.0&tgWebAppPlatform=web}. The app page is the one
 * path set on the servlet (never a URL from the request, so the launcher cannot redirect elsewhere).
 */
final class MiniAppLauncherPage implements EmulatorRoute {

	static final String PATH = "/miniapp";

	static final String LAUNCH = "/miniapp/launch";

	private static final int MAX_FIELD_LENGTH = 64;

	private final MiniAppEmulator miniApp;

	private volatile @Nullable String appPath;

	MiniAppLauncherPage(MiniAppEmulator miniApp) {
		this.miniApp = miniApp;
	}

	/** Sets the app page the launcher opens, a path within the app's context (e.g. {@code /login/telegram}). */
	void setAppPath(String appPath) {
		this.appPath = appPath;
	}

	@Override
	public boolean handle(String route, HttpServletRequest request, HttpServletResponse response) throws IOException {
		boolean launch = LAUNCH.equals(route);
		if (!launch && !PATH.equals(route)) {
			return false;
		}
		String method = launch ? "POST" : "GET";
		if (!method.equals(request.getMethod())) {
			response.setHeader("Allow", method);
			write(response, 405, error("Method not allowed."));
			return true;
		}
		String app = this.appPath;
		if (app == null) {
			write(response, 404, error("No Mini App page is configured for this emulator."));
			return true;
		}
		if (!launch) {
			write(response, 200, form(request));
			return true;
		}
		MiniAppEmulator.MiniAppUser user;
		try {
			user = user(request);
		}
		catch (IllegalArgumentException ex) {
			write(response, 400, error(ex.getMessage()) + "<p><a href=\"" + htmlEscape(pagePath(request))
					+ "\">Back</a></p>");
			return true;
		}
		String initData = this.miniApp.initData(user);
		response.setStatus(303);
		response.setHeader("Location", request.getContextPath() + app + "#" + MiniAppEmulator.FRAGMENT_PARAMETER + "="
				+ URLEncoder.encode(initData, StandardCharsets.UTF_8).replace("+", "%20")
				+ "&tgWebAppVersion=8.0&tgWebAppPlatform=web");
		response.setContentLength(0);
		return true;
	}

	private String form(HttpServletRequest request) {
		MiniAppEmulator.MiniAppUser suggested = MiniAppEmulator.MiniAppUser.defaultUser();
		StringBuilder html = new StringBuilder();
		html.append("<section class=\"session\" id=\"miniapp\">\n<h2>Mini App</h2>\n")
			.append("<p>Open the app as a Telegram Mini App of bot ")
			.append(this.miniApp.botId())
			.append(": Telegram signs the user below into the app's init data.</p>\n<form method=\"post\" action=\"")
			.append(htmlEscape(request.getContextPath() + mountPrefix(request) + LAUNCH))
			.append("\">\n");
		appendField(html, "id", "Telegram id", Long.toString(suggested.id()));
		appendField(html, "first_name", "First name", suggested.firstName());
		appendField(html, "last_name", "Last name (optional)", String.valueOf(suggested.lastName()));
		appendField(html, "username", "Username (optional)", String.valueOf(suggested.username()));
		appendField(html, "language_code", "Language (optional)", String.valueOf(suggested.languageCode()));
		html.append("<p><label for=\"is_premium\">Telegram Premium</label> ")
			.append("<input type=\"checkbox\" id=\"is_premium\" name=\"is_premium\" value=\"true\"></p>\n")
			.append("<button type=\"submit\" id=\"launch\">Open the Mini App</button>\n</form>\n</section>\n");
		return html.toString();
	}

	private static MiniAppEmulator.MiniAppUser user(HttpServletRequest request) {
		String id = field(request, "id");
		if (id == null || id.length() > 15 || !id.chars().allMatch((c) -> c >= '0' && c <= '9')
				|| Long.parseLong(id) == 0) {
			throw new IllegalArgumentException("The Telegram id must be a positive number of at most 15 digits.");
		}
		String firstName = field(request, "first_name");
		if (firstName == null) {
			throw new IllegalArgumentException("The first name is required.");
		}
		return new MiniAppEmulator.MiniAppUser(Long.parseLong(id), firstName, field(request, "last_name"),
				field(request, "username"), field(request, "language_code"),
				"true".equals(request.getParameter("is_premium")));
	}

	/** A trimmed form field, {@code null} when empty; longer than {@value #MAX_FIELD_LENGTH} is refused. */
	private static @Nullable String field(HttpServletRequest request, String name) {
		String value = request.getParameter(name);
		if (value == null || value.isBlank()) {
			return null;
		}
		if (value.length() > MAX_FIELD_LENGTH) {
			throw new IllegalArgumentException("A field is longer than " + MAX_FIELD_LENGTH + " characters.");
		}
		return value.strip();
	}

	private static String pagePath(HttpServletRequest request) {
		return request.getContextPath() + mountPrefix(request) + PATH;
	}

	private static String error(String message) {
		return "<p class=\"error\" id=\"error\">" + htmlEscape(message) + "</p>";
	}

}
