package dev.tglogin.web.ui;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.nimbusds.jose.util.JSONObjectUtils;
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
import dev.tglogin.web.EndpointMatcher;
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
public final class TelegramLoginPageFilter extends OncePerRequestFilter {

	/** The policy the page is sent with; the QR code is a {@code data:} image. */
	static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
			+ "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

	private final RequestMatcher matcher;

	private final String basePath;

	private boolean bondifyEnabled = true;

	private boolean xellarEnabled;

	private TelegramLoginMessages messages = TelegramLoginMessages.library();

	private boolean miniAppEnabled;

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
	 * Sets the texts of the page and of {@code tglogin.js}. Defaults to the library's own
	 * ({@link TelegramLoginMessages#library()}).
	 * @param messages the texts, e.g. {@link TelegramLoginMessages#withOverrides} of the app's {@code MessageSource}
	 */
	public void setMessages(TelegramLoginMessages messages) {
		Assert.notNull(messages, "messages cannot be null");
		this.messages = messages;
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
		Locale locale = this.messages.locale(request);
		Texts t = new Texts(this.messages, locale);
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
		html.append(clientMetaTags(request, base, this.messages, locale));
		html.append("<title>").append(t.get("page.title")).append("</title>\n");
		html.append("<link rel=\"stylesheet\" href=\"")
			.append(escape(base + "/" + TelegramLoginResourceFilter.STYLE + "?v="
					+ TelegramLoginResourceFilter.styleVersion()))
			.append("\">\n");
		html.append(clientScript(base));
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
			html.append(t.fill(OIDC).replace("{{href}}", escape(request.getContextPath() + this.oidcAuthorizationPath)));
		}
		html.append(flows(this.bondifyEnabled, this.xellarEnabled, this.messages, locale));
		if (this.miniAppEnabled) {
			html.append(t.fill(MINI_APP));
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

	/**
	 * The meta tags the browser client reads: the CSRF token and its header name (when the request has a token), the
	 * base path and the client's texts in the page's language.
	 */
	static String clientMetaTags(HttpServletRequest request, String base, TelegramLoginMessages messages,
			Locale locale) {
		StringBuilder html = new StringBuilder(1024);
		CsrfToken csrf = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
		if (csrf != null) {
			html.append("<meta name=\"_csrf\" content=\"").append(escape(csrf.getToken())).append("\">\n");
			html.append("<meta name=\"_csrf_header\" content=\"").append(escape(csrf.getHeaderName())).append("\">\n");
		}
		html.append("<meta name=\"tglogin_base\" content=\"").append(escape(base)).append("\">\n");
		html.append("<meta name=\"tglogin_messages\" content=\"")
			.append(escape(JSONObjectUtils.toJSONString(messages.clientTexts(locale))))
			.append("\">\n");
		return html.toString();
	}

	/** The script element that loads the browser client from the base path. */
	static String clientScript(String base) {
		return "<script src=\"" + escape(base + "/" + TelegramLoginResourceFilter.SCRIPT + "?v="
				+ TelegramLoginResourceFilter.scriptVersion()) + "\" defer></script>\n";
	}

	/** The markup of the flows that are on, in the given language; also on the generated login page. */
	static String flows(boolean bondify, boolean xellar, TelegramLoginMessages messages, Locale locale) {
		Texts t = new Texts(messages, locale);
		return (bondify ? t.fill(BONDIFY) : "") + (xellar ? t.fill(XELLAR) : "");
	}

	private static String escape(String value) {
		return HtmlUtils.htmlEscape(value, StandardCharsets.UTF_8.name());
	}

	/**
	 * The page's texts in one language, HTML-escaped; {@code ${key}} in a template is the text of
	 * {@code tglogin.<key>}.
	 */
	private record Texts(TelegramLoginMessages messages, Locale locale) {

		private static final Pattern KEY = Pattern.compile("\\$\\{([A-Za-z.-]+)}");

		String get(String key) {
			return escape(this.messages.get("tglogin." + key, this.locale));
		}

		String fill(String template) {
			return KEY.matcher(template).replaceAll((match) -> Matcher.quoteReplacement(get(match.group(1))));
		}

	}

	private static final String OIDC = """
			<section class="tglogin-flow" data-tglogin="oidc" aria-labelledby="tglogin-oidc-title">
			<h2 id="tglogin-oidc-title">${page.oidc.title}</h2>
			<p>${page.oidc.intro}</p>
			<p><a id="tglogin-oidc" class="tglogin-button" href="{{href}}">${client.start}</a></p>
			</section>
			""";

	private static final String BONDIFY = """
			<section class="tglogin-flow" data-tglogin="bondify" aria-labelledby="tglogin-bondify-title">
			<h2 id="tglogin-bondify-title">${page.bondify.title}</h2>
			<p>${page.bondify.intro}</p>
			<button type="button" id="tglogin-start" data-tglogin-part="start">${client.start}</button>
			<div id="tglogin-waiting" data-tglogin-part="waiting" hidden>
			<p><a id="tglogin-deeplink" data-tglogin-part="deeplink" class="tglogin-button" target="_blank" rel="noopener noreferrer">${client.openTelegram}</a></p>
			<div id="tglogin-qr" data-tglogin-part="qr" class="tglogin-qr" hidden></div>
			</div>
			<p id="tglogin-status" data-tglogin-part="status" class="tglogin-status" role="status" aria-live="polite"></p>
			<p id="tglogin-note" data-tglogin-part="note" class="tglogin-note" role="status" aria-live="polite"></p>
			<button type="button" id="tglogin-retry" data-tglogin-part="retry" hidden>${client.retry}</button>
			</section>
			""";

	private static final String MINI_APP = """
			<section class="tglogin-flow" data-tglogin="miniapp" aria-labelledby="tglogin-miniapp-title">
			<h2 id="tglogin-miniapp-title">${page.miniApp.title}</h2>
			<p id="tglogin-miniapp-status" data-tglogin-part="status" class="tglogin-status" role="status" aria-live="polite"></p>
			</section>
			""";

	private static final String XELLAR = """
			<section class="tglogin-flow" data-tglogin="xellar" aria-labelledby="tglogin-xellar-title">
			<h2 id="tglogin-xellar-title">${page.xellar.title}</h2>
			<form id="tglogin-phone-form" data-tglogin-part="phone-form" method="post" novalidate>
			<label for="tglogin-phone">${client.phoneLabel}</label>
			<input id="tglogin-phone" data-tglogin-part="phone" name="phoneNumber" type="tel" dir="ltr" autocomplete="tel" inputmode="tel" maxlength="32" required aria-describedby="tglogin-phone-hint">
			<p id="tglogin-phone-hint" class="tglogin-hint">${page.xellar.phoneHint}</p>
			<button type="submit" id="tglogin-send" data-tglogin-part="send">${client.send}</button>
			</form>
			<form id="tglogin-otp-form" data-tglogin-part="otp-form" method="post" novalidate hidden>
			<label for="tglogin-otp">${client.otpLabel}</label>
			<input id="tglogin-otp" data-tglogin-part="otp" name="otp" type="text" dir="ltr" autocomplete="one-time-code" inputmode="numeric" maxlength="12" required aria-describedby="tglogin-otp-hint">
			<p id="tglogin-otp-hint" class="tglogin-hint">${page.xellar.otpHint}</p>
			<button type="submit" id="tglogin-verify" data-tglogin-part="verify">${client.verify}</button>
			<button type="button" id="tglogin-resend" data-tglogin-part="resend" class="tglogin-secondary">${client.resend}</button>
			<button type="button" id="tglogin-change-phone" data-tglogin-part="change" class="tglogin-secondary">${client.change}</button>
			</form>
			<p id="tglogin-xellar-status" data-tglogin-part="status" class="tglogin-status" role="status" aria-live="polite"></p>
			</section>
			""";

}
