package dev.tglogin.web.link;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;

import dev.tglogin.core.TelegramAuthenticationToken;
import dev.tglogin.core.TelegramLoginFlow;
import dev.tglogin.core.TelegramUser;
import dev.tglogin.link.InMemoryTelegramAccountLinks;
import dev.tglogin.link.TelegramAccountLink;
import dev.tglogin.link.TelegramAccountLinkedEvent;
import dev.tglogin.web.FilterCalls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link TelegramAccountLinkSuccessHandler}.
 */
class TelegramAccountLinkSuccessHandlerTests {

	private static final TelegramUser ADA = TelegramUser.withId(TelegramLoginFlow.BONDIFY, "777001")
		.displayName("Ada Lovelace")
		.username("ada")
		.phone("+15550001111")
		.build();

	private final InMemoryTelegramAccountLinks links = new InMemoryTelegramAccountLinks();

	private final List<Object> events = new ArrayList<>();

	private final TelegramAccountLinkSuccessHandler handler = new TelegramAccountLinkSuccessHandler(this.links);

	TelegramAccountLinkSuccessHandlerTests() {
		this.handler.setApplicationEventPublisher(this.events::add);
	}

	@Test
	void onAuthenticationSuccessWhenIdentityIsFreeThenLinkedToTheSignedInUserWithEvent() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();

		this.handler.onAuthenticationSuccess(as("alice"), response, telegramLogin());

		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(FilterCalls.json(response)).containsEntry("status", "linked")
			.containsEntry("flow", "bondify")
			.containsEntry("user", Map.of("id", "777001", "name", "Ada Lovelace", "username", "ada"));
		assertThat(response.getContentAsString()).doesNotContain("+1555");
		TelegramAccountLink link = new TelegramAccountLink(TelegramLoginFlow.BONDIFY, "777001", "alice");
		assertThat(this.links.findUsername(TelegramLoginFlow.BONDIFY, "777001")).isEqualTo("alice");
		assertThat(this.events).singleElement()
			.isInstanceOfSatisfying(TelegramAccountLinkedEvent.class, (event) -> assertThat(event.getLink())
				.isEqualTo(link));
	}

	@Test
	void onAuthenticationSuccessWhenIdentityBelongsToAnotherUserThenConflictWithoutEvent() throws Exception {
		this.links.link(new TelegramAccountLink(TelegramLoginFlow.BONDIFY, "777001", "bob"));
		MockHttpServletResponse response = new MockHttpServletResponse();

		this.handler.onAuthenticationSuccess(as("alice"), response, telegramLogin());

		assertThat(response.getStatus()).isEqualTo(409);
		assertThat(FilterCalls.json(response)).containsEntry("error", "account_already_linked");
		assertThat(this.links.findUsername(TelegramLoginFlow.BONDIFY, "777001")).isEqualTo("bob");
		assertThat(this.events).isEmpty();
	}

	@Test
	void onAuthenticationSuccessWhenNoLinkingUserThenIllegalState() {
		assertThatIllegalStateException().isThrownBy(() -> this.handler.onAuthenticationSuccess(
				new MockHttpServletRequest("POST", "/login/telegram/link/status"), new MockHttpServletResponse(),
				telegramLogin()));
		assertThat(this.links.findUsername(TelegramLoginFlow.BONDIFY, "777001")).isNull();
	}

	@Test
	void onAuthenticationSuccessWhenRedirectUrlAndResolversThenLinksAndRedirects() throws Exception {
		UsernamePasswordAuthenticationToken carol = UsernamePasswordAuthenticationToken.authenticated("carol", null,
				List.of());
		this.handler.setRedirectUrl("/profile");
		this.handler.setLinkingUserResolver((request) -> carol);
		TelegramUser oidc = TelegramUser.withId(TelegramLoginFlow.OIDC, "555").displayName("Ada").build();
		this.handler.setTelegramUserResolver((authentication) -> oidc);
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/login/oauth2/code/telegram");
		request.setContextPath("/app");
		MockHttpServletResponse linked = new MockHttpServletResponse();

		this.handler.onAuthenticationSuccess(request, linked, telegramLogin());

		assertThat(linked.getRedirectedUrl()).isEqualTo("/app/profile?linked=oidc");
		assertThat(this.links.findUsername(TelegramLoginFlow.OIDC, "555")).isEqualTo("carol");
		this.handler.setLinkingUserResolver(
				(ignored) -> UsernamePasswordAuthenticationToken.authenticated("dave", null, List.of()));
		MockHttpServletResponse conflict = new MockHttpServletResponse();
		this.handler.onAuthenticationSuccess(request, conflict, telegramLogin());
		assertThat(conflict.getRedirectedUrl()).isEqualTo("/app/profile?link_error=account_already_linked");
		assertThat(this.links.findUsername(TelegramLoginFlow.OIDC, "555")).isEqualTo("carol");
	}

	private static TelegramAuthenticationToken telegramLogin() {
		return TelegramAuthenticationToken.authenticated(ADA, ADA, List.of());
	}

	private static MockHttpServletRequest as(String username) throws Exception {
		return FilterCalls.linkingAs(new MockHttpServletRequest("POST", "/login/telegram/link/status"),
				UsernamePasswordAuthenticationToken.authenticated(username, null, List.of()));
	}

}
