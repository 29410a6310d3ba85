package dev.tglogin.core;

import java.util.Collection;
import java.util.List;

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
	 * The default: the {@link TelegramUser} itself as principal, with the given authorities.
	 * @param authorities e.g. {@code ROLE_USER}
	 * @return the mapper
	 */
	static TelegramUserMapper withAuthorities(String... authorities) {
		List<GrantedAuthority> granted = AuthorityUtils.createAuthorityList(authorities);
		return (user) -> new MappedUser(user, granted);
	}

	/**
	 * Looks the user up in a {@link UserDetailsService} by Telegram id ({@link TelegramUser#getId()}) and uses the
	 * {@link UserDetails} as principal, with its authorities, after the usual account-status checks. Unknown users
	 * are refused.
	 * @param userDetailsService the app's user lookup
	 * @return the mapper
	 */
	static TelegramUserMapper fromUserDetailsService(UserDetailsService userDetailsService) {
		Assert.notNull(userDetailsService, "userDetailsService cannot be null");
		AccountStatusUserDetailsChecker checker = new AccountStatusUserDetailsChecker();
		return (user) -> {
			UserDetails details;
			try {
				details = userDetailsService.loadUserByUsername(user.getId());
			}
			catch (UsernameNotFoundException ex) {
				throw new BadCredentialsException("No application user for this Telegram account", ex);
			}
			checker.check(details);
			return new MappedUser(details, details.getAuthorities());
		};
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
