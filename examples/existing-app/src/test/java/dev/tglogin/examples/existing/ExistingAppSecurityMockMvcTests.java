package dev.tglogin.examples.existing;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.RequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import dev.tglogin.test.context.WithMockTelegramUser;

import static dev.tglogin.test.web.TelegramLoginRequestPostProcessors.telegramUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * The app's access rules as a Telegram user meets them, without logging in: tglogin-test's
 * {@code @WithMockTelegramUser} and MockMvc's {@code telegramUser(..)} beside spring-security-test's
 * {@code @WithMockUser}, through the app's real security chain (roles, the admin page, the vault that needs a password
 * and a Telegram login both).
 */
@SpringBootTest
class ExistingAppSecurityMockMvcTests {

	@Autowired
	WebApplicationContext context;

	private MockMvc mvc;

	@BeforeEach
	void mvc() {
		this.mvc = MockMvcBuilders.webAppContextSetup(this.context).apply(springSecurity()).build();
	}

	@Test
	@WithMockTelegramUser(id = "42", username = "alice_tg")
	void accountWhenTelegramUserThenServed() throws Exception {
		assertThat(perform(get("/account")).getStatus()).isEqualTo(200);
	}

	@Test
	@WithMockTelegramUser(id = "42")
	void adminWhenTelegramUserWithoutAdminRoleThenForbidden() throws Exception {
		assertThat(perform(get("/admin")).getStatus()).isEqualTo(403);
	}

	@Test
	@WithMockTelegramUser(id = "7", authorities = { "ROLE_USER", "ROLE_ADMIN" })
	void adminWhenTelegramUserWithAdminRoleThenServed() throws Exception {
		assertThat(perform(get("/admin")).getStatus()).isEqualTo(200);
	}

	@Test
	void vaultWhenOnlyATelegramLoginThenNotServed() throws Exception {
		MockHttpServletResponse vault = perform(get("/vault").with(telegramUser("42")));

		assertThat(vault.getStatus()).isNotEqualTo(200);
	}

	@Test
	@WithMockUser(username = "alice", roles = "USER")
	void accountWhenLocalUserThenServedAsBefore() throws Exception {
		assertThat(perform(get("/account")).getStatus()).isEqualTo(200);
	}

	private MockHttpServletResponse perform(RequestBuilder request) throws Exception {
		return this.mvc.perform(request).andReturn().getResponse();
	}

}
