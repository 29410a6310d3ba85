package dev.tglogin.core;

import java.io.Serial;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.InternalAuthenticationServiceException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.util.Assert;

/**
 * The result of a successful Telegram login: an authenticated {@code Authentication} whose principal is the
 * application's user (by default the {@link TelegramUser} itself) and which always carries the verified
 * {@link TelegramUser}.
 * <p>
 * Serializable, so it can live in the HTTP session (and in Spring Session). {@link #toString()} shows no credential.
 */
public final class TelegramAuthenticationToken extends AbstractAuthenticationToken {

	@Serial
	private static final long serialVersionUID = 1L;

	private final Object principal;

	private final TelegramUser telegramUser;

	private final @Nullable Serializable credentials;

	private TelegramAuthenticationToken(Object principal, TelegramUser telegramUser,
			@Nullable Serializable credentials, Collection<? extends GrantedAuthority> authorities) {
		super(authorities);
		Assert.notNull(principal, "principal cannot be null");
		Assert.notNull(telegramUser, "telegramUser cannot be null");
		this.principal = principal;
		this.telegramUser = telegramUser;
		this.credentials = credentials;
		super.setAuthenticated(true);
	}

	/**
	 * Creates an authenticated token.
	 * @param principal the application's principal (for example a {@code UserDetails}, or the Telegram user)
	 * @param telegramUser the verified Telegram user
	 * @param authorities the granted authorities
	 * @return an authenticated token
	 */
	public static TelegramAuthenticationToken authenticated(Object principal, TelegramUser telegramUser,
			Collection<? extends GrantedAuthority> authorities) {
		return new TelegramAuthenticationToken(principal, telegramUser, null, authorities);
	}

	/**
	 * Creates the token of a verified login as every provider of the library makes it: the mapper's principal and
	 * authorities plus the Telegram factor authority (on Spring Security 7), the upstream credentials the app keeps
	 * (or none), and the request's details.
	 * @param mapped what the {@link TelegramUserMapper} answered ({@code null} is the mapper's bug)
	 * @param telegramUser the verified Telegram user
	 * @param credentials upstream credentials the app needs after login, or {@code null}
	 * @param factorIssuedAt when the Telegram factor was proven
	 * @param details the authentication request's details
	 * @return the authenticated token
	 * @throws InternalAuthenticationServiceException when the mapper answered {@code null}
	 */
	public static TelegramAuthenticationToken mapped(TelegramUserMapper.@Nullable MappedUser mapped,
			TelegramUser telegramUser, @Nullable Serializable credentials, Instant factorIssuedAt,
			@Nullable Object details) {
		if (mapped == null) {
			throw new InternalAuthenticationServiceException("TelegramUserMapper returned null");
		}
		List<GrantedAuthority> authorities = new ArrayList<>(mapped.authorities());
		TelegramFactor.authority(factorIssuedAt).ifPresent(authorities::add);
		TelegramAuthenticationToken result = new TelegramAuthenticationToken(mapped.principal(), telegramUser,
				credentials, authorities);
		result.setDetails(details);
		return result;
	}

	/**
	 * Creates an authenticated token that keeps upstream credentials the app needs after login (the Xellar wallet
	 * state). They are not a {@code CredentialsContainer}, so {@code ProviderManager} does not erase them, and they
	 * are not part of the principal, so serializing the principal never emits them.
	 * @param principal the application's principal
	 * @param telegramUser the verified Telegram user
	 * @param credentials the credentials to keep
	 * @param authorities the granted authorities
	 * @return an authenticated token
	 */
	public static TelegramAuthenticationToken authenticated(Object principal, TelegramUser telegramUser,
			Serializable credentials, Collection<? extends GrantedAuthority> authorities) {
		Assert.notNull(credentials, "credentials cannot be null");
		return new TelegramAuthenticationToken(principal, telegramUser, credentials, authorities);
	}

	/**
	 * Returns a copy with other credentials (for example rotated wallet tokens), keeping everything else.
	 * @param credentials the new credentials
	 * @return the copy
	 */
	public TelegramAuthenticationToken withCredentials(Serializable credentials) {
		TelegramAuthenticationToken copy = authenticated(this.principal, this.telegramUser, credentials,
				getAuthorities());
		copy.setDetails(getDetails());
		return copy;
	}

	/**
	 * Returns a copy with other authorities (for example with the factors of an earlier login of the same user added,
	 * see {@code TelegramAuthenticationProcessingFilter#setMfaEnabled}), keeping everything else.
	 * @param authorities the authorities
	 * @return the copy
	 */
	public TelegramAuthenticationToken withAuthorities(Collection<? extends GrantedAuthority> authorities) {
		TelegramAuthenticationToken copy = new TelegramAuthenticationToken(this.principal, this.telegramUser,
				this.credentials, authorities);
		copy.setDetails(getDetails());
		return copy;
	}

	@Override
	public Object getPrincipal() {
		return this.principal;
	}

	/**
	 * Returns the upstream credentials kept after login: the {@code XellarWalletCredentials} of a Xellar login,
	 * {@code null} for Bondify (a proof is single-use and not kept).
	 */
	@Override
	public @Nullable Object getCredentials() {
		return this.credentials;
	}

	/** Returns the verified Telegram user behind this login. */
	public TelegramUser getTelegramUser() {
		return this.telegramUser;
	}

	@Override
	public void setAuthenticated(boolean authenticated) {
		Assert.isTrue(!authenticated, "Use authenticated(...) to create an authenticated token");
		super.setAuthenticated(false);
	}

	@Override
	public boolean equals(@Nullable Object obj) {
		return obj instanceof TelegramAuthenticationToken other && super.equals(obj)
				&& this.telegramUser.equals(other.telegramUser);
	}

	@Override
	public int hashCode() {
		return 31 * super.hashCode() + this.telegramUser.hashCode();
	}

}
