package dev.tglogin.core;

import java.io.Serial;
import java.util.List;

import org.springframework.util.Assert;

/**
 * Telegram login is configured wrongly: a flow is half-configured, a value is out of range, the emulator is combined
 * with real credentials. Thrown at start-up; each {@linkplain #getProblems() problem} names the property to fix. With
 * Spring Boot, a failure analyzer turns it into a start-up report with a description and an action.
 */
public class TelegramLoginConfigurationException extends IllegalStateException {

	@Serial
	private static final long serialVersionUID = 1L;

	private final List<String> problems;

	/**
	 * Creates the exception.
	 * @param message the message
	 * @param problems what is wrong, each naming a property; at least one
	 */
	public TelegramLoginConfigurationException(String message, List<String> problems) {
		super(message);
		Assert.notEmpty(problems, "problems cannot be empty");
		this.problems = List.copyOf(problems);
	}

	/**
	 * Creates the exception for one problem, which is also its message.
	 * @param problem what is wrong, naming a property
	 * @return the exception
	 */
	public static TelegramLoginConfigurationException of(String problem) {
		return new TelegramLoginConfigurationException(problem, List.of(problem));
	}

	/** Returns what is wrong, each problem naming a property. */
	public List<String> getProblems() {
		return this.problems;
	}

}
