package dev.tglogin.config;

import java.util.Set;

import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.ExceptionHandlingConfigurer;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.ui.DefaultLoginPageGeneratingFilter;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.RequestHeaderRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.accept.HeaderContentNegotiationStrategy;

import dev.tglogin.web.TelegramLoginMessages;
import dev.tglogin.web.ui.TelegramLoginPageFilter;
import dev.tglogin.web.ui.TelegramLoginResourceFilter;
import dev.tglogin.web.ui.TelegramLoginSectionFilter;

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
 * and, when the app opted in and the chain has Spring Security's generated login page, before
 * {@link DefaultLoginPageGeneratingFilter}:
 * <ul>
 * <li>{@link TelegramLoginSectionFilter}: adds the flows that are on to the generated page</li>
 * </ul>
 *
 * <h2>Shared Objects Used</h2>
 *
 * <ul>
 * <li>{@link ExceptionHandlingConfigurer}: when the page is enabled, browsers asking for HTML (not
 * {@code XMLHttpRequest}) are sent to it by a {@link LoginUrlAuthenticationEntryPoint}, unless the app set an entry
 * point of its own; on Spring Security 7, a signed-in user who lacks {@code FACTOR_TELEGRAM} is sent to it too</li>
 * <li>{@link DefaultLoginPageGeneratingFilter}: whether the chain uses the generated login page (form login,
 * {@code oauth2Login()} or one-time-token login without a login page of the app's) and at which path</li>
 * </ul>
 */
final class TelegramLoginPageConfigurer extends AbstractHttpConfigurer<TelegramLoginPageConfigurer, HttpSecurity> {

	/** Spring's {@code OAuth2AuthorizationRequestRedirectFilter} path for Telegram's registration. */
	private static final String OIDC_AUTHORIZATION_PATH = "/oauth2/authorization/telegram";

	private final TelegramLoginPaths paths;

	private final boolean pageEnabled;

	private final boolean bondifyEnabled;

	private final boolean xellarEnabled;

	private TelegramLoginMessages messages = TelegramLoginMessages.library();

	private final boolean generatedPageSection;

	private boolean miniAppEnabled;

	private boolean oidcEnabled;

	/**
	 * Creates the configurer.
	 * @param paths where the endpoints and the page are
	 * @param pageEnabled whether to serve the default login page
	 * @param bondifyEnabled whether the page offers the Bondify flow
	 * @param xellarEnabled whether the page offers the Xellar flow
	 * @param generatedPageSection whether to add the flows to Spring Security's generated login page, when the chain
	 * has it
	 */
	TelegramLoginPageConfigurer(TelegramLoginPaths paths, boolean pageEnabled, boolean bondifyEnabled, boolean xellarEnabled,
			boolean generatedPageSection) {
		this.paths = paths;
		this.pageEnabled = pageEnabled;
		this.bondifyEnabled = bondifyEnabled;
		this.xellarEnabled = xellarEnabled;
		this.generatedPageSection = generatedPageSection;
	}

	/**
	 * Sets the texts of the page.
	 * @param messages the texts
	 */
	void setMessages(TelegramLoginMessages messages) {
		this.messages = messages;
	}

	/**
	 * Sets whether the page completes Mini App logins (when opened as a Telegram Mini App). Defaults to {@code false}.
	 * @param miniAppEnabled whether the Mini App flow is on
	 * @return this
	 */
	TelegramLoginPageConfigurer miniAppEnabled(boolean miniAppEnabled) {
		this.miniAppEnabled = miniAppEnabled;
		return this;
	}

	/**
	 * Sets whether the page offers Telegram's OpenID Connect login. Defaults to {@code false}.
	 * @param oidcEnabled whether the OpenID Connect login is on
	 * @return this
	 */
	TelegramLoginPageConfigurer oidcEnabled(boolean oidcEnabled) {
		this.oidcEnabled = oidcEnabled;
		return this;
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
		LoginUrlAuthenticationEntryPoint loginPage = postProcess(new LoginUrlAuthenticationEntryPoint(this.paths.url("")));
		exceptions.defaultAuthenticationEntryPointFor(loginPage, browser);
		TelegramFactorEntryPoint.register(exceptions, loginPage);
	}

	@Override
	public void configure(HttpSecurity http) {
		if (this.pageEnabled) {
			TelegramLoginPageFilter page = new TelegramLoginPageFilter(this.paths.url(""));
			page.setRequestMatcher(this.paths.get(""));
			page.setBondifyEnabled(this.bondifyEnabled);
			page.setXellarEnabled(this.xellarEnabled);
			page.setMessages(this.messages);
			page.setMiniAppEnabled(this.miniAppEnabled);
			if (this.oidcEnabled) {
				page.setOidcAuthorizationPath(OIDC_AUTHORIZATION_PATH);
			}
			TelegramLoginEndpoints.add(http, postProcess(page));
		}
		TelegramLoginResourceFilter resources = new TelegramLoginResourceFilter(this.paths.url(""));
		resources.setRequestMatchers(this.paths.get("/" + TelegramLoginResourceFilter.SCRIPT),
				this.paths.get("/" + TelegramLoginResourceFilter.STYLE));
		TelegramLoginEndpoints.add(http, postProcess(resources));
		DefaultLoginPageGeneratingFilter generated = http.getSharedObject(DefaultLoginPageGeneratingFilter.class);
		if (this.generatedPageSection && generated != null && generated.isEnabled()
				&& generated.getLoginPageUrl() != null) {
			// at Spring Security's generated page, wherever it is; its Telegram links go to the endpoints
			TelegramLoginSectionFilter section = new TelegramLoginSectionFilter(generated.getLoginPageUrl(),
					this.paths.url(""));
			section.setBondifyEnabled(this.bondifyEnabled);
			section.setXellarEnabled(this.xellarEnabled);
			section.setMessages(this.messages);
			http.addFilterBefore(postProcess(section), DefaultLoginPageGeneratingFilter.class);
		}
	}

}
