package dev.tglogin.web.ui;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.nimbusds.jose.util.JSONObjectUtils;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.util.HtmlUtils;

import dev.tglogin.web.TelegramLoginMessages;

/**
 * The markup {@link TelegramLoginPageFilter}'s page and {@link TelegramLoginSectionFilter}'s section on Spring
 * Security's generated login page share: the browser client's meta tags and script element, and the sections of the
 * flows, with their texts in the page's language, HTML-escaped. Nothing from the request is written but the escaped
 * CSRF token, its header name and the base path.
 */
final class LoginPageMarkup {

	private LoginPageMarkup() {
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

	static String escape(String value) {
		return HtmlUtils.htmlEscape(value, StandardCharsets.UTF_8.name());
	}

	/**
	 * The page's texts in one language, HTML-escaped; {@code ${key}} in a template is the text of
	 * {@code tglogin.<key>}.
	 */
	record Texts(TelegramLoginMessages messages, Locale locale) {

		private static final Pattern KEY = Pattern.compile("\\$\\{([A-Za-z.-]+)}");

		String get(String key) {
			return escape(this.messages.get("tglogin." + key, this.locale));
		}

		String fill(String template) {
			return KEY.matcher(template).replaceAll((match) -> Matcher.quoteReplacement(get(match.group(1))));
		}

	}

	static final String OIDC = """
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

	static final String MINI_APP = """
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
