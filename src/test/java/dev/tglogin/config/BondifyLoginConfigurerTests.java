package dev.tglogin.config;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.csrf.CsrfFilter;

import dev.tglogin.bondify.BondifyClient;
import dev.tglogin.bondify.BondifyProofVerifier;
import dev.tglogin.bondify.BondifySession;
import dev.tglogin.core.TelegramUserMapper;
import dev.tglogin.http.HttpClientType;
import dev.tglogin.test.Proofs;
import dev.tglogin.web.TelegramLoginEndpointsFilter;
import dev.tglogin.web.bondify.BondifyLoginFilter;
import dev.tglogin.web.bondify.BondifyProofAuthenticationFilter;
import dev.tglogin.web.bondify.BondifyStartFilter;
import dev.tglogin.web.bondify.BondifyWebhookFilter;
import dev.tglogin.web.ui.TelegramLoginPageFilter;
import dev.tglogin.web.ui.TelegramLoginResourceFilter;
import dev.tglogin.web.xellar.XellarLoginFilter;
import dev.tglogin.web.xellar.XellarOtpFilter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * {@link BondifyLoginConfigurer} through the {@code telegramLogin()} DSL, in real {@code SecurityFilterChain}s.
 */
class BondifyLoginConfigurerTests {

	private static final String PROJECT_ID = "proj_configurer";

	private static final byte[] SECRET = "configurer-tests-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8);

	@Test
	void configureWhenProjectIdAndSecretThenBondifyFiltersFollowTheLoginPageBeforeUsernamePassword() {
		try (TestChain chain = TestChain.build(
				(telegram) -> telegram.bondify((bondify) -> bondify.projectId(PROJECT_ID).secret(SECRET)))) {
			List<Class<?>> filters = chain.filterTypes();
			assertThat(filters).containsSubsequence(CsrfFilter.class, TelegramLoginPageFilter.class,
					TelegramLoginResourceFilter.class, BondifyStartFilter.class, BondifyLoginFilter.class,
					BondifyProofAuthenticationFilter.class, UsernamePasswordAuthenticationFilter.class);
			assertThat(filters.indexOf(BondifyProofAuthenticationFilter.class)
					- filters.indexOf(TelegramLoginPageFilter.class)).isEqualTo(4);
			assertThat(filters).doesNotContain(BondifyWebhookFilter.class, XellarOtpFilter.class,
					XellarLoginFilter.class);
			assertThat(chain.context().getBeanNamesForType(AuthenticationProvider.class)).isEmpty();
		}
	}

	@Test
	void configureThenTheEndpointFiltersRunBehindOneFilterOfTheChain() {
		try (TestChain chain = TestChain.build(
				(telegram) -> telegram.bondify((bondify) -> bondify.projectId(PROJECT_ID).secret(SECRET)))) {
			List<Class<?>> inChain = chain.chainFilters().stream().<Class<?>>map(Object::getClass).toList();
			assertThat(inChain).containsSubsequence(CsrfFilter.class, TelegramLoginEndpointsFilter.class,
					UsernamePasswordAuthenticationFilter.class);
			assertThat(inChain).containsOnlyOnce(TelegramLoginEndpointsFilter.class)
				.doesNotContain(TelegramLoginPageFilter.class, TelegramLoginResourceFilter.class,
						BondifyStartFilter.class, BondifyLoginFilter.class, BondifyProofAuthenticationFilter.class);
			TelegramLoginEndpointsFilter endpoints = chain.chainFilters().stream()
				.filter(TelegramLoginEndpointsFilter.class::isInstance)
				.map(TelegramLoginEndpointsFilter.class::cast)
				.findFirst()
				.orElseThrow();
			assertThat(endpoints.getFilters()).extracting(Object::getClass)
				.containsExactly(TelegramLoginPageFilter.class, TelegramLoginResourceFilter.class,
						BondifyStartFilter.class, BondifyLoginFilter.class, BondifyProofAuthenticationFilter.class);
		}
	}

