package dev.tglogin.web.link;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.Assert;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.tglogin.core.TelegramUser;
import dev.tglogin.web.JsonResponses;
import dev.tglogin.web.TelegramLoginError;
import dev.tglogin.web.TelegramLoginMessages;

/**
 * Guards the account-linking endpoints ({@code <base>/link/**}, {@code <base>/unlink}, {@code <base>/links}): they
 * act for the local user signed in now, whose {@code Authentication} this filter keeps for them in a request
 * attribute ({@link #linkingUser}). A request without a signed-in user (none, or an anonymous one), or with a user
 * remembered by a remember-me cookie rather than signed in now, answers 401 {@code authentication_required}; a user
 * signed in with Telegram only (whose principal is the {@link TelegramUser} itself, with no local account behind it)
 * answers 403 {@code local_account_required}. Runs after {@code CsrfFilter}, so every POST of these endpoints also
 * needs the browser's CSRF token.
 */
public final class AccountLinkingUserFilter extends OncePerRequestFilter {

	private static final String LINKING_USER = AccountLinkingUserFilter.class.getName() + ".USER";

	private RequestMatcher matcher;

	private static final AuthenticationTrustResolver trustResolver = new AuthenticationTrustResolverImpl();

	private SecurityContextHolderStrategy securityContextHolderStrategy = SecurityContextHolder
		.getContextHolderStrategy();

	private TelegramLoginMessages messages = TelegramLoginMessages.library();

	/**
	 * Creates the filter.
	 * @param basePath the base path of the endpoints, e.g. {@code /login/telegram}
	 */
	public AccountLinkingUserFilter(String basePath) {
		Assert.isTrue(basePath != null && basePath.startsWith("/"), "basePath must start with /");
		PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
		this.matcher = new OrRequestMatcher(paths.matcher(basePath + "/link/**"), paths.matcher(basePath + "/unlink"),
				paths.matcher(basePath + "/links"));
	}

	/**
	 * Sets the matcher of the requests this filter answers, e.g. one made by the application's
	 * {@code PathPatternRequestMatcher.Builder}. Defaults to the linking endpoints below the base path.
	 * @param requestMatcher the matcher
	 */
	public void setRequestMatcher(RequestMatcher requestMatcher) {
		Assert.notNull(requestMatcher, "requestMatcher cannot be null");
		this.matcher = requestMatcher;
	}

	/**
	 * Sets the texts of the error messages. Defaults to the library's own ({@link TelegramLoginMessages#library()}).
	 * @param messages the texts, e.g. {@link TelegramLoginMessages#withOverrides} of the app's {@code MessageSource}
	 */
	public void setMessages(TelegramLoginMessages messages) {
		Assert.notNull(messages, "messages cannot be null");
		this.messages = messages;
	}

	/** Sets the holder of the current user. Defaults to {@link SecurityContextHolder}'s strategy. */
	public void setSecurityContextHolderStrategy(SecurityContextHolderStrategy securityContextHolderStrategy) {
		Assert.notNull(securityContextHolderStrategy, "securityContextHolderStrategy cannot be null");
		this.securityContextHolderStrategy = securityContextHolderStrategy;
	}

	/**
	 * Returns the local user a linking request acts for, as this filter found it.
	 * @param request the request
	 * @return the user's {@code Authentication}, or {@code null} when the request did not pass this filter
	 */
	public static @Nullable Authentication linkingUser(HttpServletRequest request) {
		return (request.getAttribute(LINKING_USER) instanceof Authentication user) ? user : null;
	}

	/**
	 * Whether a user may connect a Telegram identity: signed in now (not anonymous, not remembered by a cookie) to a
	 * local account (not a Telegram-only user), as this filter requires; for the callback of a flow that leaves the
	 * linking endpoints and comes back elsewhere (OpenID Connect).
	 * @param user the current authentication, if any
	 * @return whether it is a local user signed in now
	 */
	public static boolean isLocalUserSignedInNow(@Nullable Authentication user) {
		return user != null && trustResolver.isFullyAuthenticated(user)
				&& !(user.getPrincipal() instanceof TelegramUser);
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !this.matcher.matches(request);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication user = this.securityContextHolderStrategy.getContext().getAuthentication();
		if (user == null || !trustResolver.isAuthenticated(user)) {
			refuse(request, response, 401, TelegramLoginError.AUTHENTICATION_REQUIRED,
					"Sign in to connect a Telegram account");
			return;
		}
		if (!trustResolver.isFullyAuthenticated(user)) {
			// a remember-me cookie must not be enough to add a lasting way into the account
			refuse(request, response, 401, TelegramLoginError.AUTHENTICATION_REQUIRED,
					"Sign in to connect a Telegram account");
			return;
		}
		if (user.getPrincipal() instanceof TelegramUser) {
			refuse(request, response, 403, TelegramLoginError.LOCAL_ACCOUNT_REQUIRED,
					"Only a local account can connect a Telegram account");
			return;
		}
		request.setAttribute(LINKING_USER, user);
		chain.doFilter(request, response);
	}

	private void refuse(HttpServletRequest request, HttpServletResponse response, int status, String code,
			String message) throws IOException {
		JsonResponses.error(response, this.messages.localize(new TelegramLoginError(status, code, message), request));
	}

}
