package dev.tglogin.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

import dev.tglogin.observation.UpstreamCallOutcomes;

/**
 * Auto-configuration of the upstream health indicators. With Spring Boot's health support on the classpath
 * (Actuator: Boot 4's {@code org.springframework.boot.health.contributor} or Boot 3's
 * {@code org.springframework.boot.actuate.health}; the one jar carries an adapter for each) and a flow on
 * ({@link OnTelegramLoginFlowCondition}): an {@link UpstreamCallOutcomes} bean, an {@code ObservationHandler} that Boot registers on its {@code ObservationRegistry} so that it sees every
 * upstream call, and a health indicator per upstream whose flow is on ({@code bondifyUpstream},
 * {@code xellarUpstream}) that reports the recent failure rate of the real calls. Each backs off when the app
 * defines a bean of that name (or its own {@link UpstreamCallOutcomes}).
 */
@AutoConfiguration(after = TelegramLoginAutoConfiguration.class)
@Conditional({ TelegramLoginHealthAutoConfiguration.OnHealthSupport.class, OnTelegramLoginFlowCondition.class })
public final class TelegramLoginHealthAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	UpstreamCallOutcomes telegramLoginUpstreamCallOutcomes() {
		return new UpstreamCallOutcomes();
	}

	/** Spring Boot 4's indicators ({@code org.springframework.boot.health.contributor}). */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = UpstreamHealthIndicator.HEALTH_INDICATOR_CLASS)
	static final class Boot4Indicators {

		@Bean
		@ConditionalOnMissingBean(name = "bondifyUpstreamHealthIndicator")
		@Conditional(OnBondifyFlow.class)
		UpstreamHealthIndicator bondifyUpstreamHealthIndicator(UpstreamCallOutcomes outcomes) {
			return new UpstreamHealthIndicator(outcomes, "bondify");
		}

		@Bean
		@ConditionalOnMissingBean(name = "xellarUpstreamHealthIndicator")
		@Conditional(OnXellarFlow.class)
		UpstreamHealthIndicator xellarUpstreamHealthIndicator(UpstreamCallOutcomes outcomes) {
			return new UpstreamHealthIndicator(outcomes, "xellar");
		}

	}

	/**
	 * Spring Boot 3's indicators ({@code org.springframework.boot.actuate.health}). A class of its own, read by its
	 * condition before it is loaded, so that Boot 4 never loads a type that names Boot 3's health API.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = Boot3UpstreamHealthIndicator.HEALTH_INDICATOR_CLASS)
	static final class Boot3Indicators {

		@Bean
		@ConditionalOnMissingBean(name = "bondifyUpstreamHealthIndicator")
		@Conditional(OnBondifyFlow.class)
		Boot3UpstreamHealthIndicator bondifyUpstreamHealthIndicator(UpstreamCallOutcomes outcomes) {
			return new Boot3UpstreamHealthIndicator(outcomes, "bondify");
		}

		@Bean
		@ConditionalOnMissingBean(name = "xellarUpstreamHealthIndicator")
		@Conditional(OnXellarFlow.class)
		Boot3UpstreamHealthIndicator xellarUpstreamHealthIndicator(UpstreamCallOutcomes outcomes) {
			return new Boot3UpstreamHealthIndicator(outcomes, "xellar");
		}

	}

	/** Spring Boot 4's or Spring Boot 3's health support is on the classpath. */
	static final class OnHealthSupport extends AnyNestedCondition {

		OnHealthSupport() {
			super(ConfigurationPhase.PARSE_CONFIGURATION);
		}

		@ConditionalOnClass(name = UpstreamHealthIndicator.HEALTH_INDICATOR_CLASS)
		static final class Boot4 {

		}

		@ConditionalOnClass(name = Boot3UpstreamHealthIndicator.HEALTH_INDICATOR_CLASS)
		static final class Boot3 {

		}

	}

	/** The Bondify flow is on: its project id, or the emulator. */
	static final class OnBondifyFlow extends AnyNestedCondition {

		OnBondifyFlow() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnProperty(prefix = "tglogin.bondify", name = "project-id")
		static final class Bondify {

		}

		@ConditionalOnProperty(prefix = "tglogin.emulator", name = "enabled", havingValue = "true")
		static final class Emulator {

		}

	}

	/** The Xellar flow is on: its client secret, or the emulator. */
	static final class OnXellarFlow extends AnyNestedCondition {

		OnXellarFlow() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnProperty(prefix = "tglogin.xellar", name = "client-secret")
		static final class Xellar {

		}

		@ConditionalOnProperty(prefix = "tglogin.emulator", name = "enabled", havingValue = "true")
		static final class Emulator {

		}

	}

}
