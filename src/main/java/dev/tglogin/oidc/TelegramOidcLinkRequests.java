package dev.tglogin.oidc;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.oauth2.client.web.AuthorizationRequestRepository;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.util.Assert;

import dev.tglogin.store.StoreKeys;
import dev.tglogin.web.link.AccountLinkingUserFilter;

/**
 * The authorization requests of account linking through OpenID Connect: kept in the HTTP session apart from those of
 * {@code oauth2Login()} and bound to the local user who started them, as
 * {@code dev.tglogin.PENDING_LINK.oidc.<hash of the username>}. Loaded only for the same local user, signed in now
 * ({@link AccountLinkingUserFilter#isLocalUserSignedInNow}), and only with the request's {@code state}: so a callback
 * links only what that user started, never for another user who signed in later in the same browser, and a login's
 * callback is never taken for a link. This class is thread-safe.
 */
public final class TelegramOidcLinkRequests implements AuthorizationRequestRepository<OAuth2AuthorizationRequest> {

	private static final String PREFIX = "dev.tglogin.PENDING_LINK.oidc.";

	private SecurityContextHolderStrategy securityContextHolderStrategy = SecurityContextHolder
		.getContextHolderStrategy();

	/** Sets the holder of the current user. Defaults to {@link SecurityContextHolder}'s strategy. */
	public void setSecurityContextHolderStrategy(SecurityContextHolderStrategy securityContextHolderStrategy) {
		Assert.notNull(securityContextHolderStrategy, "securityContextHolderStrategy cannot be null");
		this.securityContextHolderStrategy = securityContextHolderStrategy;
	}

	/**
	 * Returns the local user a link acts for: the current user when signed in now with a local account.
	 * @return the user, or {@code null}
	 */
	public @Nullable Authentication linkingUser() {
		Authentication user = this.securityContextHolderStrategy.getContext().getAuthentication();
		return AccountLinkingUserFilter.isLocalUserSignedInNow(user) ? user : null;
	}

	@Override
	public @Nullable OAuth2AuthorizationRequest loadAuthorizationRequest(HttpServletRequest request) {
		String state = request.getParameter(OAuth2ParameterNames.STATE);
		HttpSession session = request.getSession(false);
		String name = attributeName();
		if (state == null || session == null || name == null) {
			return null;
		}
		return (session.getAttribute(name) instanceof OAuth2AuthorizationRequest saved && state.equals(saved.getState()))
				? saved : null;
	}

	@Override
	public void saveAuthorizationRequest(@Nullable OAuth2AuthorizationRequest authorizationRequest,
			HttpServletRequest request, HttpServletResponse response) {
		String name = attributeName();
		Assert.state(name != null, "No local user is linking in this request");
		if (authorizationRequest == null) {
			HttpSession session = request.getSession(false);
			if (session != null) {
				session.removeAttribute(name);
			}
			return;
		}
		Assert.hasText(authorizationRequest.getState(), "authorizationRequest.state cannot be empty");
		request.getSession(true).setAttribute(name, authorizationRequest);
	}

	@Override
	public @Nullable OAuth2AuthorizationRequest removeAuthorizationRequest(HttpServletRequest request,
			HttpServletResponse response) {
		OAuth2AuthorizationRequest authorizationRequest = loadAuthorizationRequest(request);
		String name = attributeName();
		if (authorizationRequest != null && name != null) {
			request.getSession().removeAttribute(name);
		}
		return authorizationRequest;
	}

	private @Nullable String attributeName() {
		Authentication user = linkingUser();
		return (user != null) ? PREFIX + StoreKeys.logRef(user.getName()) : null;
	}

}
