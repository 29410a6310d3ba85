package dev.tglogin.link;

import org.springframework.security.authentication.AccountStatusUserDetailsChecker;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsChecker;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.util.Assert;

import dev.tglogin.core.TelegramMappingContext;
import dev.tglogin.core.TelegramUser;
import dev.tglogin.core.TelegramUserMapper;

/**
 * Signs a Telegram login in as the local account the Telegram identity is linked to ({@link TelegramAccountLinks}):
 * the principal is that user's {@link UserDetails}, loaded from the app's {@link UserDetailsService}, with its
 * authorities, after the usual account-status checks (disabled, locked, expired accounts are refused as with a
 * password). The Telegram identity stays reachable as {@code TelegramAuthenticationToken#getTelegramUser()}.
 * <p>
 * A Telegram identity that is linked to nobody goes to the {@linkplain #setUnlinkedUserMapper unlinked-user mapper},
 * which by default refuses it ({@link TelegramAccountNotLinkedException}, 401 {@code account_not_linked}); an app can
 * sign such users in as Telegram-only users ({@code TelegramUserMapper.withAuthorities("ROLE_USER")}) or register them
 * (a mapper that creates the local user and {@linkplain TelegramAccountLinks#link links} it). A link whose local user
 * no longer exists is refused like a wrong password. Telegram ids are never taken for usernames.
 * <p>
 * This class is thread-safe.
 */
public final class LinkedAccountUserMapper implements TelegramUserMapper {

	private final TelegramAccountLinks links;

	private final UserDetailsService userDetailsService;

	private TelegramUserMapper unlinkedUserMapper = (user) -> {
		throw new TelegramAccountNotLinkedException();
	};

	private UserDetailsChecker userDetailsChecker = new AccountStatusUserDetailsChecker();

	/**
	 * Creates the mapper.
	 * @param links the account links
	 * @param userDetailsService the app's users
	 */
	public LinkedAccountUserMapper(TelegramAccountLinks links, UserDetailsService userDetailsService) {
		Assert.notNull(links, "links cannot be null");
		Assert.notNull(userDetailsService, "userDetailsService cannot be null");
		this.links = links;
		this.userDetailsService = userDetailsService;
	}

	/**
	 * Sets what happens to a Telegram identity linked to no local account. Defaults to refusing it with a
	 * {@link TelegramAccountNotLinkedException}.
	 * @param unlinkedUserMapper the mapper of unlinked identities
	 */
	public void setUnlinkedUserMapper(TelegramUserMapper unlinkedUserMapper) {
		Assert.notNull(unlinkedUserMapper, "unlinkedUserMapper cannot be null");
		this.unlinkedUserMapper = unlinkedUserMapper;
	}

	/**
	 * Sets the checks a linked local account must pass. Defaults to an {@link AccountStatusUserDetailsChecker}.
	 * @param userDetailsChecker the checker
	 */
	public void setUserDetailsChecker(UserDetailsChecker userDetailsChecker) {
		Assert.notNull(userDetailsChecker, "userDetailsChecker cannot be null");
		this.userDetailsChecker = userDetailsChecker;
	}

	@Override
	public MappedUser map(TelegramUser user) throws AuthenticationException {
		return map(user, TelegramMappingContext.EMPTY);
	}

	/** The unlinked-user mapper sees the login's context too (to register a user in the request's language, say). */
	@Override
	public MappedUser map(TelegramUser user, TelegramMappingContext context) throws AuthenticationException {
		String username = this.links.findUsername(user.getFlow(), user.getId());
		if (username == null) {
			return this.unlinkedUserMapper.map(user, context);
		}
		UserDetails details;
		try {
			details = this.userDetailsService.loadUserByUsername(username);
		}
		catch (UsernameNotFoundException ex) {
			throw new BadCredentialsException("The local account linked to this Telegram account no longer exists",
					ex);
		}
		this.userDetailsChecker.check(details);
		return new MappedUser(details, details.getAuthorities());
	}

}
