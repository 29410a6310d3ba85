package dev.tglogin.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServlet;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.FilterChainProxy;

import dev.tglogin.bondify.BondifyAuthenticationProvider;
import dev.tglogin.bondify.BondifyClient;
import dev.tglogin.bondify.BondifyProofVerifier;
import dev.tglogin.bondify.HttpBondifyClient;
import dev.tglogin.core.TelegramUserMapper;
import dev.tglogin.emulator.BondifyEmulator;
import dev.tglogin.emulator.XellarEmulator;
import dev.tglogin.emulator.boot.TelegramLoginEmulatorAutoConfiguration;
import dev.tglogin.store.InMemoryTelegramLoginStore;
import dev.tglogin.store.TelegramLoginStore;
import dev.tglogin.test.LogCapture;
import dev.tglogin.web.HttpSessionPendingLoginRepository;
import dev.tglogin.web.PendingLoginRepository;
import dev.tglogin.web.bondify.BondifyLoginFilter;
import dev.tglogin.web.xellar.XellarLoginFilter;
import dev.tglogin.xellar.HttpXellarClient;
import dev.tglogin.xellar.XellarClient;
import dev.tglogin.xellar.XellarWalletService;
import dev.tglogin.test.ChainFilters;

import static org.assertj.core.api.Assertions.assertThat;import static org.mockito.Mockito.mock;

/**
 * The auto-configuration: conditions, back-off, property binding and every start-up validation message.
 */
class TelegramLoginAutoConfigurationTests {

	private static final String SECRET = "0123456789abcdef0123456789abcdef";

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(BootClasses.securityWithTelegramLogin());

