package dev.tglogin.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

import dev.tglogin.observation.UpstreamCallOutcomes;

/**
 * Auto-configuration of the upstream health indicators. With Spring Boot's health support on the classpath
 * (Actuator) and a flow on ({@link TelegramLoginAutoConfiguration}'s conditions): an {@link UpstreamCallOutcomes}
 * bean, an {@code ObservationHandler} that Boot registers on its {@code ObservationRegistry} so that it sees every
 * upstream call, and a health indicator per upstream whose flow is on ({@code bondifyUpstream},
 * {@code xellarUpstream}) that reports the recent failure rate of the real calls. Each backs off when the app
 * defines a bean of that name (or its own {@link UpstreamCallOutcomes}).
 */
@AutoConfiguration(after = TelegramLoginAutoConfiguration.class)
@ConditionalOnClass(name = UpstreamHealthIndicator.HEALTH_INDICATOR_CLASS)
@Conditional(OnTelegramLoginFlowCondition.class)
public final class TelegramLoginHealthAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	UpstreamCallOutcomes telegramLoginUpstreamCallOutcomes() {
		return new UpstreamCallOutcomes();
	}

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
