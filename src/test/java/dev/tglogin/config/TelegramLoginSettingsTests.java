package dev.tglogin.config;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.TestingAuthenticationProvider;

import dev.tglogin.core.TelegramLoginFlow;
import dev.tglogin.observation.TelegramLoginMetrics;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the DSL resolves the {@code ObservationRegistry} and the metrics ("the DSL value, else a unique bean, else
 * the default"), in real {@code SecurityFilterChain}s whose Bondify upstream cannot be reached.
 */
class TelegramLoginSettingsTests {

	private static final String UNREACHABLE = "http://127.0.0.1:9";

	@Test
	void buildWhenObservationRegistryBeanThenUpstreamCallsObservedInIt() throws Exception {
		TestObservationRegistry registry = TestObservationRegistry.create();
		try (TestChain chain = TestChain.withoutCsrf(TelegramLoginSettingsTests::bondify,
				(beans) -> beans.registerBean(ObservationRegistry.class, () -> registry))) {
			assertThat(chain.post("/login/telegram/start", "{}", new MockHttpSession()).getStatus()).isEqualTo(503);
			// Spring Security observes its filter chains in the same registry
			assertThat(registry).hasNumberOfObservationsWithNameEqualTo("tglogin.upstream.calls", 1)
				.hasAnObservation((observation) -> observation.hasNameEqualTo("tglogin.upstream.calls")
					.hasLowCardinalityKeyValue("outcome", "io_error"));
		}
	}

	@Test
	void buildWhenDslRegistryAndABeanThenTheDslOneWins() throws Exception {
		TestObservationRegistry bean = TestObservationRegistry.create();
		TestObservationRegistry dsl = TestObservationRegistry.create();
		try (TestChain chain = TestChain.withoutCsrf((telegram) -> bondify(telegram.observationRegistry(dsl)),
				(beans) -> beans.registerBean(ObservationRegistry.class, () -> bean))) {
			chain.post("/login/telegram/start", "{}", new MockHttpSession());
			assertThat(dsl).hasNumberOfObservationsWithNameEqualTo("tglogin.upstream.calls", 1);
			assertThat(bean).hasNumberOfObservationsWithNameEqualTo("tglogin.upstream.calls", 0);
		}
	}

	@Test
	void buildWhenMeterRegistryBeanThenThrottleRefusalsCountedInIt() throws Exception {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		try (TestChain chain = TestChain.withoutCsrf(
				(telegram) -> bondify(telegram.throttle((throttle) -> throttle.startsPerSession(1, Duration.ofHours(1)))),
				(beans) -> beans.registerBean(MeterRegistry.class, () -> meters))) {
			MockHttpSession session = new MockHttpSession();
			chain.post("/login/telegram/start", "{}", session);
			assertThat(chain.post("/login/telegram/start", "{}", session).getStatus()).isEqualTo(429);
			assertThat(meters.get("tglogin.throttle.refusals").tag("limit", "starts-per-session").counter().count())
				.isEqualTo(1);
		}
	}

	@Test
	void buildWhenNothingObservesThenProvidersAndRepositoryAreTheLibrarysOwn() {
		TelegramLoginSettings settings = new TelegramLoginSettings.Builder("/login/telegram", new ThrottleSpecs())
			.build(null);
		AuthenticationProvider provider = new TestingAuthenticationProvider();
		assertThat(settings.observationRegistry()).isSameAs(ObservationRegistry.NOOP);
		assertThat(settings.metrics()).isSameAs(TelegramLoginMetrics.NOOP);
		assertThat(settings.observed(provider, TelegramLoginFlow.BONDIFY)).isSameAs(provider);
		assertThat(settings.pendingLogins()).isNotInstanceOf(MeteredPendingLoginRepository.class);
	}

	private static TelegramLoginConfigurer bondify(TelegramLoginConfigurer telegram) {
		return telegram.bondify((bondify) -> bondify.projectId("proj_settings")
			.secret("settings-secret-0123456789abcdefghijkl")
			.baseUrl(UNREACHABLE));
	}

	/** A throttle DSL for building settings directly. */
	private static final class ThrottleSpecs extends AbstractThrottleSpec<ThrottleSpecs> {

	}

}
