package dev.tglogin.web.link;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;

import dev.tglogin.core.TelegramLoginFlow;
import dev.tglogin.link.InMemoryTelegramAccountLinks;
import dev.tglogin.link.TelegramAccountLink;
import dev.tglogin.link.TelegramAccountUnlinkedEvent;
import dev.tglogin.web.FilterCalls;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TelegramAccountUnlinkFilter}.
 */
class TelegramAccountUnlinkFilterTests {

	private final InMemoryTelegramAccountLinks links = new InMemoryTelegramAccountLinks();

	private final List<Object> events = new ArrayList<>();

	private final TelegramAccountUnlinkFilter filter = new TelegramAccountUnlinkFilter("/login/telegram/unlink",
			this.links);

	TelegramAccountUnlinkFilterTests() {
		this.filter.setApplicationEventPublisher(this.events::add);
		this.links.link(new TelegramAccountLink(TelegramLoginFlow.XELLAR, "xu_1", "alice"));
	}

	@Test
	void doFilterWhenOwnLinkThenRemovedWithEvent() throws Exception {
		MockHttpServletResponse response = FilterCalls.answer(this.filter,
				unlink("alice", "{\"flow\":\"xellar\",\"id\":\"xu_1\"}"));

		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(FilterCalls.json(response)).containsEntry("status", "unlinked");
		assertThat(this.links.findUsername(TelegramLoginFlow.XELLAR, "xu_1")).isNull();
		assertThat(this.events).singleElement().isInstanceOf(TelegramAccountUnlinkedEvent.class);
	}

	@Test
	void doFilterWhenAnotherUsersLinkThenNotFoundAndTheLinkStays() throws Exception {
		MockHttpServletResponse response = FilterCalls.answer(this.filter,
				unlink("bob", "{\"flow\":\"xellar\",\"id\":\"xu_1\"}"));

		assertThat(response.getStatus()).isEqualTo(404);
		assertThat(FilterCalls.json(response)).containsEntry("error", "link_not_found");
		assertThat(this.links.findUsername(TelegramLoginFlow.XELLAR, "xu_1")).isEqualTo("alice");
		assertThat(this.events).isEmpty();
	}

	@Test
	void doFilterWhenBadBodyThenInvalidRequest() throws Exception {
		for (String body : List.of("{\"flow\":\"github\",\"id\":\"1\"}", "{\"flow\":\"xellar\"}", "[]",
				"{\"flow\":\"xellar\",\"id\":\"" + "1".repeat(256) + "\"}")) {
			MockHttpServletResponse response = FilterCalls.answer(this.filter, unlink("alice", body));
			assertThat(response.getStatus()).as(body).isEqualTo(400);
			assertThat(FilterCalls.json(response)).as(body).containsEntry("error", "invalid_request");
		}
		assertThat(this.links.findUsername(TelegramLoginFlow.XELLAR, "xu_1")).isEqualTo("alice");
	}

	@Test
	void doFilterWhenAnotherPathOrMethodThenTheChainGoesOn() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/login/telegram/unlink");
		MockFilterChain chain = new MockFilterChain();
		this.filter.doFilter(request, new MockHttpServletResponse(), chain);
		assertThat(chain.getRequest()).isSameAs(request);
	}

	private static MockHttpServletRequest unlink(String username, String body) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/login/telegram/unlink");
		request.setContentType("application/json");
		request.setContent(body.getBytes(StandardCharsets.UTF_8));
		return FilterCalls.linkingAs(request, UsernamePasswordAuthenticationToken.authenticated(username, null,
				List.of()));
	}

}
