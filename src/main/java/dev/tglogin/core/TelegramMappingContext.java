package dev.tglogin.core;

import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * What a {@link TelegramUserMapper} may want to know about the login beside the verified user: the details of the
 * authentication request (by default the {@code TelegramAuthenticationDetails} made from the HTTP request: the client
 * address and session; an app's {@code authenticationDetailsSource} can carry anything else it needs from the request)
 * and the {@link Authentication} the browser already had when the login came (a local user adding Telegram as a
 * second factor, say), as Spring Security's own user services get an {@code OAuth2UserRequest}.
 *
 * @param details the authentication request's details, or {@code null}
 * @param currentAuthentication the authentication already in the security context, or {@code null}
 */
public record TelegramMappingContext(@Nullable Object details, @Nullable Authentication currentAuthentication) {

	/** No details and no current authentication. */
	public static final TelegramMappingContext EMPTY = new TelegramMappingContext(null, null);

	/**
	 * The context of a login running now: the given request details and the {@link SecurityContextHolder}'s
	 * authentication.
	 * @param details the authentication request's details, or {@code null}
	 * @return the context
	 */
	public static TelegramMappingContext of(@Nullable Object details) {
		return new TelegramMappingContext(details, SecurityContextHolder.getContext().getAuthentication());
	}

	@Override
	public String toString() {
		return "TelegramMappingContext[details=" + this.details + ", currentAuthentication="
				+ ((this.currentAuthentication != null) ? this.currentAuthentication.getName() : null) + "]";
	}

}
