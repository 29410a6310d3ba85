package dev.tglogin.web.ui;

import java.util.Locale;

import org.junit.jupiter.api.Test;

import org.springframework.context.support.StaticMessageSource;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.DefaultCsrfToken;

import dev.tglogin.web.TelegramLoginMessages;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TelegramLoginPageFilter}.
 */
class TelegramLoginPageFilterTests {

	@Test
	void doFilterWhenPageRequestedThenHtmlWithCsrfBaseAndAStrictPolicy() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/app/login/telegram");
		request.setContextPath("/app");
		request.setAttribute(CsrfToken.class.getName(), new DefaultCsrfToken("X-CSRF-TOKEN", "_csrf", "t<\"ok"));
		MockHttpServletResponse response = get(new TelegramLoginPageFilter("/login/telegram"), request);
		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(response.getContentType()).isEqualTo("text/html;charset=UTF-8");
		assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store");
		assertThat(response.getHeader("Content-Security-Policy")).contains("script-src 'self'", "default-src 'none'");
		String html = response.getContentAsString();
		assertThat(html).contains("<meta name=\"_csrf\" content=\"t&lt;&quot;ok\">",
				"<meta name=\"_csrf_header\" content=\"X-CSRF-TOKEN\">",
				"<meta name=\"tglogin_base\" content=\"/app/login/telegram\">",
				"/app/login/telegram/tglogin.js?v=" + TelegramLoginResourceFilter.scriptVersion(), "id=\"tglogin-start\"");
		assertThat(html).doesNotContain("<script>", "style=", "tglogin-phone-form");
	}

	@Test
	void doFilterWhenOnlyXellarThenThePhoneFormAndNoDeeplinkButton() throws Exception {
		TelegramLoginPageFilter filter = new TelegramLoginPageFilter("/login/telegram");
		filter.setBondifyEnabled(false);
		filter.setXellarEnabled(true);
		String html = get(filter, new MockHttpServletRequest("GET", "/login/telegram")).getContentAsString();
		assertThat(html).contains("id=\"tglogin-phone-form\"", "id=\"tglogin-otp-form\"")
			.doesNotContain("id=\"tglogin-start\"");
	}

	@Test
	void doFilterWhenOnlyMiniAppThenTheMiniAppSectionAndNoOtherFlow() throws Exception {
		TelegramLoginPageFilter filter = new TelegramLoginPageFilter("/login/telegram");
		filter.setBondifyEnabled(false);
		filter.setMiniAppEnabled(true);
		String html = get(filter, new MockHttpServletRequest("GET", "/login/telegram")).getContentAsString();
		assertThat(html).contains("data-tglogin=\"miniapp\"", "id=\"tglogin-miniapp-status\"")
			.doesNotContain("id=\"tglogin-start\"", "id=\"tglogin-phone-form\"", "No Telegram login method");
	}

	@Test
	void doFilterWhenOidcThenALinkToSpringsAuthorizationEndpointBelowTheContextPath() throws Exception {
		TelegramLoginPageFilter filter = new TelegramLoginPageFilter("/login/telegram");
		filter.setBondifyEnabled(false);
		filter.setOidcAuthorizationPath("/oauth2/authorization/telegram");
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/app/login/telegram");
		request.setContextPath("/app");
		String html = get(filter, request).getContentAsString();
		assertThat(html).contains("<a id=\"tglogin-oidc\" class=\"tglogin-button\" href=\"/app/oauth2/authorization/telegram\">")
			.doesNotContain("id=\"tglogin-start\"", "No Telegram login method is configured.", "tglogin-error");
	}

	@Test
	void doFilterWhenErrorThenANoticeWithoutEchoingTheParameter() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/login/telegram");
		request.addParameter("error", "<script>alert(1)</script>");
		String html = get(new TelegramLoginPageFilter("/login/telegram"), request).getContentAsString();
		assertThat(html).contains("id=\"tglogin-error\"").doesNotContain("alert(1)");
	}

	@Test
	void doFilterWhenNoFlowThenSaysSo() throws Exception {
		TelegramLoginPageFilter filter = new TelegramLoginPageFilter("/login/telegram");
		filter.setBondifyEnabled(false);
		assertThat(get(filter, new MockHttpServletRequest("GET", "/login/telegram")).getContentAsString())
			.contains("No Telegram login method is configured.");
	}

	@Test
	void doFilterWhenLoggedOutThenANoticeWithoutEchoingTheParameter() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/login/telegram");
		request.addParameter("logout", "<script>alert(1)</script>");
		String html = get(new TelegramLoginPageFilter("/login/telegram"), request).getContentAsString();
		assertThat(html).contains("id=\"tglogin-logged-out\"").doesNotContain("alert(1)");
	}

	@Test
	void doFilterWhenAnotherPathOrMethodThenTheChainGoesOn() throws Exception {
		TelegramLoginPageFilter filter = new TelegramLoginPageFilter("/login/telegram");
		for (MockHttpServletRequest request : new MockHttpServletRequest[] {
				new MockHttpServletRequest("POST", "/login/telegram"),
				new MockHttpServletRequest("GET", "/login/telegram/status"), new MockHttpServletRequest("GET", "/") }) {
			MockFilterChain chain = new MockFilterChain();
			filter.doFilter(request, new MockHttpServletResponse(), chain);
			assertThat(chain.getRequest()).isSameAs(request);
		}
	}

	@Test
	void doFilterWhenPersianThenRightToLeftPersianPageAndTheScriptTextsInAMetaTag() throws Exception {
		TelegramLoginPageFilter filter = new TelegramLoginPageFilter("/login/telegram");
		filter.setXellarEnabled(true);
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/login/telegram");
		request.addPreferredLocale(Locale.forLanguageTag("fa-IR"));
		String html = get(filter, request).getContentAsString();
		assertThat(html).startsWith("<!DOCTYPE html>\n<html lang=\"fa\" dir=\"rtl\">\n")
			.contains("<title>ورود با تلگرام</title>", ">ارسال کد</button>")
			.contains("<meta name=\"tglogin_messages\" content=\"{&quot;start&quot;:&quot;ورود با تلگرام&quot;,")
			.doesNotContain("Log in with Telegram", "${");
	}

	@Test
	void doFilterWhenAppTextsContainMarkupThenEscaped() throws Exception {
		StaticMessageSource app = new StaticMessageSource();
		app.addMessage("tglogin.page.title", Locale.ENGLISH, "<b>Acme</b> & co");
		app.addMessage("tglogin.client.start", Locale.ENGLISH, "Go\"><script>");
		app.addMessage("tglogin.page.lang", Locale.ENGLISH, "en\" onload=\"x");
		TelegramLoginPageFilter filter = new TelegramLoginPageFilter("/login/telegram");
		filter.setMessages(TelegramLoginMessages.withOverrides(app));
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/login/telegram");
		request.addPreferredLocale(Locale.ENGLISH);
		String html = get(filter, request).getContentAsString();
		assertThat(html).contains("<title>&lt;b&gt;Acme&lt;/b&gt; &amp; co</title>",
				">Go&quot;&gt;&lt;script&gt;</button>",
				"<html lang=\"en&quot; onload=&quot;x\" dir=\"ltr\">")
			.doesNotContain("<b>", "<script>");
	}

	private static MockHttpServletResponse get(jakarta.servlet.Filter filter, MockHttpServletRequest request)
			throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		MockFilterChain chain = new MockFilterChain();
		filter.doFilter(request, response, chain);
		assertThat(chain.getRequest()).as("the endpoint answers itself").isNull();
		return response;
	}

}
