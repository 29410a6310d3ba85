package dev.tglogin.config;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.util.Assert;

import dev.tglogin.core.TelegramLoginFlow;
import dev.tglogin.observation.DefaultLoginAttemptObservationConvention;
import dev.tglogin.observation.LoginAttemptContext;
import dev.tglogin.observation.LoginAttemptObservationConvention;
import dev.tglogin.web.TelegramLoginError;

/**
 * A flow's authentication provider observed: every attempt it is handed (a Bondify proof or webhook confirmation, a
 * Xellar code) is a {@value DefaultLoginAttemptObservationConvention#NAME} observation with the flow and the outcome
 * ({@code success} or the error code of the HTTP contract the failure maps to). Built by the configurers only when
 * the {@code ObservationRegistry} is not the no-op one.
 * <p>
 * This class is thread-safe.
 */
final class ObservedAuthenticationProvider implements AuthenticationProvider {

	private static final LoginAttemptObservationConvention DEFAULT_CONVENTION =
			new DefaultLoginAttemptObservationConvention();

	private final AuthenticationProvider delegate;

	private final TelegramLoginFlow flow;

	private final ObservationRegistry registry;

	ObservedAuthenticationProvider(AuthenticationProvider delegate, TelegramLoginFlow flow,
			ObservationRegistry registry) {
		Assert.notNull(delegate, "delegate cannot be null");
		Assert.notNull(flow, "flow cannot be null");
		Assert.notNull(registry, "registry cannot be null");
		this.delegate = delegate;
		this.flow = flow;
		this.registry = registry;
	}

	@Override
	public @Nullable Authentication authenticate(Authentication authentication) throws AuthenticationException {
		LoginAttemptContext context = new LoginAttemptContext(this.flow);
		Observation observation = Observation
			.createNotStarted(null, DEFAULT_CONVENTION, () -> context, this.registry)
			.start();
		try (Observation.Scope scope = observation.openScope()) {
			Authentication result = this.delegate.authenticate(authentication);
			context.setOutcome(LoginAttemptContext.SUCCESS);
			return result;
		}
		catch (RuntimeException ex) {
			context.setOutcome(TelegramLoginError.from(ex).code());
			observation.error(ex);
			throw ex;
		}
		finally {
			observation.stop();
		}
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return this.delegate.supports(authentication);
	}

	@Override
	public String toString() {
		return "Observed[" + this.delegate + "]";
	}

}
