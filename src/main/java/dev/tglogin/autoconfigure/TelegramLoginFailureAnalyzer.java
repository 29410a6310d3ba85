package dev.tglogin.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import dev.tglogin.core.TelegramLoginConfigurationException;

/**
 * Turns a {@link TelegramLoginConfigurationException} at start-up into Spring Boot's failure report: what is wrong,
 * property by property, and what to do about it.
 */
final class TelegramLoginFailureAnalyzer extends AbstractFailureAnalyzer<TelegramLoginConfigurationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, TelegramLoginConfigurationException cause) {
		StringBuilder description = new StringBuilder("Telegram login (tglogin) is not configured correctly:");
		for (String problem : cause.getProblems()) {
			description.append(System.lineSeparator()).append("    - ").append(problem);
		}
		String action = "Fix the tglogin.* properties named above. A flow is on when its credentials are set: "
				+ "tglogin.bondify.project-id with tglogin.bondify.secret for Bondify, tglogin.xellar.client-secret "
				+ "for Xellar; remove them all to leave Telegram login off, or set tglogin.emulator.enabled=true "
				+ "(and nothing else) to develop against the local emulator.";
		return new FailureAnalysis(description.toString(), action, cause);
	}

}
