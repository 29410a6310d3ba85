package dev.tglogin.test.web;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.context.junit.jupiter.web.SpringJUnitWebConfig;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;

import dev.tglogin.core.TelegramAuthenticationToken;
import dev.tglogin.core.TelegramLoginFlow;
import dev.tglogin.xellar.XellarWalletCredentials;

import static dev.tglogin.test.web.TelegramLoginRequestPostProcessors.telegramUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * The post-processor where users put it: MockMvc over a real {@code SecurityFilterChain} that requires
 * {@code ROLE_USER}, and a controller that reads the {@code TelegramAuthenticationToken}.
 */
@SpringJUnitWebConfig(TelegramLoginRequestPostProcessorsTests.App.class)
class TelegramLoginRequestPostProcessorsTests {

	@Autowired
	WebApplicationContext context;

	private MockMvc mvc;

	@BeforeEach
	void mvc() {
		this.mvc = MockMvcBuilders.webAppContextSetup(this.context).apply(springSecurity()).build();
	}

	@Test
	void performWhenNoTelegramUserThenRefused() throws Exception {
		assertThat(this.mvc.perform(get("/me")).andReturn().getResponse().getStatus()).isEqualTo(403);
	}

	@Test
	void performWhenTelegramUserThenTheRequestRunsAsThatBondifyLogin() throws Exception {
		assertThat(me(telegramUser("42").name("Alice").username("alice"))).isEqualTo("42 Alice alice BONDIFY none");
	}

	@Test
	void performWhenXellarUserWithWalletThenTheLoginCarriesTheWallet() throws Exception {
		assertThat(me(telegramUser("u-1").flow(TelegramLoginFlow.XELLAR).phone("+447700900123").walletCreated(true)))
			.isEqualTo("u-1 u-1 null XELLAR created");
	}

	@Test
	void performWhenAuthoritiesWithoutRoleUserThenRefused() throws Exception {
		assertThat(this.mvc.perform(get("/me").with(telegramUser("42").authorities("ROLE_GUEST")))
			.andReturn()
			.getResponse()
			.getStatus()).isEqualTo(403);
	}

	private String me(RequestPostProcessor login) throws Exception {
		MockHttpServletResponse response = this.mvc.perform(get("/me").with(login)).andReturn().getResponse();
		assertThat(response.getStatus()).isEqualTo(200);
		return response.getContentAsString();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableWebMvc
	@EnableWebSecurity
	static class App {

		@Bean
		SecurityFilterChain chain(HttpSecurity http) throws Exception {
			return http.authorizeHttpRequests((authorize) -> authorize.anyRequest().hasRole("USER")).build();
		}

		@Bean
		MeController me() {
			return new MeController();
		}

	}

	@RestController
	static class MeController {

		@GetMapping("/me")
		String me(Authentication authentication) {
			TelegramAuthenticationToken token = (TelegramAuthenticationToken) authentication;
			String wallet = (token.getCredentials() instanceof XellarWalletCredentials credentials)
					? (credentials.isWalletCreated() ? "created" : "not-created") : "none";
			return String.join(" ", token.getName(), token.getTelegramUser().getDisplayName(),
					String.valueOf(token.getTelegramUser().getUsername()), token.getTelegramUser().getFlow().name(),
					wallet);
		}

	}

}