	@Test
	void configureWhenWebhookThenWebhookFilterBetweenStartAndStatusAndExemptFromCsrf() throws Exception {
		try (TestChain chain = TestChain.build((telegram) -> telegram
			.bondify((bondify) -> bondify.projectId(PROJECT_ID).secret(SECRET).webhook(true)))) {
			assertThat(chain.filterTypes()).containsSubsequence(BondifyStartFilter.class, BondifyWebhookFilter.class,
					BondifyLoginFilter.class);
			// no CSRF token: the webhook filter answers (a bad signature), where /start is refused by CsrfFilter
			MockHttpServletResponse webhook = chain.post("/login/telegram/webhook", "{}", null);
			assertThat(webhook.getStatus()).isEqualTo(401);
			assertThat(webhook.getContentAsString()).doesNotContain("csrf");
			assertThat(chain.post("/login/telegram/start", "{}", null).getStatus()).isEqualTo(403);
		}
	}

	@Test
	void configureWhenNothingSetThenNoBondifyFilters() {
		try (TestChain chain = TestChain.build((telegram) -> {
		})) {
			assertThat(chain.filterTypes()).contains(TelegramLoginPageFilter.class, TelegramLoginResourceFilter.class)
				.doesNotContain(BondifyStartFilter.class, BondifyLoginFilter.class, BondifyWebhookFilter.class,
						BondifyProofAuthenticationFilter.class);
		}
	}

	@Test
	void configureWhenOnlyProjectIdThenFailsNamingTheSecretProperty() {
		assertThatException().isThrownBy(() -> TestChain.build(
				(telegram) -> telegram.bondify((bondify) -> bondify.projectId(PROJECT_ID))).close())
			.havingRootCause()
			.isInstanceOf(IllegalStateException.class)
			.withMessage("Bondify login is half-configured: tglogin.bondify.secret is missing");
	}

	@Test
	void configureWhenClientAndVerifierBeansThenBondifyIsOnWithoutSettings() {
		try (TestChain chain = TestChain.build((telegram) -> {
		}, (beans) -> {
			beans.registerBean(BondifyClient.class, () -> mock(BondifyClient.class));
			beans.registerBean(BondifyProofVerifier.class, () -> new BondifyProofVerifier(PROJECT_ID, SECRET));
		})) {
			assertThat(chain.filterTypes()).contains(BondifyStartFilter.class, BondifyLoginFilter.class);
		}
	}

	@Test
	void configureWhenClientOnDslAndAsBeanThenDslClientWins() throws Exception {
		BondifyClient dsl = client();
		BondifyClient bean = client();
		try (TestChain chain = TestChain.withoutCsrf(
				(telegram) -> telegram.bondify((bondify) -> bondify.projectId(PROJECT_ID).secret(SECRET).client(dsl)),
				(beans) -> beans.registerBean(BondifyClient.class, () -> bean))) {
			assertThat(chain.post("/login/telegram/start", "{}", null).getStatus()).isEqualTo(200);
			verify(dsl).generate();
			verifyNoInteractions(bean);
		}
	}

	@Test
	void configureWhenClientBeanThenBeanWinsOverTheDefault() throws Exception {
		BondifyClient bean = client();
		try (TestChain chain = TestChain.withoutCsrf(
				(telegram) -> telegram.bondify((bondify) -> bondify.projectId(PROJECT_ID).secret(SECRET)
					.baseUrl("http://127.0.0.1:9")),
				(beans) -> beans.registerBean(BondifyClient.class, () -> bean))) {
			assertThat(chain.post("/login/telegram/start", "{}", null).getStatus()).isEqualTo(200);
			verify(bean).generate();
		}
	}

	@Test
	void configureWhenNoClientThenDefaultClientCallsTheBaseUrl() throws Exception {
		// nothing listens on port 9: the default HTTP client is in use when the start fails upstream
		try (TestChain chain = TestChain.withoutCsrf((telegram) -> telegram
			.bondify((bondify) -> bondify.projectId(PROJECT_ID).secret(SECRET).baseUrl("http://127.0.0.1:9")),
				(beans) -> {
				})) {
			assertThat(chain.post("/login/telegram/start", "{}", null).getStatus()).isBetween(502, 504);
		}
	}

	@Test
	void configureWhenVerifierOnDslAndAsBeanThenDslVerifierChecksProofs() throws Exception {
		BondifyProofVerifier wrongProject = new BondifyProofVerifier("proj_other", SECRET);
		try (TestChain chain = TestChain.withoutCsrf((telegram) -> telegram.bondify((bondify) -> bondify
			.projectId(PROJECT_ID)
			.secret(SECRET)
			.client(client())
			.verifier(new BondifyProofVerifier(PROJECT_ID, SECRET))
			.proofWithoutPendingLogin(true)),
				(beans) -> beans.registerBean(BondifyProofVerifier.class, () -> wrongProject))) {
			assertThat(proof(chain, "session-dsl").getStatus()).isEqualTo(200);
		}
	}

