package dev.tglogin.autoconfigure;

import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import dev.tglogin.observation.UpstreamCallOutcomes;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The health indicators' auto-configuration ({@link TelegramLoginHealthAutoConfiguration}): one per upstream whose flow is on, only with Boot's health support on
 * the classpath, the upstream clients built by Boot observed in the app's {@link ObservationRegistry}, and nothing
 * failing without Micrometer's {@code micrometer-core}.
 */
class TelegramLoginHealthAutoConfigurationTests {

	private static final String SECRET = "0123456789abcdef0123456789abcdef";

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
			});
	}

	@Test
	void contextWhenXellarFlowOnThenXellarIndicatorOnly() {
		this.runner.withPropertyValues("tglogin.xellar.client-secret=xs_test").run((context) -> {
			assertThat(context).hasNotFailed()
				.hasBean("xellarUpstreamHealthIndicator")
				.doesNotHaveBean("bondifyUpstreamHealthIndicator");
		});
	}

	@Test
	void contextWhenNoFlowThenNoIndicator() {
		this.runner.run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(UpstreamCallOutcomes.class)
			.doesNotHaveBean(UpstreamHealthIndicator.class));
	}

	@Test
	void contextWhenNoHealthSupportThenNoIndicatorAndTheFlowWorks() {
		this.runner.withClassLoader(new FilteredClassLoader(UpstreamHealthIndicator.HEALTH_INDICATOR_CLASS))
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
