package dev.tglogin.config;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.csrf.CsrfFilter;

import dev.tglogin.core.TelegramUserMapper;
import dev.tglogin.web.bondify.BondifyLoginFilter;
import dev.tglogin.web.bondify.BondifyStartFilter;
import dev.tglogin.web.ui.TelegramLoginPageFilter;
import dev.tglogin.web.ui.TelegramLoginResourceFilter;
import dev.tglogin.web.xellar.XellarLoginFilter;
import dev.tglogin.web.xellar.XellarOtpFilter;
import dev.tglogin.xellar.XellarClient;
import dev.tglogin.xellar.XellarOtpChallenge;
import dev.tglogin.xellar.XellarWalletCredentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * {@link XellarLoginConfigurer} through the {@code telegramLogin()} DSL, in real {@code SecurityFilterChain}s.
 */
class XellarLoginConfigurerTests {

	private static final String PHONE = "+4915112345678";

	@Test
	void configureWhenClientSecretThenOtpFiltersFollowTheLoginPageBeforeUsernamePassword() {
		try (TestChain chain = TestChain.build(
				(telegram) -> telegram.xellar((xellar) -> xellar.clientSecret("xellar-client-secret")))) {
			List<Class<?>> filters = chain.filterTypes();
			assertThat(filters).containsSubsequence(CsrfFilter.class, TelegramLoginPageFilter.class,
					TelegramLoginResourceFilter.class, XellarOtpFilter.class, XellarLoginFilter.class,
					UsernamePasswordAuthenticationFilter.class);
			assertThat(filters).doesNotContain(BondifyStartFilter.class, BondifyLoginFilter.class);
			assertThat(chain.context().getBeanNamesForType(AuthenticationProvider.class)).isEmpty();
		}
	}

	@Test
	void configureWhenBothFlowsThenXellarFiltersFollowBondifyFilters() {
		try (TestChain chain = TestChain.build((telegram) -> telegram
			.bondify((bondify) -> bondify.projectId("proj_both").secret("both-flows-secret-0123456789abcdefghij"))
			.xellar((xellar) -> xellar.clientSecret("xellar-client-secret")))) {
			assertThat(chain.filterTypes()).containsSubsequence(TelegramLoginPageFilter.class,
					TelegramLoginResourceFilter.class, BondifyStartFilter.class, BondifyLoginFilter.class,
					XellarOtpFilter.class, XellarLoginFilter.class, UsernamePasswordAuthenticationFilter.class);
		}
	}

	@Test
	void configureWhenNothingSetThenNoXellarFilters() {
		try (TestChain chain = TestChain.build((telegram) -> {
		})) {
			assertThat(chain.filterTypes()).doesNotContain(XellarOtpFilter.class, XellarLoginFilter.class);
		}
	}

	@Test
	void configureWhenClientBeanThenXellarIsOnWithoutSettings() {
		try (TestChain chain = TestChain.build((telegram) -> {
		}, (beans) -> beans.registerBean(XellarClient.class, () -> mock(XellarClient.class)))) {
			assertThat(chain.filterTypes()).contains(XellarOtpFilter.class, XellarLoginFilter.class);
		}
	}

	@Test
	void configureWhenClientOnDslAndAsBeanThenDslClientWins() throws Exception {
		XellarClient dsl = client();
		XellarClient bean = client();
		try (TestChain chain = TestChain.withoutCsrf((telegram) -> telegram.xellar((xellar) -> xellar.client(dsl)),
				(beans) -> beans.registerBean(XellarClient.class, () -> bean))) {
			assertThat(otp(chain, new MockHttpSession()).getStatus()).isEqualTo(200);
			verify(dsl).sendOtp(PHONE);
			verifyNoInteractions(bean);
		}
	}

	@Test
	void configureWhenClientBeanThenBeanWinsOverTheDefault() throws Exception {
		XellarClient bean = client();
		try (TestChain chain = TestChain.withoutCsrf((telegram) -> telegram
			.xellar((xellar) -> xellar.clientSecret("xellar-client-secret").baseUrl("http://127.0.0.1:9")),
				(beans) -> beans.registerBean(XellarClient.class, () -> bean))) {
			assertThat(otp(chain, new MockHttpSession()).getStatus()).isEqualTo(200);
			verify(bean).sendOtp(PHONE);
		}
	}

	@Test
	void configureWhenNoClientThenDefaultClientCallsTheBaseUrl() throws Exception {
		// nothing listens on port 9: the default HTTP client is in use when sending the code fails upstream
		try (TestChain chain = TestChain.withoutCsrf((telegram) -> telegram
			.xellar((xellar) -> xellar.clientSecret("xellar-client-secret").baseUrl("http://127.0.0.1:9")),
				(beans) -> {
				})) {
			assertThat(otp(chain, new MockHttpSession()).getStatus()).isBetween(502, 504);
		}
	}

	@Test
	void configureWhenAuthenticationProviderBeanThenTheBuiltProviderAuthenticatesAndTheBeanIsNotUsed()
			throws Exception {
		AuthenticationProvider decoy = mock(AuthenticationProvider.class);
		XellarClient client = client();
		try (TestChain chain = TestChain.withoutCsrf((telegram) -> telegram
			.userMapper(TelegramUserMapper.withAuthorities("ROLE_TELEGRAM"))
			.xellar((xellar) -> xellar.client(client)),
				(beans) -> beans.registerBean(AuthenticationProvider.class, () -> decoy))) {
			MockHttpSession session = new MockHttpSession();
			assertThat(otp(chain, session).getStatus()).isEqualTo(200);
			MockHttpServletResponse verified = chain.post("/login/telegram/otp/verify", "{\"otp\":\"123456\"}",
					session);
			assertThat(verified.getStatus()).isEqualTo(200);
			assertThat(verified.getContentAsString()).contains("\"confirmed\"");
			verify(client).verifyOtp("verification-token", "123456");
			verifyNoInteractions(decoy);
		}
	}

	private static MockHttpServletResponse otp(TestChain chain, MockHttpSession session) throws Exception {
		return chain.post("/login/telegram/otp", "{\"phoneNumber\":\"" + PHONE + "\"}", session);
	}

	private static XellarClient client() {
		XellarClient client = mock(XellarClient.class);
		given(client.sendOtp(anyString())).willReturn(new XellarOtpChallenge("verification-token", true));
		given(client.verifyOtp(anyString(), anyString())).willReturn(XellarWalletCredentials.noWallet("access"));
		return client;
	}

}
