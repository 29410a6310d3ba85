package dev.tglogin.core;

import java.util.Collection;
import java.util.List;
import java.util.function.Function;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.authentication.AccountStatusUserDetailsChecker;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.util.Assert;

/**
 * Maps a verified Telegram user to the application's principal and authorities: the hook where an app links Telegram
 * logins to its own users (like OAuth2's {@code OAuth2UserService} and {@code GrantedAuthoritiesMapper}).
 * <p>
 * It runs after the upstream proof has been verified; throw an {@link AuthenticationException} to refuse the login
 * (for example {@code DisabledException}). The Telegram factor authority ({@link TelegramFactor}) is added by the
 * provider, not here.
 */
@FunctionalInterface
public interface TelegramUserMapper {

	/**
	 * Maps a verified Telegram user.
	 * @param user the verified Telegram user
	 * @return the principal and authorities to put in the {@code Authentication}
	 * @throws AuthenticationException to refuse the login
	 */
	MappedUser map(TelegramUser user) throws AuthenticationException;

	/**
	 * Maps a verified Telegram user, seeing the login's context (the request's details and the authentication the
	 * browser already had). The providers call this method; the default ignores the context and calls
	 * {@link #map(TelegramUser)}, so a mapper that needs the context overrides this one.
	 * @param user the verified Telegram user
	 * @param context the login's context
	 * @return the principal and authorities to put in the {@code Authentication}
	 * @throws AuthenticationException to refuse the login
	 */
	default MappedUser map(TelegramUser user, TelegramMappingContext context) throws AuthenticationException {
		return map(user);
	}

	/**
	 * The default: the {@link TelegramUser} itself as principal, with the given authorities.
	 * @param authorities e.g. {@code ROLE_USER}
	 * @return the mapper
	 */
	static TelegramUserMapper withAuthorities(String... authorities) {
		List<GrantedAuthority> granted = AuthorityUtils.createAuthorityList(authorities);
		return (user) -> new MappedUser(user, granted);
	}

	/**
	 * Looks the user up in a {@link UserDetailsService} under the Telegram identity's
	 * {@linkplain #qualifiedUsername(TelegramUser) qualified username} ({@code telegram:<id>} for Bondify,
	 * {@code xellar:<id>} for Xellar) and uses the {@link UserDetails} as principal, with its authorities, after the
	 * usual account-status checks. Unknown users are refused.
	 * <p>
	 * For an app that creates its users for Telegram logins. An app whose users log in with a password too links
	 * Telegram identities to them instead ({@code dev.tglogin.link.LinkedAccountUserMapper}): a username is chosen by
	 * whoever registers it, so it must never be taken for a Telegram identity.
	 * <p>
	 * Until 0.x this looked the user up by the bare Telegram id, so a local user named {@code 12345678} was Telegram
	 * user 12345678. An app whose usernames cannot be chosen by anyone else (every user created from a verified
	 * Telegram login) keeps that with {@code fromUserDetailsService(userDetailsService, TelegramUser::getId)}.
	 * @param userDetailsService the app's user lookup
	 * @return the mapper
	 */
	static TelegramUserMapper fromUserDetailsService(UserDetailsService userDetailsService) {
		return fromUserDetailsService(userDetailsService, TelegramUserMapper::qualifiedUsername);
	}

	/**
	 * Looks the user up in a {@link UserDetailsService} under the username the given function chooses, and uses the
	 * {@link UserDetails} as principal, with its authorities, after the usual account-status checks. Unknown users are
	 * refused. The username must be one nobody can register for themselves (see
	 * {@link #fromUserDetailsService(UserDetailsService)}).
	 * @param userDetailsService the app's user lookup
	 * @param username the username of a verified Telegram user
	 * @return the mapper
	 */
	static TelegramUserMapper fromUserDetailsService(UserDetailsService userDetailsService,
			Function<TelegramUser, String> username) {
		Assert.notNull(userDetailsService, "userDetailsService cannot be null");
		Assert.notNull(username, "username cannot be null");
		AccountStatusUserDetailsChecker checker = new AccountStatusUserDetailsChecker();
		return (user) -> {
			UserDetails details;
			try {
				details = userDetailsService.loadUserByUsername(username.apply(user));
			}
			catch (UsernameNotFoundException ex) {
				throw new BadCredentialsException("No application user for this Telegram account", ex);
			}
			checker.check(details);
			return new MappedUser(details, details.getAuthorities());
		};
	}

	/**
	 * Returns the username of a Telegram identity that no Telegram id of another flow, and no username without a
	 * colon, can be: {@code telegram:<Telegram id>} for Bondify, {@code xellar:<Xellar user id>} for Xellar.
	 * @param user the verified Telegram user
	 * @return the qualified username
	 */
	static String qualifiedUsername(TelegramUser user) {
		return ((user.getFlow() == TelegramLoginFlow.BONDIFY) ? "telegram:" : "xellar:") + user.getId();
	}

	/**
	 * The principal and authorities chosen for a login.
	 *
	 * @param principal the principal ({@code Authentication.getPrincipal()})
	 * @param authorities the authorities
	 */
	record MappedUser(Object principal, Collection<? extends GrantedAuthority> authorities) {

		public MappedUser {
			Assert.notNull(principal, "principal cannot be null");
			Assert.notNull(authorities, "authorities cannot be null");
		}

	}

}
