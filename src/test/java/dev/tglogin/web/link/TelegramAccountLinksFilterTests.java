package dev.tglogin.web.link;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;

import dev.tglogin.core.TelegramLoginFlow;
import dev.tglogin.link.InMemoryTelegramAccountLinks;
import dev.tglogin.link.TelegramAccountLink;
import dev.tglogin.web.FilterCalls;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TelegramAccountLinksFilter}.
 */
class TelegramAccountLinksFilterTests {

	@Test
	void doFilterWhenUserHasLinksThenOnlyTheirs() throws Exception {
		InMemoryTelegramAccountLinks links = new InMemoryTelegramAccountLinks();
		links.link(new TelegramAccountLink(TelegramLoginFlow.BONDIFY, "777001", "alice"));
		links.link(new TelegramAccountLink(TelegramLoginFlow.BONDIFY, "777002", "bob"));
		TelegramAccountLinksFilter filter = new TelegramAccountLinksFilter("/login/telegram/links", links);

		MockHttpServletResponse alice = FilterCalls.answer(filter, as("alice"));
		MockHttpServletResponse carol = FilterCalls.answer(filter, as("carol"));

		assertThat(alice.getStatus()).isEqualTo(200);
		assertThat(FilterCalls.json(alice))
			.isEqualTo(Map.of("links", List.of(Map.of("flow", "bondify", "id", "777001"))));
		assertThat(FilterCalls.json(carol)).isEqualTo(Map.of("links", List.of()));
	}

	private static MockHttpServletRequest as(String username) throws Exception {
		return FilterCalls.linkingAs(new MockHttpServletRequest("GET", "/login/telegram/links"),
				UsernamePasswordAuthenticationToken.authenticated(username, null, List.of()));
	}

}
