package dev.tglogin.web.link;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpMethod;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.Assert;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.tglogin.link.TelegramAccountLinks;
import dev.tglogin.web.EndpointMatcher;
import dev.tglogin.web.JsonResponses;

/**
 * {@code GET /login/telegram/links}: the Telegram identities linked to the signed-in local user
 * ({@link AccountLinkingUserFilter}), for a profile page: 200 {@code {"links": [{"flow": "bondify", "id": "..."}]}}.
 */
public final class TelegramAccountLinksFilter extends OncePerRequestFilter {

	private RequestMatcher matcher;

	private final TelegramAccountLinks links;

	/**
	 * Creates the filter.
	 * @param path e.g. {@code /login/telegram/links}
	 * @param links the account links
	 */
	public TelegramAccountLinksFilter(String path, TelegramAccountLinks links) {
		Assert.notNull(links, "links cannot be null");
		this.matcher = EndpointMatcher.of(HttpMethod.GET, path);
		this.links = links;
	}

	/**
	 * Sets the matcher of the requests this filter answers, e.g. one made by the application's
	 * {@code PathPatternRequestMatcher.Builder}. Defaults to {@code GET} the path.
	 * @param requestMatcher the matcher
	 */
	public void setRequestMatcher(RequestMatcher requestMatcher) {
		Assert.notNull(requestMatcher, "requestMatcher cannot be null");
		this.matcher = requestMatcher;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !this.matcher.matches(request);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication user = AccountLinkingUserFilter.linkingUser(request);
		Assert.state(user != null, "AccountLinkingUserFilter must run before the account-linking endpoints");
		List<Map<String, Object>> found = this.links.findByUsername(user.getName())
			.stream()
			.map((link) -> JsonResponses.object("flow", link.flow().name().toLowerCase(Locale.ROOT), "id",
					link.telegramId()))
			.toList();
		JsonResponses.write(response, 200, Map.of("links", found));
	}

}