	@Test
	void contextWhenNoCredentialsThenNoFlowAndTheAppsSecurityIsLeftAsItIs() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(BondifyClient.class).doesNotHaveBean(XellarClient.class);
			assertThat(context).hasSingleBean(TelegramLoginStore.class)
				.hasSingleBean(PendingLoginRepository.class)
				.hasSingleBean(TelegramLoginCustomizer.class)
				.doesNotHaveBean("telegramLoginSecurityFilterChain");
			assertThat(context.getBean(TelegramLoginStore.class)).isInstanceOf(InMemoryTelegramLoginStore.class);
			assertThat(context.getBean(PendingLoginRepository.class))
				.isInstanceOf(HttpSessionPendingLoginRepository.class);
			// Boot's own default chain (form login, HTTP Basic), without any Telegram filter
			assertThat(filterTypes(context.getBean(FilterChainProxy.class)))
				.contains(org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter.class)
				.doesNotContain(dev.tglogin.web.ui.TelegramLoginPageFilter.class, BondifyLoginFilter.class,
						XellarLoginFilter.class);
		});
	}

	@Test
	void contextWhenNoCredentialsThenALogLineSaysHowToTurnAFlowOn() {
		int mark = dev.tglogin.test.LogCapture.mark();
		this.runner.run((context) -> assertThat(context).hasNotFailed());
		assertThat(dev.tglogin.test.LogCapture.since(mark)).contains("Telegram login is off")
			.contains("tglogin.bondify.project-id")
			.contains("tglogin.xellar.client-secret");
	}

	@Test
	void contextWhenBondifyCredentialsThenBondifyFlowIsOnInTheDefaultChain() {
		this.runner.withPropertyValues("tglogin.bondify.project-id=proj_test", "tglogin.bondify.secret=" + SECRET)
			.run((context) -> {
				assertThat(context).hasSingleBean(HttpBondifyClient.class)
					.hasSingleBean(BondifyProofVerifier.class)
					.doesNotHaveBean(BondifyAuthenticationProvider.class)
					.doesNotHaveBean(XellarClient.class);
				assertThat(context.getBean(BondifyProofVerifier.class).getProjectId()).isEqualTo("proj_test");
				assertThat(filterTypes(context.getBean(FilterChainProxy.class))).contains(BondifyLoginFilter.class)
					.doesNotContain(XellarLoginFilter.class);
			});
	}

	@Test
	void contextWhenAdditionalSecretsThenProofsOfEachVerifyAndAnEmptyOneFailsStartup() {
		String rotated = "whsec_rotated_0123456789abcdefghijklmnop";
		this.runner.withPropertyValues("tglogin.bondify.project-id=proj_test", "tglogin.bondify.secret=" + SECRET,
				"tglogin.bondify.additional-secrets=" + rotated)
			.run((context) -> {
				String proof = dev.tglogin.test.Proofs.hs256(rotated.getBytes(java.nio.charset.StandardCharsets.UTF_8),
						"proj_test", "sess_rotated", (claims) -> {
						});
				assertThat(context.getBean(BondifyProofVerifier.class).verify(proof, "sess_rotated").sessionToken())
					.isEqualTo("sess_rotated");
			});
		this.runner.withPropertyValues("tglogin.bondify.project-id=proj_test", "tglogin.bondify.secret=" + SECRET,
				"tglogin.bondify.additional-secrets=a,,b")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("tglogin.bondify.additional-secrets[1] is empty"));
	}

	@Test
	void contextWhenXellarClientSecretThenXellarFlowAndWalletServiceAreOn() {
		this.runner.withPropertyValues("tglogin.xellar.client-secret=xs_test", "tglogin.xellar.api-version=v1")
			.run((context) -> {
				assertThat(context).hasSingleBean(HttpXellarClient.class)
					.hasSingleBean(XellarWalletService.class)
					.doesNotHaveBean(BondifyClient.class);
				assertThat(context.getBean(XellarClient.class).toString()).contains("v1")
					.doesNotContain("xs_test");
				assertThat(filterTypes(context.getBean(FilterChainProxy.class))).contains(XellarLoginFilter.class);
			});
	}

	@Test
	void contextWhenBondifySecretIsMissingThenStartupFailsNamingTheProperty() {
		this.runner.withPropertyValues("tglogin.bondify.project-id=proj_test")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("half-configured")
				.hasMessageContaining("tglogin.bondify.secret"));
	}

	@Test
	void contextWhenBondifyProjectIdIsMissingThenStartupFailsNamingTheProperty() {
		this.runner.withPropertyValues("tglogin.bondify.secret=" + SECRET)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("tglogin.bondify.project-id"));
	}

	@Test
	void contextWhenBondifySecretIsShortThenItStartsWithAWarningThatDoesNotEchoIt() {
		int mark = dev.tglogin.test.LogCapture.mark();
		this.runner.withPropertyValues("tglogin.bondify.project-id=proj_test", "tglogin.bondify.secret=short-secret")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				String proof = dev.tglogin.test.Proofs.hs256Short("short-secret", "proj_test", "sess_short");
				assertThat(context.getBean(BondifyProofVerifier.class).verify(proof, "sess_short").sessionToken())
					.isEqualTo("sess_short");
			});
		assertThat(dev.tglogin.test.LogCapture.since(mark)).contains("fewer than the 32 HS256 wants")
			.doesNotContain("short-secret");
	}

	@Test
	void contextWhenEmulatorIsCombinedWithRealCredentialsThenStartupFails() {
		this.runner
			.withPropertyValues("tglogin.emulator.enabled=true", "tglogin.xellar.client-secret=xs_real",
					"tglogin.bondify.base-url=https://bondify.example")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("tglogin.emulator.enabled=true cannot be combined")
				.hasMessageContaining("tglogin.xellar.client-secret")
				.hasMessageContaining("tglogin.bondify.base-url"));
	}

	@Test
	void contextWhenValuesAreOutOfRangeThenStartupFailsNamingEachProperty() {
		this.runner
			.withPropertyValues("tglogin.xellar.api-version=v3", "tglogin.xellar.max-otp-attempts=0",
					"tglogin.base-path=login/", "tglogin.http.read-timeout=0s", "tglogin.bondify.poll-interval=100ms",
					"tglogin.bondify.long-poll-max-wait=30s", "tglogin.bondify.upstream-poll-interval=-1s",
					"tglogin.bondify.webhook.fallback-check-interval=0s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("tglogin.xellar.api-version")
				.hasMessageContaining("tglogin.xellar.max-otp-attempts")
				.hasMessageContaining("tglogin.base-path")
				.hasMessageContaining("tglogin.http.read-timeout")
				.hasMessageContaining("tglogin.bondify.poll-interval")
				.hasMessageContaining("tglogin.bondify.long-poll-max-wait")
				.hasMessageContaining("tglogin.bondify.upstream-poll-interval")
				.hasMessageContaining("tglogin.bondify.webhook.fallback-check-interval"));
	}

	@Test
	void propertiesBindWithDefaultsAndOverrides() {
		this.runner
			.withPropertyValues("tglogin.base-path=/auth/tg", "tglogin.success-url=/home",
					"tglogin.http.connect-timeout=750ms", "tglogin.http.read-timeout=3s",
					"tglogin.bondify.poll-interval=3s", "tglogin.login-page.enabled=false",
					"tglogin.bondify.long-poll-max-wait=0s", "tglogin.bondify.upstream-poll-interval=5s",
					"tglogin.bondify.webhook.fallback-check-interval=30s")
			.run((context) -> {
				TelegramLoginProperties properties = context.getBean(TelegramLoginProperties.class);
				assertThat(properties.getBasePath()).isEqualTo("/auth/tg");
				assertThat(properties.getSuccessUrl()).isEqualTo("/home");
				assertThat(properties.getHttp().getConnectTimeout()).isEqualTo(Duration.ofMillis(750));
				assertThat(properties.getHttp().getReadTimeout()).isEqualTo(Duration.ofSeconds(3));
				assertThat(properties.getBondify().getPollInterval()).isEqualTo(Duration.ofSeconds(3));
				assertThat(properties.getBondify().getLongPollMaxWait()).isZero();
				assertThat(properties.getBondify().getUpstreamPollInterval()).isEqualTo(Duration.ofSeconds(5));
				assertThat(properties.getBondify().getWebhook().getFallbackCheckInterval())
					.isEqualTo(Duration.ofSeconds(30));
				assertThat(new TelegramLoginProperties().getBondify().getWebhook().getFallbackCheckInterval())
					.isEqualTo(Duration.ofSeconds(15));
				assertThat(properties.getLoginPage().isEnabled()).isFalse();
				assertThat(properties.getXellar().getApiVersion()).isEqualTo("v2");
				assertThat(properties.getXellar().getMaxOtpAttempts()).isEqualTo(5);
				assertThat(properties.getBondify().getBaseUrl()).isEqualTo("https://api.bondify.dev");
				assertThat(properties.getEmulator().isEnabled()).isFalse();
			});
	}

	@Test
	void beansBackOffWhenTheAppDefinesItsOwn() {
		this.runner.withUserConfiguration(OwnBeans.class)
			.withPropertyValues("tglogin.bondify.project-id=proj_test", "tglogin.bondify.secret=" + SECRET)
			.run((context) -> {
				assertThat(context.getBean(BondifyClient.class)).isSameAs(OwnBeans.CLIENT);
				assertThat(context.getBean(TelegramLoginStore.class)).isSameAs(OwnBeans.STORE);
				assertThat(context).hasSingleBean(SecurityFilterChain.class);
				assertThat(context.getBean(SecurityFilterChain.class)).isSameAs(context.getBean("ownChain"));
			});
	}

	@Test
	void emulatorWhenEnabledThenMountedOutsideSecurityAndBothFlowsPointAtIt() {
		this.runner
			.withPropertyValues("tglogin.emulator.enabled=true", "tglogin.emulator.session-lifetime=30s",
					"server.address=127.0.0.1")
			.run((context) -> {
				assertThat(context).hasSingleBean(BondifyEmulator.class)
					.hasSingleBean(XellarEmulator.class)
					.hasSingleBean(BondifyClient.class)
					.hasSingleBean(XellarClient.class)
					.hasSingleBean(XellarWalletService.class);
				ServletRegistrationBean<?> servlet = context.getBean(ServletRegistrationBean.class);
				assertThat(servlet.getUrlMappings()).containsExactly("/tglogin-emulator/*");
				assertThat(context.getBean(BondifyProofVerifier.class).getProjectId())
					.isEqualTo(context.getBean(BondifyEmulator.class).projectId());
				assertThat(context.getBean(FilterChainProxy.class).getFilterChains()).hasSize(2);
			});
	}

	@Test
	void emulatorWhenServerAddressIsUnsetOrNotLoopbackThenStartupFailsNamingBothWaysOut() {
		for (String[] properties : new String[][] { {}, { "server.address=0.0.0.0" }, { "server.address=::" },
				{ "server.address=192.0.2.10" }, { "server.address=" } }) {
			this.runner.withPropertyValues("tglogin.emulator.enabled=true")
				.withPropertyValues(properties)
				.run((context) -> assertThat(context).getFailure()
					.as("%s", (Object) properties)
					.rootCause()
					.hasMessageContaining("tglogin.emulator.enabled=true refuses to start")
					.hasMessageContaining("server.address=127.0.0.1")
					.hasMessageContaining("tglogin.emulator.allow-remote-access=true"));
		}
	}

	@Test
	void emulatorWhenServerAddressIsLoopbackThenStartsAndRefusesRemoteRequests() {
		for (String address : new String[] { "127.0.0.1", "localhost", "::1", "[::1]", "127.0.1.1" }) {
			this.runner.withPropertyValues("tglogin.emulator.enabled=true", "server.address=" + address)
				.run((context) -> {
					assertThat(context).as(address).hasNotFailed();
					assertThat(remoteRequestStatus(context)).as(address).isEqualTo(403);
				});
		}
	}

	@Test
	void emulatorWhenRemoteAccessAllowedThenStartsOnEveryInterfaceAndAnswersRemoteRequests() {
		this.runner.withPropertyValues("tglogin.emulator.enabled=true", "tglogin.emulator.allow-remote-access=true")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(remoteRequestStatus(context)).isEqualTo(200);
			});
	}

	@Test
	void emulatorWhenStartedThenWarningBannerOnEveryStartSayingWhoCanReachIt() {
		assertThat(LogCapture.isActive()).as("the log capture runs in every JUnit Platform run").isTrue();
		int mark = LogCapture.mark();
		this.runner.withPropertyValues("tglogin.emulator.enabled=true", "server.address=127.0.0.1")
			.run((context) -> assertThat(context).hasNotFailed());
		this.runner.withPropertyValues("tglogin.emulator.enabled=true", "server.address=127.0.0.1")
			.run((context) -> assertThat(context).hasNotFailed());
		this.runner.withPropertyValues("tglogin.emulator.enabled=true", "tglogin.emulator.allow-remote-access=true")
			.run((context) -> assertThat(context).hasNotFailed());
		String log = LogCapture.since(mark);

		Matcher banner = Pattern.compile("WARN " + Pattern.quote(TelegramLoginEmulatorAutoConfiguration.class.getName())
				+ " - [^\\n]*\\R\\*{76}\\R\\* tglogin EMULATOR IS ON at /tglogin-emulator/telegram:\\R"
				+ "\\* logins are NOT real, and whoever reaches the emulator can log in as anyone\\.\\R"
				+ "\\* (.*)\\R\\* Development and tests only: NEVER enable tglogin\\.emulator in production\\.\\R\\*{76}")
			.matcher(log);
		List<String> reach = new ArrayList<>();
		while (banner.find()) {
			reach.add(banner.group(1));
		}
		assertThat(reach).containsExactly("Answers loopback requests only (server.address=127.0.0.1).",
				"Answers loopback requests only (server.address=127.0.0.1).",
				"REACHABLE FROM OTHER HOSTS: tglogin.emulator.allow-remote-access=true (server.address not set)");
	}

	/** GET of the emulated Telegram page from 203.0.113.7 (TEST-NET-3), through the registered servlet. */
	private static int remoteRequestStatus(ApplicationContext context) throws Exception {
		ServletRegistrationBean<?> registration = context.getBean(ServletRegistrationBean.class);
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/tglogin-emulator/telegram");
		request.setServletPath("/tglogin-emulator");
		request.setPathInfo("/telegram");
		request.setRemoteAddr("203.0.113.7");
		MockHttpServletResponse response = new MockHttpServletResponse();
		((HttpServlet) registration.getServlet()).service(request, response);
		return response.getStatus();
	}

	@Test
	void storeWhenJdbcAndADataSourceThenSharedJdbcStoreWithItsSchema() {
		org.h2.jdbcx.JdbcDataSource h2 = new org.h2.jdbcx.JdbcDataSource();
		h2.setURL("jdbc:h2:mem:autoconfig-" + java.util.UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
		this.runner.withBean(javax.sql.DataSource.class, () -> h2)
			.withPropertyValues("tglogin.store=jdbc", "tglogin.jdbc.cleanup-interval=1m")
			.run((context) -> {
				TelegramLoginStore store = context.getBean(TelegramLoginStore.class);
				assertThat(store).isInstanceOf(dev.tglogin.store.JdbcTelegramLoginStore.class);
				assertThat(store.useOnce("k:1", java.time.Instant.now().plusSeconds(60))).isTrue();
				assertThat(store.useOnce("k:1", java.time.Instant.now().plusSeconds(60))).isFalse();
			});
	}

	@Test
	void storeWhenJdbcOnADatabaseThatIsNotInMemoryThenNoDdlUnlessAsked(@org.junit.jupiter.api.io.TempDir
			java.nio.file.Path directory) {
		org.h2.jdbcx.JdbcDataSource file = new org.h2.jdbcx.JdbcDataSource();
		file.setURL("jdbc:h2:file:" + directory.resolve("production") + ";DB_CLOSE_DELAY=-1");
		this.runner.withBean(javax.sql.DataSource.class, () -> file)
			.withPropertyValues("tglogin.store=jdbc")
			.run((context) -> assertThat(tableExists(file)).as("embedded is the default: no DDL here").isFalse());
		this.runner.withBean(javax.sql.DataSource.class, () -> file)
			.withPropertyValues("tglogin.store=jdbc", "tglogin.jdbc.initialize-schema=always")
			.run((context) -> assertThat(tableExists(file)).isTrue());
	}

	@Test
	void storeWhenInitializeSchemaIsNotAModeThenStartupFailsNamingTheProperty() {
		this.runner.withPropertyValues("tglogin.jdbc.initialize-schema=sometimes")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("tglogin.jdbc.initialize-schema must be embedded, always or never"));
	}

	private static boolean tableExists(javax.sql.DataSource dataSource) throws java.sql.SQLException {
		try (java.sql.Connection connection = dataSource.getConnection();
				java.sql.ResultSet tables = connection.getMetaData().getTables(null, null, "TGLOGIN_USED_KEY", null)) {
			return tables.next();
		}
	}

	@Test
	void customizerWhenBootsApplicationTaskExecutorThenBondifyStatusChecksRunOnIt() {
		java.util.concurrent.Executor executor = Runnable::run;
		this.runner.withBean("applicationTaskExecutor", java.util.concurrent.Executor.class, () -> executor)
			.run((context) -> assertThat(context.getBean(TelegramLoginCustomizer.class))
				.hasFieldOrPropertyWithValue("statusExecutor", executor));
		this.runner.run((context) -> assertThat(context.getBean(TelegramLoginCustomizer.class))
			.hasFieldOrPropertyWithValue("statusExecutor", null));
	}

	@Test
	void upstreamClientsWhenBootsApplicationTaskExecutorThenTheirHttpClientsRunOnIt() {
		java.util.concurrent.ExecutorService executor = java.util.concurrent.Executors.newSingleThreadExecutor();
		try {
			this.runner.withBean("applicationTaskExecutor", java.util.concurrent.Executor.class, () -> executor)
				.withPropertyValues("tglogin.http.client=jdk", "tglogin.bondify.project-id=proj_test",
						"tglogin.bondify.secret=" + SECRET,
						"tglogin.xellar.client-secret=xsecret_test", "tglogin.xellar.api-version=v1")
				.run((context) -> {
					assertThat(httpClient(context.getBean(BondifyClient.class)).executor()).containsSame(executor);
					assertThat(httpClient(context.getBean(XellarClient.class)).executor()).containsSame(executor);
				});
			this.runner
				.withPropertyValues("tglogin.http.client=jdk", "tglogin.bondify.project-id=proj_test",
						"tglogin.bondify.secret=" + SECRET)
				.run((context) -> assertThat(httpClient(context.getBean(BondifyClient.class)).executor().orElseThrow())
					.isNotSameAs(executor));
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void upstreamClientsWhenHttpClientJettyThenOverJettyAndStoppedWithTheContext() {
		java.util.List<org.eclipse.jetty.client.HttpClient> started = new java.util.ArrayList<>();
		this.runner
			.withPropertyValues("tglogin.http.client=jetty", "tglogin.http.connect-timeout=750ms",
					"tglogin.bondify.project-id=proj_test", "tglogin.bondify.secret=" + SECRET,
					"tglogin.xellar.client-secret=xsecret_test", "tglogin.xellar.api-version=v1")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				for (Object upstreamClient : new Object[] { context.getBean(BondifyClient.class),
						context.getBean(XellarClient.class) }) {
					org.eclipse.jetty.client.HttpClient jetty = jettyClient(upstreamClient);
					assertThat(jetty.isStarted()).isTrue();
					assertThat(jetty.getConnectTimeout()).isEqualTo(750);
					assertThat(jetty.isFollowRedirects()).isFalse();
					started.add(jetty);
				}
			});
		assertThat(started).hasSize(2).allMatch(org.eclipse.jetty.client.HttpClient::isStopped);
	}

	@Test
	void upstreamClientsWhenHttpClientJettyWithoutJettyOnTheClassPathThenStartupFailsNamingTheProperty() {
		this.runner.withClassLoader(new org.springframework.boot.test.context.FilteredClassLoader("org.eclipse.jetty.client"))
			.withPropertyValues("tglogin.http.client=jetty")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("tglogin.http.client=jetty needs Jetty 12's HTTP client")
				.hasMessageContaining("org.eclipse.jetty:jetty-client"));
	}

	@Test
	void upstreamClientsWhenHttpClientUnsetAndJettysClientOnTheClassPathThenOverJetty() {
		this.runner
			.withPropertyValues("tglogin.bondify.project-id=proj_test", "tglogin.bondify.secret=" + SECRET,
					"tglogin.xellar.client-secret=xsecret_test", "tglogin.xellar.api-version=v1")
			.run((context) -> {
				assertThat(context.getBean(TelegramLoginProperties.class).getHttp().getClient())
					.isEqualTo(dev.tglogin.http.HttpClientType.AUTO);
				assertThat(jettyClient(context.getBean(BondifyClient.class)).isStarted()).isTrue();
				assertThat(jettyClient(context.getBean(XellarClient.class)).isStarted()).isTrue();
			});
	}

	@Test
	void upstreamClientsWhenHttpClientUnsetWithoutJettysClientThenJdk() {
		this.runner
			.withClassLoader(new org.springframework.boot.test.context.FilteredClassLoader("org.eclipse.jetty.client"))
			.withPropertyValues("tglogin.bondify.project-id=proj_test", "tglogin.bondify.secret=" + SECRET)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(httpClient(context.getBean(BondifyClient.class))).isNotNull();
			});
	}

	@Test
	void upstreamClientsWhenHttpClientJdkThenJdkWhateverTheClassPath() {
		this.runner
			.withPropertyValues("tglogin.http.client=jdk", "tglogin.bondify.project-id=proj_test",
					"tglogin.bondify.secret=" + SECRET)
			.run((context) -> assertThat(httpClient(context.getBean(BondifyClient.class))).isNotNull());
	}

	private static org.eclipse.jetty.client.HttpClient jettyClient(Object upstreamClient) {
		Object http = org.springframework.test.util.ReflectionTestUtils.getField(upstreamClient, "http");
		Object transport = org.springframework.test.util.ReflectionTestUtils.getField(http, "transport");
		return (org.eclipse.jetty.client.HttpClient) org.springframework.test.util.ReflectionTestUtils
			.getField(transport, "client");
	}

	private static java.net.http.HttpClient httpClient(Object upstreamClient) {
		Object http = org.springframework.test.util.ReflectionTestUtils.getField(upstreamClient, "http");
		Object transport = org.springframework.test.util.ReflectionTestUtils.getField(http, "transport");
		return (java.net.http.HttpClient) org.springframework.test.util.ReflectionTestUtils.getField(transport,
				"client");
	}

	@Test
	void storeWhenRedisAndARedisConnectionFactoryThenSharedRedisStore() {
		this.runner
			.withBean(org.springframework.data.redis.connection.RedisConnectionFactory.class,
					() -> org.mockito.Mockito.mock(org.springframework.data.redis.connection.RedisConnectionFactory.class))
			.withPropertyValues("tglogin.store=redis", "tglogin.redis.key-prefix=app1:")
			.run((context) -> assertThat(context.getBean(TelegramLoginStore.class))
				.isInstanceOf(dev.tglogin.store.RedisTelegramLoginStore.class)
				.hasFieldOrPropertyWithValue("keyPrefix", "app1:"));
	}

	@Test
	void storeWhenRedisWithoutARedisConnectionFactoryThenStartupFailsNamingTheProperty() {
		this.runner.withPropertyValues("tglogin.store=redis")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("tglogin.store=redis needs a RedisConnectionFactory"));
	}

	@Test
	void storeWhenJdbcWithoutADataSourceThenStartupFailsNamingTheProperty() {
		this.runner.withPropertyValues("tglogin.store=jdbc")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("tglogin.store=jdbc needs a DataSource"));
	}

	private static java.util.List<Class<?>> filterTypes(FilterChainProxy proxy) {
		return ChainFilters.of(proxy)
			.stream()
			.<Class<?>>map(Object::getClass)
			.toList();
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnBeans {

		static final BondifyClient CLIENT = mock(BondifyClient.class);

		static final TelegramLoginStore STORE = new InMemoryTelegramLoginStore();

		@Bean
		BondifyClient myBondifyClient() {
			return CLIENT;
		}

		@Bean
		TelegramLoginStore myStore() {
			return STORE;
		}

		@Bean
		TelegramUserMapper myMapper() {
			return TelegramUserMapper.withAuthorities("ROLE_MEMBER");
		}

		@Bean
		SecurityFilterChain ownChain(HttpSecurity http) throws Exception {
			return http.authorizeHttpRequests((authorize) -> authorize.anyRequest().permitAll()).build();
		}

	}

}
