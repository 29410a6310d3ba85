package dev.tglogin.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import dev.tglogin.xellar.HttpXellarClient;
import dev.tglogin.xellar.XellarClient;
import dev.tglogin.xellar.XellarWalletService;

/**
 * The Xellar flow's collaborators from the {@code tglogin.xellar.*} properties, when a client secret is set: the
 * client and the wallet service. Each backs off when the app defines its own.
 */
@Configuration(proxyBeanMethods = false)
@Import(UpstreamHttpClientsConfiguration.class)
@ConditionalOnProperty(prefix = "tglogin.xellar", name = "client-secret")
class XellarConfiguration {

	@Bean
	@ConditionalOnMissingBean
	XellarClient xellarClient(TelegramLoginProperties properties, UpstreamHttpClients upstreamHttpClients) {
		TelegramLoginProperties.Xellar xellar = properties.getXellar();
		HttpXellarClient client = new HttpXellarClient(upstreamHttpClients.create("xellar"), xellar.getBaseUrl(),
				xellar.getApiVersion(), xellar.getClientSecret());
		client.setSendOtpPath(xellar.getSendOtpPath());
		client.setPhoneNumberFormat(xellar.getPhoneNumberFormat());
		return client;
	}

	@Bean
	@ConditionalOnMissingBean
	XellarWalletService xellarWalletService(XellarClient client) {
		return new XellarWalletService(client);
	}

}
