package dev.tglogin.web.ui;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpMethod;
import org.springframework.security.web.authentication.ui.DefaultLoginPageGeneratingFilter;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.Assert;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.HtmlUtils;

import dev.tglogin.web.EndpointMatcher;
import dev.tglogin.web.TelegramLoginMessages;

/**
 * {@code GET /login} of Spring Security's generated login page ({@link DefaultLoginPageGeneratingFilter}): adds a
 * "Login with Telegram" section to the page, as one-time-token and passkey logins add theirs, for apps that use the
 * generated page and opted in. Placed before the generating filter, it lets that filter write the page into a buffer,
 * then adds the browser client's meta tags and script to the head and the Telegram flows' markup (the same as on
 * {@link TelegramLoginPageFilter}'s page, so the same element ids) at the end of the page's content, and sends it.
 * <p>
 * The page is left as it is when it is not a {@code 200 text/html} page, and when the request asks for other factors
 * only ({@code ?factor.type=password}: Spring Security 7's multi-factor login asking for a missing factor).
 */
public final class TelegramLoginSectionFilter extends OncePerRequestFilter {

	/** The {@code factor.type} value of Telegram login, as Spring Security 7 names factors on its login page. */
	static final String FACTOR_TYPE = "telegram";

	private static final String FACTOR_TYPE_PARAMETER = "factor.type";

	private final RequestMatcher matcher;

	private final String basePath;

	private boolean bondifyEnabled = true;

	private boolean xellarEnabled;

	private TelegramLoginMessages messages = TelegramLoginMessages.library();

	/**
	 * Creates the filter.
	 * @param loginPageUrl the generated page's path, e.g. {@code /login}
	 * @param basePath the Telegram login base path, e.g. {@code /login/telegram}
	 */
	public TelegramLoginSectionFilter(String loginPageUrl, String basePath) {
		Assert.hasText(loginPageUrl, "loginPageUrl cannot be empty");
		Assert.hasText(basePath, "basePath cannot be empty");
		this.matcher = EndpointMatcher.of(HttpMethod.GET, loginPageUrl);
		this.basePath = basePath;
	}

	/**
	 * Sets whether the section offers the Bondify deeplink login. Defaults to {@code true}.
	 * @param bondifyEnabled whether the flow is on
	 */
	public void setBondifyEnabled(boolean bondifyEnabled) {
		this.bondifyEnabled = bondifyEnabled;
	}

	/**
	 * Sets whether the section offers the Xellar OTP login. Defaults to {@code false}.
	 * @param xellarEnabled whether the flow is on
	 */
	public void setXellarEnabled(boolean xellarEnabled) {
		this.xellarEnabled = xellarEnabled;
	}

	/**
	 * Sets the texts of the section and of {@code tglogin.js}. Defaults to the library's own
	 * ({@link TelegramLoginMessages#library()}).
	 * @param messages the texts
	 */
	public void setMessages(TelegramLoginMessages messages) {
		Assert.notNull(messages, "messages cannot be null");
		this.messages = messages;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		if (!this.matcher.matches(request)) {
			return true;
		}
		String[] factors = request.getParameterValues(FACTOR_TYPE_PARAMETER);
		return factors != null && !List.of(factors).contains(FACTOR_TYPE);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		BufferedPageResponse page = new BufferedPageResponse(response);
		chain.doFilter(request, page);
		byte[] body = page.body();
		String contentType = page.getContentType();
		if (page.getStatus() == HttpServletResponse.SC_OK && contentType != null
				&& contentType.startsWith("text/html")) {
			Charset charset = page.charset();
			body = withSection(new String(body, charset), request).getBytes(charset);
		}
		if (body.length > 0) {
			response.setContentLength(body.length);
			response.getOutputStream().write(body);
		}
	}

	/**
	 * The page with the client in its head and the section at the end of its content (before the last
	 * {@code </div>} of the body, the generated page's content box); unchanged when it has no {@code </head>} or no
	 * {@code </body>}.
	 */
	String withSection(String html, HttpServletRequest request) {
		int head = html.indexOf("</head>");
		int bodyEnd = html.lastIndexOf("</body>");
		if (head < 0 || bodyEnd < head) {
			return html;
		}
		int content = html.lastIndexOf("</div>", bodyEnd);
		int at = (content > head) ? content : bodyEnd;
		String base = request.getContextPath() + this.basePath;
		Locale locale = this.messages.locale(request);
		return html.substring(0, head) + LoginPageMarkup.clientMetaTags(request, base, this.messages, locale)
				+ LoginPageMarkup.clientScript(base) + html.substring(head, at) + section(locale)
				+ html.substring(at);
	}

	private String section(Locale locale) {
		return "<div class=\"login-form\" id=\"tglogin-section\">\n<h2>"
				+ HtmlUtils.htmlEscape(this.messages.get("tglogin.page.title", locale), StandardCharsets.UTF_8.name())
				+ "</h2>\n" + LoginPageMarkup.flows(this.bondifyEnabled, this.xellarEnabled, this.messages, locale)
				+ "</div>\n";
	}

}
