package dev.tglogin.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import dev.tglogin.bondify.BondifyClient;
import dev.tglogin.bondify.BondifyProofVerifier;
import dev.tglogin.bondify.BondifyWebhookVerifier;
import dev.tglogin.bondify.HttpBondifyClient;

/**
 * The Bondify flow's collaborators from the {@code tglogin.bondify.*} properties, when a project id is set: the proof
 * and webhook verifiers and the client. Each backs off when the app defines its own; the {@code telegramLogin()} DSL
 * builds the provider from them.
 */
@Configuration(proxyBeanMethods = false)
@Import(UpstreamHttpClientsConfiguration.class)
@ConditionalOnProperty(prefix = "tglogin.bondify", name = "project-id")
class BondifyConfiguration {

	@Bean
	@ConditionalOnMissingBean
	BondifyProofVerifier bondifyProofVerifier(TelegramLoginProperties properties) {
		BondifyProofVerifier verifier = new BondifyProofVerifier(properties.getBondify().getProjectId(),
				properties.getBondify().getSecret());
		verifier.setAdditionalSecrets(properties.getBondify().additionalSecretBytes());
		return verifier;
	}

	@Bean
	@ConditionalOnMissingBean
	BondifyWebhookVerifier bondifyWebhookVerifier(TelegramLoginProperties properties) {
		BondifyWebhookVerifier verifier = new BondifyWebhookVerifier(properties.getBondify().getSecret());
		verifier.setAdditionalSecrets(properties.getBondify().additionalSecretBytes());
		return verifier;
	}

	@Bean
	@ConditionalOnMissingBean
	BondifyClient bondifyClient(TelegramLoginProperties properties, UpstreamHttpClients upstreamHttpClients) {
		return new HttpBondifyClient(upstreamHttpClients.create("bondify"), properties.getBondify().getBaseUrl(),
				properties.getBondify().getProjectId());
	}

}
