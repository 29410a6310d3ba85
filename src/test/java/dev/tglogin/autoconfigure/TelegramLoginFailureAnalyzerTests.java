package dev.tglogin.autoconfigure;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.core.io.support.SpringFactoriesLoader;

import dev.tglogin.core.TelegramLoginConfigurationException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TelegramLoginFailureAnalyzer}.
 */
class TelegramLoginFailureAnalyzerTests {

	@Test
	void analyzeWhenConfigurationExceptionThenEachProblemInTheDescriptionAndAnAction() {
		TelegramLoginConfigurationException ex = new TelegramLoginConfigurationException("Invalid",
				List.of("Bondify login is half-configured: tglogin.bondify.secret is missing",
						"tglogin.xellar.api-version must be v1 or v2 (got 'v3')"));
		FailureAnalysis analysis = new TelegramLoginFailureAnalyzer()
			.analyze(new IllegalStateException("wrapped", ex));
		assertThat(analysis.getDescription()).contains("tglogin.bondify.secret is missing")
			.contains("tglogin.xellar.api-version");
		assertThat(analysis.getAction()).contains("tglogin.bondify.project-id").contains("tglogin.emulator.enabled");
		assertThat(analysis.getCause()).isSameAs(ex);
	}

	@Test
	void analyzeWhenAnotherFailureThenNoAnalysis() {
		assertThat(new TelegramLoginFailureAnalyzer().analyze(new IllegalStateException("other"))).isNull();
	}

	@Test
	@SuppressWarnings("deprecation")
	void analyzerIsRegisteredForSpringBoot() {
		assertThat(SpringFactoriesLoader.loadFactoryNames(FailureAnalyzer.class, getClass().getClassLoader()))
			.contains(TelegramLoginFailureAnalyzer.class.getName());
	}

	@Test
	void startWhenBondifyIsHalfConfiguredThenTheStartupFailureIsAConfigurationException() {
		new WebApplicationContextRunner().withConfiguration(BootClasses.securityWithTelegramLogin())
			.withPropertyValues("tglogin.bondify.project-id=proj_only")
			.run((context) -> {
				Throwable cause = context.getStartupFailure();
				while (cause != null && !(cause instanceof TelegramLoginConfigurationException)) {
					cause = cause.getCause();
				}
				assertThat(cause).isInstanceOf(TelegramLoginConfigurationException.class);
				assertThat(((TelegramLoginConfigurationException) cause).getProblems())
					.contains("Bondify login is half-configured: tglogin.bondify.secret is missing");
				assertThat(new TelegramLoginFailureAnalyzer().analyze(context.getStartupFailure()).getDescription())
					.contains("tglogin.bondify.secret is missing");
			});
	}

}
