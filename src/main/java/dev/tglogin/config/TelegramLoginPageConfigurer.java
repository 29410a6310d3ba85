package dev.tglogin.config;

import java.util.Set;

import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.ExceptionHandlingConfigurer;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.RequestHeaderRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.accept.HeaderContentNegotiationStrategy;

import dev.tglogin.web.TelegramLoginPageFilter;
import dev.tglogin.web.TelegramLoginResourceFilter;

/**
 * Serves the browser side of Telegram login: the default login page and the browser client. Applied by
 * {@link TelegramLoginConfigurer} before the flows' configurers, so that its filters come first.
 *
 * <h2>Security Filters</h2>
 *
 * The following filters are added, in this order, before {@link UsernamePasswordAuthenticationFilter}:
 * <ul>
 * <li>{@link TelegramLoginPageFilter}: {@code GET <base>}, the default login page, offering the flows that are on
 * (when the page is enabled)</li>
 * <li>{@link TelegramLoginResourceFilter}: {@code GET <base>/tglogin.js} and {@code GET <base>/tglogin.css}, the
 * browser client (also for apps with their own login page)</li>
 * </ul>
 *
 * <h2>Shared Objects Used</h2>
 *
 * <ul>
 * <li>{@link ExceptionHandlingConfigurer}: when the page is enabled, browsers asking for HTML (not
 * {@code XMLHttpRequest}) are sent to it by a {@link LoginUrlAuthenticationEntryPoint}, unless the app set an entry
 * point of its own</li>
 * </ul>
 */
final class TelegramLoginPageConfigurer extends AbstractHttpConfigurer<TelegramLoginPageConfigurer, HttpSecurity> {

	/** Spring's {@code OAuth2AuthorizationRequestRedirectFilter} path for Telegram's registration. */
	private static final String OIDC_AUTHORIZATION_PATH = "/oauth2/authorization/telegram";

	private final String basePath;

	private final boolean pageEnabled;

	private final boolean bondifyEnabled;

	private final boolean xellarEnabled;

	private final boolean oidcEnabled;

	/**
	 * Creates the configurer.
	 * @param basePath the base path of the endpoints and of the page
	 * @param pageEnabled whether to serve the default login page
	 * @param bondifyEnabled whether the page offers the Bondify flow
	 * @param xellarEnabled whether the page offers the Xellar flow
	 * @param oidcEnabled whether the page offers Telegram's OpenID Connect login
	 */
	TelegramLoginPageConfigurer(String basePath, boolean pageEnabled, boolean bondifyEnabled, boolean xellarEnabled,
			boolean oidcEnabled) {
		this.basePath = basePath;
		this.pageEnabled = pageEnabled;
		this.bondifyEnabled = bondifyEnabled;
		this.xellarEnabled = xellarEnabled;
		this.oidcEnabled = oidcEnabled;
	}

	@Override
	@SuppressWarnings("unchecked")
	public void init(HttpSecurity http) {
		ExceptionHandlingConfigurer<HttpSecurity> exceptions = http.getConfigurer(ExceptionHandlingConfigurer.class);
		if (!this.pageEnabled || exceptions == null) {
			return;
		}
		MediaTypeRequestMatcher html = new MediaTypeRequestMatcher(new HeaderContentNegotiationStrategy(),
				MediaType.APPLICATION_XHTML_XML, MediaType.TEXT_HTML);
		html.setIgnoredMediaTypes(Set.of(MediaType.ALL));
		RequestMatcher browser = new AndRequestMatcher(
				new NegatedRequestMatcher(new RequestHeaderRequestMatcher("X-Requested-With", "XMLHttpRequest")), html);
		exceptions.defaultAuthenticationEntryPointFor(postProcess(new LoginUrlAuthenticationEntryPoint(this.basePath)),
				browser);
	}

	@Override
	public void configure(HttpSecurity http) {
		if (this.pageEnabled) {
			TelegramLoginPageFilter page = new TelegramLoginPageFilter(this.basePath);
			page.setBondifyEnabled(this.bondifyEnabled);
			page.setXellarEnabled(this.xellarEnabled);
			if (this.oidcEnabled) {
				page.setOidcAuthorizationPath(OIDC_AUTHORIZATION_PATH);
			}
			http.addFilterBefore(postProcess(page), UsernamePasswordAuthenticationFilter.class);
		}
		http.addFilterBefore(postProcess(new TelegramLoginResourceFilter(this.basePath)),
				UsernamePasswordAuthenticationFilter.class);
	}

}
