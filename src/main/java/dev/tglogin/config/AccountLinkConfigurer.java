package dev.tglogin.config;

import org.springframework.context.ApplicationContext;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.util.matcher.OrRequestMatcher;

import dev.tglogin.link.TelegramAccountLinks;
import dev.tglogin.web.link.AccountLinkingUserFilter;
import dev.tglogin.web.link.TelegramAccountLinksFilter;
import dev.tglogin.web.link.TelegramAccountUnlinkFilter;

/**
 * Adds the account-linking endpoints that do not depend on a flow; {@link TelegramLoginConfigurer} applies it, before
 * the flows, when {@link TelegramAccountLinks} are set. The flows add their own connect endpoints.
 *
 * <h2>Security Filters</h2>
 *
 * The following filters are added, in this order, before {@link UsernamePasswordAuthenticationFilter} (so after
 * {@code CsrfFilter}):
 * <ul>
 * <li>{@link AccountLinkingUserFilter}: every account-linking request needs a signed-in local user</li>
 * <li>{@link TelegramAccountLinksFilter}: {@code GET <base>/links}</li>
 * <li>{@link TelegramAccountUnlinkFilter}: {@code POST <base>/unlink}</li>
 * </ul>
 *
 * <h2>Shared Objects Used</h2>
 *
 * <ul>
 * <li>{@link ApplicationContext}: where the unlink events are published</li>
 * </ul>
 */
final class AccountLinkConfigurer extends AbstractHttpConfigurer<AccountLinkConfigurer, HttpSecurity> {

	private final TelegramLoginSettings settings;

	private final TelegramAccountLinks links;

	AccountLinkConfigurer(TelegramLoginSettings settings, TelegramAccountLinks links) {
		this.settings = settings;
		this.links = links;
	}

	@Override
	public void configure(HttpSecurity http) {
		TelegramLoginPaths paths = this.settings.paths();
		TelegramAccountUnlinkFilter unlink = new TelegramAccountUnlinkFilter(this.settings.path("/unlink"),
				this.links);
		unlink.setRequestMatcher(paths.post("/unlink"));
		unlink.setMessages(this.settings.messages());
		AccountLinkingUserFilter guard = new AccountLinkingUserFilter(this.settings.path(""));
		guard.setRequestMatcher(new OrRequestMatcher(paths.any("/link/**"), paths.any("/unlink"), paths.any("/links")));
		guard.setMessages(this.settings.messages());
		TelegramAccountLinksFilter list = new TelegramAccountLinksFilter(this.settings.path("/links"), this.links);
		list.setRequestMatcher(paths.get("/links"));
		ApplicationContext context = http.getSharedObject(ApplicationContext.class);
		if (context != null) {
			unlink.setApplicationEventPublisher(context);
		}
		http.addFilterBefore(guard, UsernamePasswordAuthenticationFilter.class);
		http.addFilterBefore(list, UsernamePasswordAuthenticationFilter.class);
		http.addFilterBefore(unlink, UsernamePasswordAuthenticationFilter.class);
	}

}
