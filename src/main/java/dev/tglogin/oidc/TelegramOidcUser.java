package dev.tglogin.oidc;

import java.io.Serial;
import java.util.Collection;

import org.jspecify.annotations.Nullable;

import org.springframework.security.core.AuthenticatedPrincipal;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.util.Assert;

import dev.tglogin.core.TelegramUser;

/**
 * The principal of a Telegram OpenID Connect login: Spring's {@code OidcUser} (the ID token and its claims) that also
 * carries the verified {@link TelegramUser} and the application's principal chosen by the
 * {@code TelegramUserMapper}. Its name, and so the name of the {@code Authentication}, is the application principal's
 * when the mapper chose one of the app's own (the {@code UserDetails} of a linked local account: its username), else
 * the {@code sub} claim; so a Telegram login of the local user signed in with a password is the same user to Spring
 * Security 7's multi-factor merge, to the account-linking endpoints and to the app.
 * <p>
 * Immutable and serializable (it lives in the HTTP session).
 */
public final class TelegramOidcUser extends DefaultOidcUser {

	@Serial
	private static final long serialVersionUID = 1L;

	private final TelegramUser telegramUser;

	private final Object applicationPrincipal;

	TelegramOidcUser(TelegramUser telegramUser, Object applicationPrincipal,
			Collection<? extends GrantedAuthority> authorities, OidcIdToken idToken, @Nullable OidcUserInfo userInfo) {
		super(authorities, idToken, userInfo, "sub");
		Assert.notNull(telegramUser, "telegramUser cannot be null");
		Assert.notNull(applicationPrincipal, "applicationPrincipal cannot be null");
		this.telegramUser = telegramUser;
		this.applicationPrincipal = applicationPrincipal;
	}

	/** Returns the verified Telegram user (flow {@code OIDC}). */
	public TelegramUser getTelegramUser() {
		return this.telegramUser;
	}

	/**
	 * Returns the principal the {@code TelegramUserMapper} chose: the {@link TelegramUser} by default, or the
	 * app's own user (for example a {@code UserDetails}).
	 */
	public Object getApplicationPrincipal() {
		return this.applicationPrincipal;
	}

	/**
	 * Returns the application principal's name: a {@link UserDetails}' username, an {@link AuthenticatedPrincipal}'s or
	 * a {@link java.security.Principal}'s name; the {@code sub} claim when the principal is the {@link TelegramUser}
	 * itself (or has no name).
	 */
	@Override
	public String getName() {
		Object principal = this.applicationPrincipal;
		if (principal instanceof TelegramUser) {
			return super.getName();
		}
		if (principal instanceof UserDetails details) {
			return details.getUsername();
		}
		if (principal instanceof AuthenticatedPrincipal authenticated) {
			return authenticated.getName();
		}
		if (principal instanceof java.security.Principal named) {
			return named.getName();
		}
		return super.getName();
	}

	@Override
	public boolean equals(@Nullable Object obj) {
		return obj instanceof TelegramOidcUser other && super.equals(obj)
				&& this.telegramUser.equals(other.telegramUser);
	}

	@Override
	public int hashCode() {
		return 31 * super.hashCode() + this.telegramUser.hashCode();
	}

	@Override
	public String toString() {
		return "TelegramOidcUser[" + this.telegramUser + ", authorities=" + getAuthorities() + "]";
	}

}
