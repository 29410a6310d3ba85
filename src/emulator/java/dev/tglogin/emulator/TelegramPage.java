package dev.tglogin.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.util.HtmlUtils;

import static dev.tglogin.emulator.EmulatorHttp.MAX_TOKEN_LENGTH;
import static dev.tglogin.emulator.EmulatorHttp.mountPrefix;

/**
 * The emulated Telegram page: {@code GET} {@value #PATH}{@code ?start=<session_token>} shows that one Bondify login
 * request with Confirm and Cancel forms (posting to {@value #CONFIRM} and {@value #CANCEL}, which redirect back);
 * without {@code start} it lists no session, and shows the Xellar OTPs of the phone number the visitor types. The
 * page is the template {@code telegram-page.html}; every value in it is escaped with Spring's {@code HtmlUtils}.
 */
final class TelegramPage implements EmulatorRoute {

	static final String PATH = "/telegram";

	static final String CONFIRM = "/telegram/confirm";

	static final String CANCEL = "/telegram/cancel";

	private static final int MAX_PHONE_LENGTH = 64;

	private static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; "
			+ "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'", Locale.ROOT)
		.withZone(ZoneOffset.UTC);

	private static final String TEMPLATE = template();

	private final @Nullable BondifyEmulator bondify;

	private final @Nullable XellarEmulator xellar;

	TelegramPage(@Nullable BondifyEmulator bondify, @Nullable XellarEmulator xellar) {
		this.bondify = bondify;
		this.xellar = xellar;
	}

	@Override
	public boolean handle(String route, HttpServletRequest request, HttpServletResponse response) throws IOException {
		if (PATH.equals(route)) {
			if (!"GET".equals(request.getMethod())) {
				response.setHeader("Allow", "GET");
				write(response, 405, "<p class=\"error\">Method not allowed.</p>");
			}
			else {
				page(request, response);
			}
			return true;
		}
		boolean confirm = CONFIRM.equals(route);
		if ((!confirm && !CANCEL.equals(route)) || this.bondify == null) {
			return false;
		}
		if (!"POST".equals(request.getMethod())) {
			response.setHeader("Allow", "POST");
			write(response, 405, "<p class=\"error\">Method not allowed.</p>");
			return true;
		}
		String token = null;
		try {
			TelegramForm form = TelegramForm.read(request);
			token = form.sessionToken();
			if (confirm) {
				this.bondify.confirm(token, form.user());
			}
			else {
				this.bondify.cancel(token);
			}
		}
		catch (TelegramForm.InvalidFormException ex) {
			write(response, 400, error(ex.getMessage()) + backLink(request, token));
			return true;
		}
		catch (EmulatorException ex) {
			write(response, ex.status(), error(ex.getMessage()) + backLink(request, token));
			return true;
		}
		response.setStatus(303);
		response.setHeader("Location", pageUrl(request, token));
		response.setContentLength(0);
		return true;
	}

	private void page(HttpServletRequest request, HttpServletResponse response) throws IOException {
		String start = request.getParameter("start");
		StringBuilder html = new StringBuilder();
		if (this.bondify != null && start != null && !start.isEmpty()) {
			Optional<SessionView> session = (start.length() <= MAX_TOKEN_LENGTH) ? this.bondify.session(start)
					: Optional.empty();
			if (session.isEmpty()) {
				write(response, 404, error("Unknown or expired login request. Start a new login in the app."));
				return;
			}
			appendSession(html, request, session.get());
			write(response, 200, html.toString());
			return;
		}
		if (this.bondify != null) {
			// pending sessions are not listed: a session token is as good as the login it becomes
			html.append("<p id=\"open-link\">To confirm or cancel a login, open the Telegram link the app shows ")
				.append("(<em>Open Telegram</em>, or its QR code): it opens this page for that login request.</p>\n");
		}
		if (this.xellar != null) {
			appendXellarOtps(html, this.xellar, request, request.getParameter("phone"));
		}
		write(response, 200, html.toString());
	}

	/** The OTPs sent to the phone number the visitor typed, and only those; a form asking for it. */
	private static void appendXellarOtps(StringBuilder html, XellarEmulator xellar, HttpServletRequest request,
			@Nullable String typed) {
		html.append("<section class=\"xellar\" id=\"xellar\">\n<h2>Xellar OTP codes</h2>\n")
			.append("<form method=\"get\" action=\"")
			.append(htmlEscape(request.getContextPath() + mountPrefix(request) + PATH))
			.append("\">\n<p><label for=\"phone\">Phone number</label> ")
			.append("<input type=\"tel\" id=\"phone\" name=\"phone\" autocomplete=\"off\"></p>\n")
			.append("<button type=\"submit\" id=\"show-otp\">Show the code</button>\n</form>\n");
		if (typed == null || typed.isBlank()) {
			html.append("<p id=\"ask-phone\">Type the phone number you logged in with in the app: the codes ")
				.append("Xellar would send to its Telegram are shown here.</p>\n</section>\n");
			return;
		}
		Optional<String> phone = (typed.length() <= MAX_PHONE_LENGTH) ? XellarPhoneNumbers.typed(typed)
				: Optional.empty();
		if (phone.isEmpty()) {
			html.append("<p class=\"error\" id=\"error\">The phone number must be 6 to 15 digits, optionally ")
				.append("after a +.</p>\n</section>\n");
			return;
		}
		List<XellarEmulator.PendingOtp> otps = xellar.pendingOtps(phone.get());
		if (otps.isEmpty()) {
			html.append("<p id=\"no-otp\">No code waiting for ")
				.append(htmlEscape(XellarPhoneNumbers.mask(phone.get())))
				.append(". Log in with this phone number in the app first.</p>\n");
		}
		else {
			html.append("<p>Codes Xellar would send to Telegram. Enter the code in the app.</p>\n<ul>\n");
			int index = 0;
			for (XellarEmulator.PendingOtp otp : otps) {
				index++;
				html.append("<li><span class=\"phone\">")
					.append(htmlEscape(otp.maskedPhoneNumber()))
					.append("</span>: <strong class=\"otp\" id=\"otp")
					.append((index == 1) ? "" : "-" + index)
					.append("\">")
					.append(htmlEscape(otp.otp()))
					.append("</strong> (expires at ")
					.append(TIME.format(otp.expiresAt()))
					.append(")</li>\n");
			}
			html.append("</ul>\n");
		}
		html.append("</section>\n");
	}

	private static void appendSession(StringBuilder html, HttpServletRequest request, SessionView session) {
		String prefix = request.getContextPath() + mountPrefix(request);
		String token = htmlEscape(session.sessionToken());
		html.append("<section class=\"session\" data-state=\"")
			.append(session.state().name().toLowerCase(Locale.ROOT))
			.append("\">\n<h2>Login request ")
			.append(htmlEscape(Tokens.fingerprint(session.sessionToken())))
			.append("</h2>\n");
		if (session.state() != SessionView.State.PENDING) {
			html.append("<p class=\"state\" id=\"state\">").append(stateText(session)).append("</p>\n");
			EmulatedTelegramUser user = session.user();
			if (user != null) {
				html.append("<p>As ").append(htmlEscape(user.name())).append(" (id ").append(htmlEscape(user.id()));
				if (user.username() != null) {
					html.append(", @").append(htmlEscape(user.username()));
				}
				html.append(").</p>\n");
			}
			html.append("</section>\n");
			return;
		}
		html.append("<p>An app asks you to log in with your Telegram account. This request expires at ")
			.append(TIME.format(session.expiresAt()))
			.append(".</p>\n<form method=\"post\" action=\"")
			.append(htmlEscape(prefix + CONFIRM))
			.append("\">\n<input type=\"hidden\" name=\"").append(BondifyWire.SESSION_TOKEN)
			.append("\" value=\"").append(token).append("\">\n");
		appendField(html, BondifyWire.TELEGRAM_ID, "Telegram id", EmulatedTelegramUser.DEFAULT_ID);
		appendField(html, BondifyWire.TELEGRAM_NAME, "Name", EmulatedTelegramUser.DEFAULT_NAME);
		appendField(html, BondifyWire.TELEGRAM_USERNAME, "Username (optional)", EmulatedTelegramUser.DEFAULT_USERNAME);
		appendField(html, BondifyWire.TELEGRAM_PHONE, "Phone (optional)", "");
		html.append("<button type=\"submit\" id=\"confirm\">Confirm</button>\n</form>\n")
			.append("<form method=\"post\" action=\"")
			.append(htmlEscape(prefix + CANCEL))
			.append("\">\n<input type=\"hidden\" name=\"").append(BondifyWire.SESSION_TOKEN)
			.append("\" value=\"").append(token).append("\">\n")
			.append("<button type=\"submit\" id=\"cancel\">Cancel</button>\n</form>\n")
			.append("</section>\n");
	}

	static void appendField(StringBuilder html, String name, String label, String value) {
		html.append("<p><label for=\"").append(name).append("\">").append(htmlEscape(label)).append("</label> ")
			.append("<input type=\"text\" id=\"").append(name).append("\" name=\"").append(name)
			.append("\" value=\"").append(htmlEscape(value)).append("\"></p>\n");
	}

	private static String stateText(SessionView session) {
		return switch (session.state()) {
			case PENDING -> "Pending";
			case CONFIRMED -> "Confirmed";
			case USED -> "Confirmed (the app has received the login)";
			case CANCELLED -> "Cancelled";
			case EXPIRED -> "Expired";
		};
	}

	private static String error(String message) {
		return "<p class=\"error\" id=\"error\">" + htmlEscape(message) + "</p>";
	}

	private static String backLink(HttpServletRequest request, @Nullable String token) {
		String url = (token != null) ? pageUrl(request, token) : request.getContextPath() + mountPrefix(request) + PATH;
		return "<p><a href=\"" + htmlEscape(url) + "\">Back</a></p>";
	}

	private static String pageUrl(HttpServletRequest request, String token) {
		return request.getContextPath() + mountPrefix(request) + PATH + "?start="
				+ URLEncoder.encode(token, StandardCharsets.UTF_8);
	}

	static void write(HttpServletResponse response, int status, String content) throws IOException {
		write(response, status, content, CONTENT_SECURITY_POLICY);
	}

	/**
	 * Writes a page of the emulated Telegram (the template around the content) with the given Content Security
	 * Policy.
	 */
	static void write(HttpServletResponse response, int status, String content, String contentSecurityPolicy)
			throws IOException {
		byte[] bytes = TEMPLATE.replace("{{content}}", content).getBytes(StandardCharsets.UTF_8);
		response.setStatus(status);
		response.setContentType("text/html;charset=UTF-8");
		response.setHeader("Cache-Control", "no-store");
		response.setHeader("X-Content-Type-Options", "nosniff");
		response.setHeader("Referrer-Policy", "no-referrer");
		response.setHeader("Content-Security-Policy", contentSecurityPolicy);
		response.setContentLength(bytes.length);
		response.getOutputStream().write(bytes);
	}

	/** Escapes the five HTML-special characters (text and double- or single-quoted attribute values). */
	static String htmlEscape(String text) {
		return HtmlUtils.htmlEscape(text, "UTF-8");
	}

	private static String template() {
		try (InputStream in = TelegramPage.class.getResourceAsStream("telegram-page.html")) {
			if (in == null) {
				throw new IllegalStateException("telegram-page.html is missing beside " + TelegramPage.class);
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
