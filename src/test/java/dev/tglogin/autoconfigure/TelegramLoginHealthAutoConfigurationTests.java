package dev.tglogin.autoconfigure;

import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.util.ClassUtils;

import dev.tglogin.observation.UpstreamCallOutcomes;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The health indicators' auto-configuration ({@link TelegramLoginHealthAutoConfiguration}): one per upstream whose
 * flow is on, of the Boot generation the tests run on (Boot 4's {@code HealthIndicator} by default, Boot 3's on the
 * spring-boot-3 leg, which runs the jar built on Boot 4), only with Boot's health support on the classpath, the
 * upstream clients built by Boot observed in the app's {@link ObservationRegistry}, and nothing failing without
 * Micrometer's {@code micrometer-core}. Generation-neutral: it names the adapters' types by string only.
 */
class TelegramLoginHealthAutoConfigurationTests {

	private static final String SECRET = "0123456789abcdef0123456789abcdef";

	private static final String BOOT4_HEALTH_INDICATOR = "org.springframework.boot.health.contributor.HealthIndicator";

	private static final String BOOT3_HEALTH_INDICATOR = "org.springframework.boot.actuate.health.HealthIndicator";

	/** The health indicator type of the Boot generation the tests run on. */
	private static final String HEALTH_INDICATOR = ClassUtils.isPresent(BOOT4_HEALTH_INDICATOR, null)
			? BOOT4_HEALTH_INDICATOR : BOOT3_HEALTH_INDICATOR;

	/** The adapter the tests expect for that generation. */
	private static final String ADAPTER = HEALTH_INDICATOR.equals(BOOT4_HEALTH_INDICATOR)
			? "dev.tglogin.autoconfigure.UpstreamHealthIndicator"
			: "dev.tglogin.autoconfigure.Boot3UpstreamHealthIndicator";

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(BootClasses.securityWithTelegramLogin())
		.withConfiguration(AutoConfigurations.of(TelegramLoginHealthAutoConfiguration.class));

	@Test
	void contextWhenBondifyFlowOnThenBondifyIndicatorOnly() {
		this.runner.withPropertyValues("tglogin.bondify.project-id=proj_test", "tglogin.bondify.secret=" + SECRET)
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.hasSingleBean(UpstreamCallOutcomes.class)
					.hasBean("bondifyUpstreamHealthIndicator")
					.doesNotHaveBean("xellarUpstreamHealthIndicator");
				assertThat(context.getBean("bondifyUpstreamHealthIndicator"))
					.isInstanceOf(ClassUtils.resolveClassName(HEALTH_INDICATOR, null))
					.isInstanceOf(ClassUtils.resolveClassName(ADAPTER, null));
				assertThat(context.getBeansOfType(ClassUtils.resolveClassName(HEALTH_INDICATOR, null)))
					.containsOnlyKeys("bondifyUpstreamHealthIndicator");
			});
	}

	@Test
	void contextWhenXellarFlowOnThenXellarIndicatorOnly() {
		this.runner.withPropertyValues("tglogin.xellar.client-secret=xs_test").run((context) -> {
			assertThat(context).hasNotFailed()
				.hasBean("xellarUpstreamHealthIndicator")
				.doesNotHaveBean("bondifyUpstreamHealthIndicator");
			assertThat(context.getBean("xellarUpstreamHealthIndicator"))
				.isInstanceOf(ClassUtils.resolveClassName(ADAPTER, null));
		});
	}

	@Test
	void contextWhenNoFlowThenNoIndicator() {
		this.runner.run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(UpstreamCallOutcomes.class)
			.doesNotHaveBean("bondifyUpstreamHealthIndicator")
			.doesNotHaveBean("xellarUpstreamHealthIndicator"));
	}

	@Test
	void contextWhenNoHealthSupportThenNoIndicatorAndTheFlowWorks() {
		this.runner.withClassLoader(new FilteredClassLoader(HEALTH_INDICATOR))
			.withPropertyValues("tglogin.bondify.project-id=proj_test", "tglogin.bondify.secret=" + SECRET)
			.run((context) -> assertThat(context).hasNotFailed()
				.hasBean("telegramLoginSecurityFilterChain")
				.doesNotHaveBean(UpstreamCallOutcomes.class)
				.doesNotHaveBean("bondifyUpstreamHealthIndicator"));
	}

	@Test
	void contextWhenNoMicrometerCoreThenTheFlowWorksWithoutMeters() {
		this.runner.withClassLoader(new FilteredClassLoader("io.micrometer.core"))
			.withPropertyValues("tglogin.bondify.project-id=proj_test", "tglogin.bondify.secret=" + SECRET)
			.run((context) -> assertThat(context).hasNotFailed().hasBean("telegramLoginSecurityFilterChain"));
	}

	@Test
	void contextWhenAppDefinesTheIndicatorThenBacksOff() {
		this.runner.withPropertyValues("tglogin.bondify.project-id=proj_test", "tglogin.bondify.secret=" + SECRET)
			.withBean("bondifyUpstreamHealthIndicator", String.class, () -> "mine")
			.run((context) -> assertThat(context.getBean("bondifyUpstreamHealthIndicator")).isEqualTo("mine"));
	}

	@Test
	void contextWhenObservationRegistryBeanThenBootsClientsObserved() {
		TestObservationRegistry registry = TestObservationRegistry.create();
		this.runner.withPropertyValues("tglogin.bondify.project-id=proj_test", "tglogin.bondify.secret=" + SECRET,
				"tglogin.bondify.base-url=http://127.0.0.1:9")
			.withBean(ObservationRegistry.class, () -> registry)
			.run((context) -> {
				dev.tglogin.bondify.BondifyClient client = context.getBean(dev.tglogin.bondify.BondifyClient.class);
				org.assertj.core.api.Assertions.catchThrowable(client::generate);
				io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat(registry)
					.hasSingleObservationThat()
					.hasLowCardinalityKeyValue("upstream", "bondify")
					.hasLowCardinalityKeyValue("operation", "generate")
					.hasLowCardinalityKeyValue("outcome", "io_error");
			});
	}

}
