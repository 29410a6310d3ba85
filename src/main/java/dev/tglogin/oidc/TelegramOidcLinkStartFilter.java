package dev.tglogin.oidc;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.Assert;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.tglogin.web.link.AccountLinkingUserFilter;
import dev.tglogin.web.JsonResponses;

/**
 * {@code POST /login/telegram/link/oidc}: starts connecting the signed-in local user's Telegram identity through
 * Telegram's OpenID Connect login. It makes the authorization request as {@code oauth2Login()} does for
 * {@code /oauth2/authorization/telegram} (state, nonce, PKCE, the same redirect URI, so nothing more to register with
 * BotFather) but keeps it for this user only ({@link TelegramOidcLinkRequests}), so that its callback links the
 * identity instead of signing it in. Answers 200 {@code {"redirectUrl": "<Telegram's authorize URL>"}} to a request
 * that accepts JSON, else 302 there (an HTML form's post). Behind {@link AccountLinkingUserFilter} and
 * {@code CsrfFilter}: a signed-in local user and the CSRF token are required.
 */
public final class TelegramOidcLinkStartFilter extends OncePerRequestFilter {

	private final RequestMatcher matcher;

	private final DefaultOAuth2AuthorizationRequestResolver resolver;

	private final String registrationId;

	private final TelegramOidcLinkRequests linkRequests;

	/**
	 * Creates the filter.
	 * @param path e.g. {@code /login/telegram/link/oidc}
	 * @param registrations the client registrations, with Telegram's
	 * @param registrationId the id of Telegram's registration
	 * @param linkRequests where the authorization request is kept
	 */
	public TelegramOidcLinkStartFilter(String path, ClientRegistrationRepository registrations, String registrationId,
			TelegramOidcLinkRequests linkRequests) {
		Assert.isTrue(path != null && path.startsWith("/"), "path must start with /");
		Assert.notNull(registrations, "registrations cannot be null");
		Assert.hasText(registrationId, "registrationId cannot be empty");
		Assert.notNull(linkRequests, "linkRequests cannot be null");
		this.matcher = PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, path);
		// the two-argument constructor and oauth2Login()'s base URI, which Spring Security 6.5 has too
		this.resolver = new DefaultOAuth2AuthorizationRequestResolver(registrations,
				OAuth2AuthorizationRequestRedirectFilter.DEFAULT_AUTHORIZATION_REQUEST_BASE_URI);
		this.registrationId = registrationId;
		this.linkRequests = linkRequests;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !this.matcher.matches(request);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Assert.state(AccountLinkingUserFilter.linkingUser(request) != null,
				"AccountLinkingUserFilter must run before the account-linking endpoints");
		// the redirect URI's {action} is "login", as for /oauth2/authorization/telegram: the same callback
		OAuth2AuthorizationRequest authorizationRequest = this.resolver.resolve(new LoginAction(request),
				this.registrationId);
		Assert.state(authorizationRequest != null, () -> "No client registration " + this.registrationId);
		this.linkRequests.saveAuthorizationRequest(authorizationRequest, request, response);
		String url = authorizationRequest.getAuthorizationRequestUri();
		if (acceptsJson(request)) {
			JsonResponses.write(response, 200, Map.of("redirectUrl", url));
			return;
		}
		response.sendRedirect(url);
	}

	/** The request as {@code oauth2Login()}'s resolver sees it: the redirect URI's action is {@code login}. */
	private static final class LoginAction extends HttpServletRequestWrapper {

		LoginAction(HttpServletRequest request) {
			super(request);
		}

		@Override
		public @Nullable String getParameter(String name) {
			return "action".equals(name) ? "login" : super.getParameter(name);
		}

	}

	private static boolean acceptsJson(HttpServletRequest request) {
		String accept = request.getHeader(HttpHeaders.ACCEPT);
		try {
			return accept != null && MediaType.parseMediaTypes(accept)
				.stream()
				.anyMatch((type) -> !type.isWildcardType() && MediaType.APPLICATION_JSON.includes(type));
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

}
