package dev.tglogin.web.ui;

import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.ui.DefaultLoginPageGeneratingFilter;
import org.springframework.security.web.csrf.DefaultCsrfToken;
import org.springframework.security.web.csrf.CsrfToken;

import static org.assertj.core.api.Assertions.assertThat;

class TelegramLoginSectionFilterTests {

	private final TelegramLoginSectionFilter filter = new TelegramLoginSectionFilter("/login", "/login/telegram");

	@Test
	void doFilterWhenGeneratedLoginPageThenClientInHeadAndFlowsInContent() throws Exception {
		this.filter.setXellarEnabled(true);
		MockHttpServletResponse response = generatedPage(get("/login"));
		String html = response.getContentAsString(StandardCharsets.UTF_8);
		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(response.getContentLength()).isEqualTo(html.getBytes(StandardCharsets.UTF_8).length);
		String head = html.substring(0, html.indexOf("</head>"));
		assertThat(head).contains("<meta name=\"_csrf\" content=\"csrf-token-value\">",
				"<meta name=\"_csrf_header\" content=\"X-CSRF-TOKEN\">",
				"<meta name=\"tglogin_base\" content=\"/app/login/telegram\">",
				"<script src=\"/app/login/telegram/tglogin.js?v=");
		String content = html.substring(html.indexOf("<div class=\"content\">"), html.lastIndexOf("</div>"));
		assertThat(content).contains("name=\"username\"", "id=\"tglogin-section\"", "data-tglogin=\"bondify\"",
				"data-tglogin=\"xellar\"");
		assertThat(html).endsWith("</html>");
	}

	@Test
	void doFilterWhenXellarOnlyThenNoBondifyButton() throws Exception {
		this.filter.setBondifyEnabled(false);
		this.filter.setXellarEnabled(true);
		String html = generatedPage(get("/login")).getContentAsString(StandardCharsets.UTF_8);
		assertThat(html).contains("data-tglogin=\"xellar\"").doesNotContain("data-tglogin=\"bondify\"");
	}

	@Test
	void doFilterWhenOtherFactorAskedThenPageUnchanged() throws Exception {
		MockHttpServletRequest request = get("/login");
		request.setParameter("factor.type", "password");
		assertThat(generatedPage(request).getContentAsString(StandardCharsets.UTF_8)).doesNotContain("tglogin");
	}

	@Test
	void doFilterWhenNotAnHtmlPageThenSentUnchanged() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		new MockFilterChain(new HttpServlet() {
			@Override
			protected void doGet(HttpServletRequest request, HttpServletResponse answer) throws java.io.IOException {
				answer.setContentType("application/json");
				answer.getOutputStream().write("{\"body\":\"</head></div></body>\"}".getBytes(StandardCharsets.UTF_8));
			}
		}, this.filter).doFilter(get("/login"), response);
		assertThat(response.getContentAsString()).isEqualTo("{\"body\":\"</head></div></body>\"}");
		assertThat(response.getContentLength()).isEqualTo(31);
	}

	@Test
	void doFilterWhenRedirectThenNoBody() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		new MockFilterChain(new HttpServlet() {
			@Override
			protected void doGet(HttpServletRequest request, HttpServletResponse answer) throws java.io.IOException {
				answer.sendRedirect("/elsewhere");
			}
		}, this.filter).doFilter(get("/login"), response);
		assertThat(response.getRedirectedUrl()).isEqualTo("/elsewhere");
		assertThat(response.getContentAsByteArray()).isEmpty();
	}

	@Test
	void doFilterWhenOtherPathThenResponseNotWrapped() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		MockFilterChain chain = new MockFilterChain();
		this.filter.doFilter(get("/login/telegram"), response, chain);
		assertThat(chain.getResponse()).isSameAs(response);
	}

	private MockHttpServletResponse generatedPage(MockHttpServletRequest request) throws Exception {
		DefaultLoginPageGeneratingFilter generating = new DefaultLoginPageGeneratingFilter(
				new UsernamePasswordAuthenticationFilter());
		generating.setAuthenticationUrl("/login");
		MockHttpServletResponse response = new MockHttpServletResponse();
		new MockFilterChain(new HttpServlet() {
		}, this.filter, generating).doFilter(request, response);
		return response;
	}

	private static MockHttpServletRequest get(String path) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/app" + path);
		request.setContextPath("/app");
		request.setServletPath(path);
		request.setAttribute(CsrfToken.class.getName(),
				new DefaultCsrfToken("X-CSRF-TOKEN", "_csrf", "csrf-token-value"));
		return request;
	}

}
