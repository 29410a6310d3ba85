package dev.tglogin.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import dev.tglogin.xellar.HttpXellarClient;
import dev.tglogin.xellar.XellarClient;
import dev.tglogin.xellar.XellarWalletService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

class XellarConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(PropertiesConfig.class, XellarConfiguration.class);

	@Test
	void beansWhenNoClientSecretThenNone() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(XellarClient.class)
			.doesNotHaveBean(XellarWalletService.class));
	}

	@Test
	void beansWhenClientSecretThenClientAndWalletService() {
		this.runner.withPropertyValues("tglogin.xellar.client-secret=xellar-config-secret")
			.run((context) -> {
				assertThat(context.getBean(XellarClient.class)).isInstanceOf(HttpXellarClient.class);
				assertThat(context).hasSingleBean(XellarWalletService.class);
			});
	}

	@Test
	void clientWhenTheAppDefinesOneThenItBacksOffAndTheWalletServiceUsesIt() {
		XellarClient own = mock(XellarClient.class);
		this.runner.withPropertyValues("tglogin.xellar.client-secret=xellar-config-secret")
			.withBean(XellarClient.class, () -> own)
			.run((context) -> {
				assertThat(context.getBean(XellarClient.class)).isSameAs(own);
				assertThat(context).hasSingleBean(XellarWalletService.class);
			});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(TelegramLoginProperties.class)
	static class PropertiesConfig {

	}

}