	@Test
	void configureWhenVerifierBeanThenBeanWinsOverTheOneBuiltFromTheSecret() throws Exception {
		BondifyProofVerifier wrongProject = new BondifyProofVerifier("proj_other", SECRET);
		try (TestChain chain = TestChain.withoutCsrf((telegram) -> telegram.bondify((bondify) -> bondify
			.projectId(PROJECT_ID)
			.secret(SECRET)
			.client(client())
			.proofWithoutPendingLogin(true)),
				(beans) -> beans.registerBean(BondifyProofVerifier.class, () -> wrongProject))) {
			assertThat(proof(chain, "session-bean").getStatus()).isEqualTo(401);
		}
	}

	@Test
	void configureWhenAuthenticationProviderBeanThenTheBuiltProviderAuthenticatesAndTheBeanIsNotUsed()
			throws Exception {
		AuthenticationProvider decoy = mock(AuthenticationProvider.class);
		TelegramUserMapper mapper = TelegramUserMapper.withAuthorities("ROLE_TELEGRAM");
		try (TestChain chain = TestChain.withoutCsrf((telegram) -> telegram.userMapper(mapper)
			.bondify((bondify) -> bondify.projectId(PROJECT_ID)
				.secret(SECRET)
				.client(client())
				.proofWithoutPendingLogin(true)),
				(beans) -> beans.registerBean(AuthenticationProvider.class, () -> decoy))) {
			MockHttpServletResponse response = proof(chain, "session-decoy");
			assertThat(response.getStatus()).isEqualTo(200);
			assertThat(response.getContentAsString()).contains("\"confirmed\"");
			verifyNoInteractions(decoy);
		}
	}

	private static MockHttpServletResponse proof(TestChain chain, String sessionToken) throws Exception {
		String proof = Proofs.hs256(SECRET, PROJECT_ID, sessionToken, (claims) -> {
		});
		return chain.post("/login/telegram/proof", "{\"proof\":\"" + proof + "\"}", null);
	}

	@Test
	void configureWhenStatusExecutorOnDslThenTheStatusChecksRunOnIt() {
		java.util.concurrent.Executor executor = Runnable::run;
		try (TestChain chain = TestChain.withoutCsrf(
				(telegram) -> telegram.bondify((bondify) -> bondify.projectId(PROJECT_ID).secret(SECRET)
					.client(client())
					.statusExecutor(executor)),
				(beans) -> {
				})) {
			assertThat(statusExecutor(chain)).isSameAs(executor);
		}
	}

	@Test
	void configureWhenStatusExecutorOnDslThenTheBondifyHttpClientRunsOnItToo() {
		java.util.concurrent.Executor executor = java.util.concurrent.Executors.newSingleThreadExecutor();
		try (TestChain chain = TestChain.withoutCsrf(
				(telegram) -> telegram.httpClient(HttpClientType.JDK)
					.bondify((bondify) -> bondify.projectId(PROJECT_ID).secret(SECRET).statusExecutor(executor)),
				(beans) -> {
				})) {
			assertThat(httpClient(chain).executor()).containsSame(executor);
		}
		finally {
			((java.util.concurrent.ExecutorService) executor).shutdownNow();
		}
	}

	@Test
	void configureWhenNoStatusExecutorThenTheBondifyHttpClientHasAPoolOfItsOwn() {
		try (TestChain chain = TestChain.withoutCsrf(
				(telegram) -> telegram.httpClient(HttpClientType.JDK)
					.bondify((bondify) -> bondify.projectId(PROJECT_ID).secret(SECRET)),
				(beans) -> {
				})) {
			assertThat(httpClient(chain).executor()).isPresent();
		}
	}

	@Test
	void configureWhenHttpClientJettyThenTheBondifyClientGoesOverJettyStoppedWithTheContext() {
		Object transport;
		try (TestChain chain = TestChain.withoutCsrf((telegram) -> telegram.httpClient(HttpClientType.JETTY)
			.connectTimeout(java.time.Duration.ofMillis(750))
			.bondify((bondify) -> bondify.projectId(PROJECT_ID).secret(SECRET)), (beans) -> {
			})) {
			transport = transport(chain);
			org.eclipse.jetty.client.HttpClient jetty = (org.eclipse.jetty.client.HttpClient)
					org.springframework.test.util.ReflectionTestUtils.getField(transport, "client");
			assertThat(jetty.isStarted()).isTrue();
			assertThat(jetty.getConnectTimeout()).isEqualTo(750);
		}
		assertThat(((org.eclipse.jetty.client.HttpClient) org.springframework.test.util.ReflectionTestUtils
			.getField(transport, "client")).isStopped()).isTrue();
	}

