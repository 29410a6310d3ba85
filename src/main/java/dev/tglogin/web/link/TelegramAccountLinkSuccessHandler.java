package dev.tglogin.web.link;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.util.Assert;

import dev.tglogin.core.TelegramAuthenticationToken;
import dev.tglogin.core.TelegramUser;
import dev.tglogin.link.TelegramAccountLink;
import dev.tglogin.link.TelegramAccountLinkedEvent;
import dev.tglogin.link.TelegramAccountLinks;
import dev.tglogin.store.StoreKeys;
import dev.tglogin.web.JsonResponses;
import dev.tglogin.web.TelegramLoginError;
import dev.tglogin.web.TelegramLoginMessages;
import dev.tglogin.web.TelegramLoginSuccessHandler;

/**
 * Completes a Telegram login run to connect an identity ({@code <base>/link/status}, {@code <base>/link/otp/verify})
 * by recording the link for the local user who is signed in ({@link AccountLinkingUserFilter}), instead of signing
 * the Telegram user in: 200 {@code {"status": "linked", "flow": "bondify", "user": {"id", "name", "username"}}} and a
 * {@link TelegramAccountLinkedEvent}; 409 {@code account_already_linked} when the identity belongs to another local
 * user. The login filters it completes never touch the signed-in user's security context.
 */
public final class TelegramAccountLinkSuccessHandler implements AuthenticationSuccessHandler {

	private static final Log logger = LogFactory.getLog(TelegramAccountLinkSuccessHandler.class);

	private final TelegramAccountLinks links;

	private @Nullable ApplicationEventPublisher eventPublisher;

	private TelegramLoginMessages messages = TelegramLoginMessages.library();

	/**
	 * Creates the handler.
	 * @param links where links are recorded
	 */
	public TelegramAccountLinkSuccessHandler(TelegramAccountLinks links) {
		Assert.notNull(links, "links cannot be null");
		this.links = links;
	}

	/**
	 * Sets the texts of the error messages. Defaults to the library's own ({@link TelegramLoginMessages#library()}).
	 * @param messages the texts, e.g. {@link TelegramLoginMessages#withOverrides} of the app's {@code MessageSource}
	 */
	public void setMessages(TelegramLoginMessages messages) {
		Assert.notNull(messages, "messages cannot be null");
		this.messages = messages;
	}

	/** Sets where {@link TelegramAccountLinkedEvent}s go. None are published by default. */
	public void setApplicationEventPublisher(ApplicationEventPublisher eventPublisher) {
		Assert.notNull(eventPublisher, "eventPublisher cannot be null");
		this.eventPublisher = eventPublisher;
	}

	@Override
	public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
			Authentication authentication) throws IOException {
		Authentication localUser = AccountLinkingUserFilter.linkingUser(request);
		Assert.state(localUser != null, "AccountLinkingUserFilter must run before the account-linking endpoints");
		TelegramUser telegramUser = ((TelegramAuthenticationToken) authentication).getTelegramUser();
		TelegramAccountLink link = new TelegramAccountLink(telegramUser.getFlow(), telegramUser.getId(),
				localUser.getName());
		String flow = telegramUser.getFlow().name().toLowerCase(java.util.Locale.ROOT);
		if (!this.links.link(link)) {
			logger.info("Telegram account link refused: the identity belongs to another user (flow=" + flow
					+ ", user " + StoreKeys.logRef(link.username()) + ")");
			TelegramLoginError alreadyLinked = new TelegramLoginError(409, TelegramLoginError.ACCOUNT_ALREADY_LINKED,
					"This Telegram account is already connected to another account");
			JsonResponses.error(response, this.messages.localize(alreadyLinked, request));
			return;
		}
		logger.info("Telegram account linked (flow=" + flow + ", user " + StoreKeys.logRef(link.username()) + ")");
		if (this.eventPublisher != null) {
			this.eventPublisher.publishEvent(new TelegramAccountLinkedEvent(link));
		}
		JsonResponses.write(response, 200, JsonResponses.object("status", "linked", "flow", flow, "user",
				TelegramLoginSuccessHandler.userJson(telegramUser)));
	}

}
