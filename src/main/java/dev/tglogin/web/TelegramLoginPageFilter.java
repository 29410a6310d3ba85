package dev.tglogin.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpMethod;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.Assert;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.HtmlUtils;

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
 * Element ids the browser tests rely on: {@code tglogin-start}, {@code tglogin-deeplink}, {@code tglogin-qr} (the
 * box the QR code {@code <img>} goes into), {@code tglogin-status}, {@code tglogin-note}, {@code tglogin-retry}
 * (Bondify); {@code tglogin-phone-form}, {@code tglogin-phone}, {@code tglogin-send}, {@code tglogin-otp-form},
 * {@code tglogin-otp}, {@code tglogin-verify}, {@code tglogin-resend}, {@code tglogin-change-phone},
 * {@code tglogin-xellar-status} (Xellar); {@code tglogin-oidc} (OpenID Connect); {@code tglogin-error}.
 */
public final class TelegramLoginPageFilter extends OncePerRequestFilter {

	/** The policy the page is sent with; the QR code is a {@code data:} image. */
	static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
			+ "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

	private final RequestMatcher matcher;

	private final String basePath;

	private boolean bondifyEnabled = true;

	private boolean xellarEnabled;

	private @Nullable String oidcAuthorizationPath;

	/**
	 * Creates the filter.
	 * @param basePath the login base path, e.g. {@code /login/telegram}; the page is served there
	 */
	public TelegramLoginPageFilter(String basePath) {
		Assert.hasText(basePath, "basePath cannot be empty");
		this.matcher = EndpointMatcher.of(HttpMethod.GET, basePath);
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

	/** Every request but this endpoint's passes on untouched (and without the once-per-request bookkeeping). */
	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !this.matcher.matches(request);
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
		StringBuilder html = new StringBuilder(4096);
		html.append("""
				<!DOCTYPE html>
				<html lang="en">
				<head>
				<meta charset="utf-8">
				<meta name="viewport" content="width=device-width, initial-scale=1">
				""");
		CsrfToken csrf = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
		if (csrf != null) {
			html.append("<meta name=\"_csrf\" content=\"").append(escape(csrf.getToken())).append("\">\n");
			html.append("<meta name=\"_csrf_header\" content=\"").append(escape(csrf.getHeaderName())).append("\">\n");
		}
		html.append("<meta name=\"tglogin_base\" content=\"").append(escape(base)).append("\">\n");
		html.append("<title>Log in with Telegram</title>\n");
		html.append("<link rel=\"stylesheet\" href=\"")
			.append(escape(base + "/" + TelegramLoginResourceFilter.STYLE + "?v="
					+ TelegramLoginResourceFilter.styleVersion()))
			.append("\">\n");
		html.append("<script src=\"")
			.append(escape(base + "/" + TelegramLoginResourceFilter.SCRIPT + "?v="
					+ TelegramLoginResourceFilter.scriptVersion()))
			.append("\" defer></script>\n");
		html.append("""
				</head>
				<body>
				<main class="tglogin" aria-labelledby="tglogin-title">
				<h1 id="tglogin-title">Log in with Telegram</h1>
				""");
		if (request.getParameter("logout") != null) {
			html.append("<p id=\"tglogin-logged-out\" role=\"status\">You have been logged out.</p>\n");
		}
		if (request.getParameter("error") != null) {
			html.append("<p id=\"tglogin-error\" class=\"tglogin-status\" role=\"alert\">")
				.append("The login did not succeed. Please try again.</p>\n");
		}
		if (this.oidcAuthorizationPath != null) {
			html.append(OIDC.replace("{{href}}", escape(request.getContextPath() + this.oidcAuthorizationPath)));
		}
		if (this.bondifyEnabled) {
			html.append(BONDIFY);
		}
		if (this.xellarEnabled) {
			html.append(XELLAR);
		}
		if (!this.bondifyEnabled && !this.xellarEnabled && this.oidcAuthorizationPath == null) {
			html.append("<p>No Telegram login method is configured.</p>\n");
		}
		else {
			html.append("<noscript><p>Please turn on JavaScript to log in with Telegram.</p></noscript>\n");
		}
		html.append("""
				</main>
				</body>
				</html>
				""");
		return html.toString();
	}

	private static String escape(String value) {
		return HtmlUtils.htmlEscape(value, StandardCharsets.UTF_8.name());
	}

	private static final String OIDC = """
			<section class="tglogin-flow" data-tglogin="oidc" aria-labelledby="tglogin-oidc-title">
			<h2 id="tglogin-oidc-title">With your Telegram account</h2>
			<p>Telegram asks you to confirm, then brings you back here.</p>
			<p><a id="tglogin-oidc" class="tglogin-button" href="{{href}}">Log in with Telegram</a></p>
			</section>
			""";

	private static final String BONDIFY = """
			<section class="tglogin-flow" data-tglogin="bondify" aria-labelledby="tglogin-bondify-title">
			<h2 id="tglogin-bondify-title">With the Telegram app</h2>
			<p>Press the button, then confirm the login in Telegram.</p>
			<button type="button" id="tglogin-start" data-tglogin-part="start">Log in with Telegram</button>
			<div id="tglogin-waiting" data-tglogin-part="waiting" hidden>
			<p><a id="tglogin-deeplink" data-tglogin-part="deeplink" class="tglogin-button" target="_blank" rel="noopener noreferrer">Open Telegram</a></p>
			<div id="tglogin-qr" data-tglogin-part="qr" class="tglogin-qr" hidden></div>
			</div>
			<p id="tglogin-status" data-tglogin-part="status" class="tglogin-status" role="status" aria-live="polite"></p>
			<p id="tglogin-note" data-tglogin-part="note" class="tglogin-note" role="status" aria-live="polite"></p>
			<button type="button" id="tglogin-retry" data-tglogin-part="retry" hidden>Try again</button>
			</section>
			""";

	private static final String XELLAR = """
			<section class="tglogin-flow" data-tglogin="xellar" aria-labelledby="tglogin-xellar-title">
			<h2 id="tglogin-xellar-title">With a code sent to Telegram</h2>
			<form id="tglogin-phone-form" data-tglogin-part="phone-form" method="post" novalidate>
			<label for="tglogin-phone">Phone number</label>
			<input id="tglogin-phone" data-tglogin-part="phone" name="phoneNumber" type="tel" autocomplete="tel" inputmode="tel" maxlength="32" required aria-describedby="tglogin-phone-hint">
			<p id="tglogin-phone-hint" class="tglogin-hint">The number of your Telegram account, in international format, for example +44 7700 900123.</p>
			<button type="submit" id="tglogin-send" data-tglogin-part="send">Send code</button>
			</form>
			<form id="tglogin-otp-form" data-tglogin-part="otp-form" method="post" novalidate hidden>
			<label for="tglogin-otp">Code from Telegram</label>
			<input id="tglogin-otp" data-tglogin-part="otp" name="otp" type="text" autocomplete="one-time-code" inputmode="numeric" maxlength="12" required aria-describedby="tglogin-otp-hint">
			<p id="tglogin-otp-hint" class="tglogin-hint">Telegram sent you a message with the code.</p>
			<button type="submit" id="tglogin-verify" data-tglogin-part="verify">Log in</button>
			<button type="button" id="tglogin-resend" data-tglogin-part="resend" class="tglogin-secondary">Send a new code</button>
			<button type="button" id="tglogin-change-phone" data-tglogin-part="change" class="tglogin-secondary">Use another number</button>
			</form>
			<p id="tglogin-xellar-status" data-tglogin-part="status" class="tglogin-status" role="status" aria-live="polite"></p>
			</section>
			""";

}
