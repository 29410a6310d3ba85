package dev.tglogin.web.miniapp;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;

import dev.tglogin.core.TelegramAuthenticationToken;
import dev.tglogin.core.TelegramLoginFlow;
import dev.tglogin.core.TelegramUser;
import dev.tglogin.miniapp.InvalidInitDataException;
import dev.tglogin.miniapp.MiniAppAuthenticationToken;
import dev.tglogin.web.FilterCalls;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MiniAppLoginFilter}.
 */
class MiniAppLoginFilterTests {

	private static final String INIT_DATA = "user=%7B%22id%22%3A7%7D&auth_date=1&hash=abc";

	private final AtomicReference<MiniAppAuthenticationToken> asked = new AtomicReference<>();

	private final AuthenticationManager accepting = (authentication) -> {
		this.asked.set((MiniAppAuthenticationToken) authentication);
		TelegramUser user = TelegramUser.withId(TelegramLoginFlow.MINI_APP, "7").displayName("Ann").build();
		return TelegramAuthenticationToken.authenticated(user, user, AuthorityUtils.createAuthorityList("ROLE_USER"));
	};

	@AfterEach
	void clearContext() {
		SecurityContextHolder.clearContext();
	}

	@Test
	void doFilterWhenInitDataAcceptedThenConfirmedAndSingleUseExchangeAsked() throws Exception {
		MockHttpServletResponse response = FilterCalls.answer(filter(this.accepting),
				request("{\"initData\":\"" + INIT_DATA + "\"}"));
		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(FilterCalls.json(response)).containsEntry("status", "confirmed");
		assertThat(this.asked.get().isSessionExchange()).isTrue();
		assertThat(this.asked.get().getDetails()).isNotNull();
	}

	@Test
	void doFilterWhenInitDataRefusedThenUnauthorizedInvalidInitData() throws Exception {
		MockHttpServletResponse response = FilterCalls.answer(filter((authentication) -> {
			throw new InvalidInitDataException("bad_signature", "The init data's signature does not match");
		}), request("{\"initData\":\"" + INIT_DATA + "\"}"));
		assertThat(response.getStatus()).isEqualTo(401);
		assertThat(FilterCalls.json(response)).containsEntry("error", "invalid_init_data");
		assertThat(response.getContentAsString()).doesNotContain("abc");
	}

	@Test
	void doFilterWhenBodyLacksInitDataThenBadRequestAndTheManagerIsNotAsked() throws Exception {
		for (String body : new String[] { "{}", "{\"initData\":7}", "{\"initData\":\"  \"}", "[]", "not json" }) {
			MockHttpServletResponse response = FilterCalls.answer(filter(this.accepting), request(body));
			assertThat(response.getStatus()).isEqualTo(400);
			assertThat(FilterCalls.json(response)).containsEntry("error", "invalid_request");
		}
		assertThat(this.asked.get()).isNull();
	}

	@Test
	void doFilterWhenOtherPathOrMethodThenPassesThrough() throws Exception {
		MiniAppLoginFilter filter = filter(this.accepting);
		MockHttpServletRequest get = request("{}");
		get.setMethod("GET");
		org.springframework.mock.web.MockFilterChain chain = new org.springframework.mock.web.MockFilterChain();
		filter.doFilter(get, new MockHttpServletResponse(), chain);
		assertThat(chain.getRequest()).isNotNull();
		assertThat(this.asked.get()).isNull();
	}

	private static MiniAppLoginFilter filter(AuthenticationManager manager) {
		return new MiniAppLoginFilter("/login/telegram/miniapp", manager);
	}

	private static MockHttpServletRequest request(String body) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/login/telegram/miniapp");
		request.setContentType("application/json");
		request.setContent(body.getBytes(StandardCharsets.UTF_8));
		return request;
	}

}
