package dev.tglogin.web;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.util.Assert;

import dev.tglogin.core.TelegramAuthenticationToken;
import dev.tglogin.core.TelegramUser;
import dev.tglogin.xellar.XellarWalletCredentials;

/**
 * Answers a completed login with JSON instead of a redirect, since the browser's script follows it:
 * {@code {"status": "confirmed", "redirectUrl": "...", "user": {"id", "name", "username"}}}.
 * <p>
 * The {@code redirectUrl} is the request saved before login (the page that asked for it), when there is one, else
 * the configured success URL; like {@code SavedRequestAwareAuthenticationSuccessHandler}, the saved request is then
 * removed.
 */
public final class TelegramLoginSuccessHandler implements AuthenticationSuccessHandler {

	private final String successUrl;

	private RequestCache requestCache = new HttpSessionRequestCache();

	/**
	 * Creates the handler.
	 * @param successUrl where to go when no request was saved; a path is taken relative to the context path
	 */
	public TelegramLoginSuccessHandler(String successUrl) {
		Assert.hasText(successUrl, "successUrl cannot be empty");
		this.successUrl = successUrl;
	}

	/** Sets the request cache holding the request saved before login. Defaults to the HTTP session's. */
	public void setRequestCache(RequestCache requestCache) {
		Assert.notNull(requestCache, "requestCache cannot be null");
		this.requestCache = requestCache;
	}

	@Override
	public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
			Authentication authentication) throws IOException {
		Map<String, Object> body = JsonResponses.object("status", "confirmed", "redirectUrl",
				redirectUrl(request, response));
		if (authentication instanceof TelegramAuthenticationToken token) {
			if (token.getCredentials() instanceof XellarWalletCredentials wallet) {
				body.put("walletCreated", wallet.isWalletCreated());
			}
			body.put("user", userJson(token.getTelegramUser()));
		}
		JsonResponses.write(response, 200, body);
	}

	/**
	 * Returns the public JSON view of a Telegram user: id, name and username (no phone).
	 * @param user the user
	 * @return the JSON object
	 */
	public static Map<String, Object> userJson(TelegramUser user) {
		return JsonResponses.object("id", user.getId(), "name", user.getDisplayName(), "username",
				user.getUsername());
	}

	private String redirectUrl(HttpServletRequest request, HttpServletResponse response) {
		SavedRequest saved = this.requestCache.getRequest(request, response);
		if (saved != null) {
			this.requestCache.removeRequest(request, response);
			return saved.getRedirectUrl();
		}
		if (this.successUrl.startsWith("/")) {
			return request.getContextPath() + this.successUrl;
		}
		return this.successUrl;
	}

}
