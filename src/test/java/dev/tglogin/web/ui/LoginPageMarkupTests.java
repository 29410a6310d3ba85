package dev.tglogin.web.ui;

import java.util.Locale;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.DefaultCsrfToken;

import dev.tglogin.web.TelegramLoginMessages;

import static org.assertj.core.api.Assertions.assertThat;

class LoginPageMarkupTests {

	private final TelegramLoginMessages messages = TelegramLoginMessages.library();

	@Test
	void clientMetaTagsWhenTheRequestHasACsrfTokenThenTokenHeaderBaseAndTextsEscaped() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setAttribute(CsrfToken.class.getName(), new DefaultCsrfToken("X-CSRF-TOKEN", "_csrf", "t\"<ok>"));

		String html = LoginPageMarkup.clientMetaTags(request, "/app/login/telegram", this.messages, Locale.ENGLISH);

		assertThat(html).contains("<meta name=\"_csrf\" content=\"t&quot;&lt;ok&gt;\">")
			.contains("<meta name=\"_csrf_header\" content=\"X-CSRF-TOKEN\">")
			.contains("<meta name=\"tglogin_base\" content=\"/app/login/telegram\">")
			.contains("<meta name=\"tglogin_messages\" content=\"{&quot;")
			.doesNotContain("t\"<ok>");
	}

	@Test
	void clientMetaTagsWhenNoCsrfTokenThenNoCsrfMetaTags() {
		String html = LoginPageMarkup.clientMetaTags(new MockHttpServletRequest(), "/login/telegram", this.messages,
				Locale.ENGLISH);

		assertThat(html).doesNotContain("_csrf").contains("tglogin_base");
	}

	@Test
	void clientScriptWhenBaseThenDeferredScriptOfTheBasePathWithItsVersion() {
		assertThat(LoginPageMarkup.clientScript("/login/telegram"))
			.startsWith("<script src=\"/login/telegram/" + TelegramLoginResourceFilter.SCRIPT + "?v="
					+ TelegramLoginResourceFilter.scriptVersion())
			.endsWith("\" defer></script>\n");
	}

	@Test
	void flowsWhenOnlyXellarThenOnlyItsSectionInTheGivenLanguage() {
		String html = LoginPageMarkup.flows(false, true, this.messages, Locale.ENGLISH);

		assertThat(html).contains("data-tglogin=\"xellar\"").contains("id=\"tglogin-phone-form\"")
			.doesNotContain("data-tglogin=\"bondify\"").doesNotContain("${");
		assertThat(LoginPageMarkup.flows(true, false, this.messages, Locale.ENGLISH))
			.contains("id=\"tglogin-start\"").doesNotContain("data-tglogin=\"xellar\"");
		assertThat(LoginPageMarkup.flows(false, false, this.messages, Locale.ENGLISH)).isEmpty();
	}

	@Test
	void textsWhenTemplateThenEveryKeyFilledWithItsEscapedText() {
		LoginPageMarkup.Texts texts = new LoginPageMarkup.Texts(this.messages, Locale.ENGLISH);

		assertThat(texts.fill(LoginPageMarkup.MINI_APP)).doesNotContain("${")
			.contains(texts.get("page.miniApp.title"));
		assertThat(LoginPageMarkup.escape("<a href=\"x\">")).isEqualTo("&lt;a href=&quot;x&quot;&gt;");
	}

}