	@Test
	void configureWhenHttpClientNotSetAndJettysClientOnTheClassPathThenTheBondifyClientGoesOverJetty() {
		try (TestChain chain = TestChain.withoutCsrf(
				(telegram) -> telegram.bondify((bondify) -> bondify.projectId(PROJECT_ID).secret(SECRET)),
				(beans) -> {
				})) {
			assertThat(transport(chain).getClass().getSimpleName()).isEqualTo("JettyTransport");
		}
	}

	private static Object transport(TestChain chain) {
		Object calls = pollerField(chain, "calls");
		Object client = org.springframework.test.util.ReflectionTestUtils.getField(calls, "client");
		Object http = org.springframework.test.util.ReflectionTestUtils.getField(client, "http");
		return org.springframework.test.util.ReflectionTestUtils.getField(http, "transport");
	}

	/** The JDK client under the Bondify client built from the settings. */
	private static java.net.http.HttpClient httpClient(TestChain chain) {
		Object calls = pollerField(chain, "calls");
		Object client = org.springframework.test.util.ReflectionTestUtils.getField(calls, "client");
		Object http = org.springframework.test.util.ReflectionTestUtils.getField(client, "http");
		Object transport = org.springframework.test.util.ReflectionTestUtils.getField(http, "transport");
		return (java.net.http.HttpClient) org.springframework.test.util.ReflectionTestUtils.getField(transport,
				"client");
	}

	@Test
	void configureWhenNoStatusExecutorThenTheLibrarysOwnPool() {
		try (TestChain chain = TestChain.withoutCsrf(
				(telegram) -> telegram.bondify((bondify) -> bondify.projectId(PROJECT_ID).secret(SECRET).client(client())),
				(beans) -> {
				})) {
			assertThat(statusExecutor(chain)).isNotNull().isNotInstanceOf(Runnable.class);
		}
	}

	@Test
	void configureWhenWebhookFallbackCheckIntervalOnDslThenTheStatusPollerUsesIt() {
		try (TestChain chain = TestChain.withoutCsrf((telegram) -> telegram.bondify((bondify) -> bondify
			.projectId(PROJECT_ID)
			.secret(SECRET)
			.client(client())
			.webhook(true)
			.webhookFallbackCheckInterval(java.time.Duration.ofSeconds(40))), (beans) -> {
			})) {
			Object policy = pollerField(chain, "policy");
			assertThat(org.springframework.test.util.ReflectionTestUtils.getField(policy, "fallbackNanos"))
				.isEqualTo(java.time.Duration.ofSeconds(40).toNanos());
		}
	}

	@Test
	void webhookFallbackCheckIntervalWhenNotPositiveThenIllegalArgument() {
		org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
			.isThrownBy(() -> TelegramLoginConfigurer.telegramLogin().bondify(
					(bondify) -> bondify.webhookFallbackCheckInterval(java.time.Duration.ZERO)));
	}

	/** The executor of the /status filter's poller (no getter: it is an internal of the built filter). */
	private static Object statusExecutor(TestChain chain) {
		return org.springframework.test.util.ReflectionTestUtils.getField(pollerField(chain, "checks"), "ticks");
	}

	private static Object pollerField(TestChain chain, String field) {
		BondifyLoginFilter status = chain.filters()
			.stream()
			.filter(BondifyLoginFilter.class::isInstance)
			.map(BondifyLoginFilter.class::cast)
			.findFirst()
			.orElseThrow();
		Object poller = org.springframework.test.util.ReflectionTestUtils.getField(status, "poller");
		return org.springframework.test.util.ReflectionTestUtils.getField(poller, field);
	}

	private static BondifyClient client() {
		BondifyClient client = mock(BondifyClient.class);
		given(client.generate()).willReturn(new BondifySession("session-token-0123456789",
				"https://t.me/bondify_bot?start=session-token-0123456789", Instant.now().plusSeconds(600)));
		return client;
	}

}
