package dev.tglogin.examples.demo;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.RequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import dev.tglogin.core.TelegramLoginFlow;
import dev.tglogin.test.context.MockTelegramAuthentication;
import dev.tglogin.test.context.WithMockTelegramUser;

import static dev.tglogin.test.web.TelegramLoginRequestPostProcessors.telegramUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * The demo's pages and API as the logged-in user sees them, without logging in: tglogin-test's
 * {@code @WithMockTelegramUser} and MockMvc's {@code telegramUser(..)}, through the app's real security chain.
 */
@SpringBootTest
class DemoSecurityMockMvcTests {

	@Autowired
	WebApplicationContext context;

	private MockMvc mvc;

	@BeforeEach
	void mvc() {
		this.mvc = MockMvcBuilders.webAppContextSetup(this.context).apply(springSecurity()).build();
	}

	@Test
	@WithMockTelegramUser(id = "42", name = "Alice", username = "alice")
	void meWhenBondifyUserThenAnswersTheUserAsJson() throws Exception {
		MockHttpServletResponse me = perform(get("/me").accept(MediaType.APPLICATION_JSON));

		assertThat(me.getStatus()).isEqualTo(200);
		assertThat(me.getContentAsString()).contains("\"name\":\"42\"", "\"telegramId\":\"42\"",
				"\"displayName\":\"Alice\"", "\"username\":\"alice\"", "\"flow\":\"BONDIFY\"", "\"walletCreated\":false");
	}

	@Test
	void meWhenAnonymousThenUnauthorizedJson() throws Exception {
		MockHttpServletResponse me = perform(get("/me").accept(MediaType.APPLICATION_JSON));

		assertThat(me.getStatus()).isEqualTo(401);
		assertThat(me.getContentAsString()).contains("\"error\":\"unauthorized\"");
	}

	@Test
	@WithMockTelegramUser(id = "u-7", flow = TelegramLoginFlow.XELLAR, walletCreated = true)
	void profileWhenXellarUserWithWalletThenShowsTheWalletAndItsAddress() throws Exception {
		MockHttpServletResponse profile = perform(get("/profile"));

		assertThat(profile.getStatus()).isEqualTo(200);
		assertThat(profile.getContentAsString()).contains("id=\"wallet-state\">created<")
			.contains(MockTelegramAuthentication.MOCK_WALLET_ADDRESS);
	}

	@Test
	void profileWhenXellarUserWithoutWalletThenOffersToCreateOne() throws Exception {
		MockHttpServletResponse profile = perform(get("/profile").with(telegramUser("u-8").flow(TelegramLoginFlow.XELLAR)));

		assertThat(profile.getStatus()).isEqualTo(200);
		assertThat(profile.getContentAsString()).contains("id=\"wallet-state\">not created<");
	}

	@Test
	void createWalletWhenNoCsrfTokenThenForbidden() throws Exception {
		RequestBuilder withoutCsrf = post("/profile/wallet").with(telegramUser("u-9").flow(TelegramLoginFlow.XELLAR));
		RequestBuilder withCsrf = post("/profile/wallet").with(telegramUser("u-9").flow(TelegramLoginFlow.XELLAR))
			.with(csrf());

		assertThat(perform(withoutCsrf).getStatus()).isEqualTo(403);
		assertThat(perform(withCsrf).getStatus()).isEqualTo(302);
	}

	private MockHttpServletResponse perform(RequestBuilder request) throws Exception {
		return this.mvc.perform(request).andReturn().getResponse();
	}

}
