package dev.tglogin.web.link;

import java.io.IOException;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpMethod;
import org.springframework.security.core.Authentication;
import org.springframework.util.Assert;

import dev.tglogin.core.TelegramLoginFlow;
import dev.tglogin.link.TelegramAccountLink;
import dev.tglogin.link.TelegramAccountLinks;
import dev.tglogin.link.TelegramAccountUnlinkedEvent;
import dev.tglogin.web.EndpointMatcher;
import dev.tglogin.web.InvalidRequestException;
import dev.tglogin.web.JsonRequests;
import dev.tglogin.web.JsonResponses;
import dev.tglogin.web.TelegramLoginError;
import dev.tglogin.web.TelegramEndpointFilter;

/**
 * {@code POST /login/telegram/unlink} with {@code {"flow": "bondify", "id": "12345678"}} (flow {@code bondify},
 * {@code xellar} or {@code oidc}): disconnects a Telegram
 * identity from the signed-in local user ({@link AccountLinkingUserFilter}): 200 {@code {"status": "unlinked"}} and a
 * {@link TelegramAccountUnlinkedEvent}; 404 {@code link_not_found} when that identity is not linked to this user
 * (another user's link is never touched); 400 {@code invalid_request} for a bad body.
 */
public final class TelegramAccountUnlinkFilter extends TelegramEndpointFilter {

	private final TelegramAccountLinks links;

	private @Nullable ApplicationEventPublisher eventPublisher;

	/**
	 * Creates the filter.
	 * @param path e.g. {@code /login/telegram/unlink}
	 * @param links the account links
	 */
	public TelegramAccountUnlinkFilter(String path, TelegramAccountLinks links) {
		super(EndpointMatcher.of(HttpMethod.POST, path));
		Assert.notNull(links, "links cannot be null");
		this.links = links;
	}

	/** Sets where {@link TelegramAccountUnlinkedEvent}s go. None are published by default. */
	public void setApplicationEventPublisher(ApplicationEventPublisher eventPublisher) {
		Assert.notNull(eventPublisher, "eventPublisher cannot be null");
		this.eventPublisher = eventPublisher;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication user = AccountLinkingUserFilter.linkingUser(request);
		Assert.state(user != null, "AccountLinkingUserFilter must run before the account-linking endpoints");
		TelegramAccountLink link;
		try {
			Map<String, Object> json = JsonRequests.readObject(request, JsonRequests.DEFAULT_MAX_BODY_BYTES);
			link = new TelegramAccountLink(flow(JsonRequests.requiredString(json, "flow", 16)),
					JsonRequests.requiredString(json, "id", TelegramAccountLink.MAX_LENGTH), user.getName());
		}
		catch (InvalidRequestException ex) {
			JsonResponses.error(response, messages().localize(ex.getError(), request));
			return;
		}
		if (!this.links.unlink(link)) {
			TelegramLoginError notFound = new TelegramLoginError(404, TelegramLoginError.LINK_NOT_FOUND,
					"This Telegram account is not connected to your account");
			JsonResponses.error(response, messages().localize(notFound, request));
			return;
		}
		if (this.eventPublisher != null) {
			this.eventPublisher.publishEvent(new TelegramAccountUnlinkedEvent(link));
		}
		JsonResponses.write(response, 200, Map.of("status", "unlinked"));
	}

	private static TelegramLoginFlow flow(String value) throws InvalidRequestException {
		return switch (value.toLowerCase(Locale.ROOT)) {
			case "bondify" -> TelegramLoginFlow.BONDIFY;
			case "xellar" -> TelegramLoginFlow.XELLAR;
			case "oidc" -> TelegramLoginFlow.OIDC;
			default -> throw new InvalidRequestException(
					TelegramLoginError.invalidRequest("The field \"flow\" must be bondify, xellar or oidc"));
		};
	}

}
