package dev.tglogin.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import dev.tglogin.bondify.BondifyClient;
import dev.tglogin.bondify.BondifyProofVerifier;
import dev.tglogin.bondify.BondifyWebhookVerifier;
import dev.tglogin.bondify.HttpBondifyClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

class BondifyConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(PropertiesConfig.class, BondifyConfiguration.class);

	@Test
	void beansWhenNoProjectIdThenNone() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(BondifyClient.class)
				.doesNotHaveBean(BondifyProofVerifier.class)
				.doesNotHaveBean(BondifyWebhookVerifier.class));
	}

	@Test
	void beansWhenProjectIdAndSecretThenClientAndVerifiers() {
		this.runner
			.withPropertyValues("tglogin.bondify.project-id=proj_config",
					"tglogin.bondify.secret=0123456789abcdef0123456789abcdef")
			.run((context) -> {
				assertThat(context.getBean(BondifyClient.class)).isInstanceOf(HttpBondifyClient.class);
				assertThat(context).hasSingleBean(BondifyProofVerifier.class).hasSingleBean(BondifyWebhookVerifier.class);
			});
	}

	@Test
	void clientWhenTheAppDefinesOneThenItBacksOff() {
		BondifyClient own = mock(BondifyClient.class);
		this.runner
			.withPropertyValues("tglogin.bondify.project-id=proj_config",
					"tglogin.bondify.secret=0123456789abcdef0123456789abcdef")
			.withBean(BondifyClient.class, () -> own)
			.run((context) -> assertThat(context.getBean(BondifyClient.class)).isSameAs(own));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(TelegramLoginProperties.class)
	static class PropertiesConfig {

	}

}
