package dev.tglogin.link;

import java.io.Serial;

import org.springframework.security.authentication.BadCredentialsException;

/**
 * A verified Telegram identity that is linked to no local account, refused by {@link LinkedAccountUserMapper}
 * (401 {@code account_not_linked}): the user signs in another way and connects Telegram first.
 */
public final class TelegramAccountNotLinkedException extends BadCredentialsException {

	@Serial
	private static final long serialVersionUID = 1L;

	public TelegramAccountNotLinkedException() {
		super("This Telegram account is not linked to a local account");
	}

}
