package dev.tglogin.observation;

import java.util.Locale;

import io.micrometer.common.KeyValues;

/**
 * The default convention of login attempt observations: named {@value #NAME}, with the low-cardinality key values
 * {@code flow} ({@code bondify}, {@code xellar}) and {@code outcome} ({@code success} or the error code the attempt
 * failed with, e.g. {@code invalid_proof}, {@code invalid_otp}, {@code otp_expired}, {@code upstream_timeout}).
 */
public class DefaultLoginAttemptObservationConvention implements LoginAttemptObservationConvention {

	/** The observation's name (a timer {@code tglogin.login.attempts} with Micrometer's meter handler). */
	public static final String NAME = "tglogin.login.attempts";

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(LoginAttemptContext context) {
		return "tglogin " + flow(context) + " login";
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(LoginAttemptContext context) {
		String outcome = context.getOutcome();
		return KeyValues.of("flow", flow(context), "outcome", (outcome != null) ? outcome : "unknown");
	}

	private static String flow(LoginAttemptContext context) {
		return context.getFlow().name().toLowerCase(Locale.ROOT);
	}

}
