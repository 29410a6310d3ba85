package dev.tglogin.autoconfigure;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class OnTelegramLoginFlowConditionTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(FlowConfig.class);

	@Test
	void matchesWhenNoFlowSettingThenNot() {
		this.runner.withPropertyValues("tglogin.emulator.enabled=false", "tglogin.base-path=/tg")
			.run((context) -> assertThat(context).doesNotHaveBean("flow"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "tglogin.bondify.project-id=proj_x", "tglogin.xellar.client-secret=s",
			"tglogin.mini-app.bot-token=1:abc", "tglogin.mini-app.bot-id=1", "tglogin.telegram.client-id=1",
			"tglogin.emulator.enabled=true" })
	void matchesWhenOneFlowSettingThenMatches(String setting) {
		this.runner.withPropertyValues(setting).run((context) -> assertThat(context).hasBean("flow"));
	}

	@Configuration(proxyBeanMethods = false)
	static class FlowConfig {

		@Bean
		@Conditional(OnTelegramLoginFlowCondition.class)
		String flow() {
			return "on";
		}

	}

}
