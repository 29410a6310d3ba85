package dev.tglogin.web.ui;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpMethod;
import org.springframework.util.Assert;

import dev.tglogin.web.EndpointMatcher;
import dev.tglogin.web.TelegramEndpointFilter;
import dev.tglogin.web.TelegramLoginMessages;

/**
 * {@code GET /login/telegram}: the default login page, for apps without one of their own.
 * <p>
 * The page carries the {@code _csrf}, {@code _csrf_header} and {@code tglogin_base} meta tags and loads the browser
 * client ({@code <base>/tglogin.js}) and its style sheet ({@code <base>/tglogin.css}), both served by
 * {@link TelegramLoginResourceFilter}: it has no inline script or style, and is sent with a strict
 * {@code Content-Security-Policy} of its own. It shows a "Log in with Telegram" button when the Bondify flow is on
 * and a phone number then code form when the Xellar flow is on, and a "Log in with Telegram" link to Spring's
 * {@code /oauth2/authorization/telegram} when Telegram's OpenID Connect login is on (it needs no script). With
 * {@code ?error} (where a failed OpenID Connect login lands) it says that the login did not succeed.
 * <p>
 * Every text is in the request's language ({@link TelegramLoginMessages}): the page's {@code lang} and {@code dir}
 * are those of the texts ({@code tglogin.page.lang}, {@code tglogin.page.dir}), and the texts of {@code tglogin.js}
 * come with the page, in the {@code tglogin_messages} meta tag (a JSON object), so the script needs no second call.
 * <p>
 * Element ids the browser tests rely on: {@code tglogin-start}, {@code tglogin-deeplink}, {@code tglogin-qr} (the
 * box the QR code {@code <img>} goes into), {@code tglogin-status}, {@code tglogin-note}, {@code tglogin-retry}
 * (Bondify); {@code tglogin-phone-form}, {@code tglogin-phone}, {@code tglogin-send}, {@code tglogin-otp-form},
 * {@code tglogin-otp}, {@code tglogin-verify}, {@code tglogin-resend}, {@code tglogin-change-phone},
 * {@code tglogin-xellar-status} (Xellar); {@code tglogin-oidc} (OpenID Connect); {@code tglogin-error}.
 */
public final class TelegramLoginPageFilter extends TelegramEndpointFilter {

	/** The policy the page is sent with; the QR code is a {@code data:} image. */
	static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
			+ "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

	private final String basePath;

	private boolean bondifyEnabled = true;

	private boolean xellarEnabled;

	private boolean miniAppEnabled;

	private @Nullable String oidcAuthorizationPath;

	/**
	 * Creates the filter.
	 * @param basePath the login base path, e.g. {@code /login/telegram}; the page is served there
	 */
	public TelegramLoginPageFilter(String basePath) {
		super(EndpointMatcher.of(HttpMethod.GET, requirePath(basePath, "basePath")));
		this.basePath = basePath;
	}

	/**
	 * Sets whether the page offers the Bondify deeplink login ("Log in with Telegram"). Defaults to {@code true}.
	 * @param bondifyEnabled whether the flow is on
	 */
	public void setBondifyEnabled(boolean bondifyEnabled) {
		this.bondifyEnabled = bondifyEnabled;
	}

	/**
	 * Sets whether the page offers the Xellar OTP login (phone number, then the code sent to Telegram). Defaults to
	 * {@code false}.
	 * @param xellarEnabled whether the flow is on
	 */
	public void setXellarEnabled(boolean xellarEnabled) {
		this.xellarEnabled = xellarEnabled;
	}

	/**
	 * Sets whether the page completes a Telegram Mini App login when it is opened as a Mini App (with Telegram's init
	 * data). Defaults to {@code false}.
	 * @param miniAppEnabled whether the flow is on
	 */
	public void setMiniAppEnabled(boolean miniAppEnabled) {
		this.miniAppEnabled = miniAppEnabled;
	}

	/**
	 * Sets where the page's "Log in with Telegram" link for Telegram's OpenID Connect login goes (Spring's
	 * {@code /oauth2/authorization/telegram}, below the context path), or {@code null} for no link. Defaults to
	 * {@code null}.
	 * @param oidcAuthorizationPath the path, starting with {@code /}
	 */
	public void setOidcAuthorizationPath(@Nullable String oidcAuthorizationPath) {
		Assert.isTrue(oidcAuthorizationPath == null || oidcAuthorizationPath.startsWith("/"),
				"oidcAuthorizationPath must start with /");
		this.oidcAuthorizationPath = oidcAuthorizationPath;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		byte[] page = render(request).getBytes(StandardCharsets.UTF_8);
		response.setStatus(200);
		response.setContentType("text/html;charset=UTF-8");
		response.setHeader("Cache-Control", "no-store");
		response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
		response.setContentLength(page.length);
		response.getOutputStream().write(page);
	}

	private String render(HttpServletRequest request) {
		String base = request.getContextPath() + this.basePath;
		Locale locale = messages().locale(request);
		LoginPageMarkup.Texts t = new LoginPageMarkup.Texts(messages(), locale);
		StringBuilder html = new StringBuilder(8192);
		html.append("<!DOCTYPE html>\n<html lang=\"")
			.append(t.get("page.lang"))
			.append("\" dir=\"")
			.append("rtl".equals(t.get("page.dir")) ? "rtl" : "ltr")
			.append("\">\n");
		html.append("""
				<head>
				<meta charset="utf-8">
				<meta name="viewport" content="width=device-width, initial-scale=1">
				""");
		html.append(LoginPageMarkup.clientMetaTags(request, base, messages(), locale));
		html.append("<title>").append(t.get("page.title")).append("</title>\n");
		html.append("<link rel=\"stylesheet\" href=\"")
			.append(LoginPageMarkup.escape(base + "/" + TelegramLoginResourceFilter.STYLE + "?v="
					+ TelegramLoginResourceFilter.styleVersion()))
			.append("\">\n");
		html.append(LoginPageMarkup.clientScript(base));
		html.append("</head>\n<body>\n<main class=\"tglogin\" aria-labelledby=\"tglogin-title\">\n")
			.append("<h1 id=\"tglogin-title\">")
			.append(t.get("page.title"))
			.append("</h1>\n");
		if (request.getParameter("logout") != null) {
			html.append("<p id=\"tglogin-logged-out\" role=\"status\">")
				.append(t.get("page.loggedOut"))
				.append("</p>\n");
		}
		if (request.getParameter("error") != null) {
			html.append("<p id=\"tglogin-error\" class=\"tglogin-status\" role=\"alert\">")
				.append(t.get("page.error"))
				.append("</p>\n");
		}
		if (this.oidcAuthorizationPath != null) {
			html.append(t.fill(LoginPageMarkup.OIDC)
				.replace("{{href}}", LoginPageMarkup.escape(request.getContextPath() + this.oidcAuthorizationPath)));
		}
		html.append(LoginPageMarkup.flows(this.bondifyEnabled, this.xellarEnabled, messages(), locale));
		if (this.miniAppEnabled) {
			html.append(t.fill(LoginPageMarkup.MINI_APP));
		}
		if (!this.bondifyEnabled && !this.xellarEnabled && !this.miniAppEnabled && this.oidcAuthorizationPath == null) {
			html.append("<p>").append(t.get("page.noMethod")).append("</p>\n");
		}
		else {
			html.append("<noscript><p>").append(t.get("page.noScript")).append("</p></noscript>\n");
		}
		html.append("""
				</main>
				</body>
				</html>
				""");
		return html.toString();
	}

}
