package dev.tglogin.examples.demo;

import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /me}: the logged-in user as JSON. An anonymous request that asks for JSON gets 401 JSON from the
 * security chain before it gets here.
 */
@RestController
class MeController {

	@GetMapping("/me")
	Me me(Authentication authentication) {
		TelegramAccount account = TelegramAccount.of(authentication);
		return new Me(account.getName(), account.getTelegramId(), account.getDisplayName(), account.getUsername(),
				account.getFlow().name(), account.isWalletCreated());
	}

	/**
	 * The JSON answer.
	 *
	 * @param name the principal's name ({@code Authentication.getName()})
	 * @param telegramId the Telegram id (Bondify, OpenID Connect) or Xellar user id (Xellar)
	 * @param displayName the name to show
	 * @param username the Telegram handle, or {@code null}
	 * @param flow {@code BONDIFY}, {@code XELLAR} or {@code OIDC}
	 * @param walletCreated whether the user has a Xellar wallet ({@code false} after a Bondify or OpenID Connect
	 * login)
	 */
	record Me(String name, String telegramId, String displayName, String username, String flow,
			boolean walletCreated) {
	}

}
