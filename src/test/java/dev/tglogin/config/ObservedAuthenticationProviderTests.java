package dev.tglogin.config;

import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;

import dev.tglogin.core.TelegramLoginFlow;
import dev.tglogin.core.UpstreamTimeoutException;
import dev.tglogin.xellar.WrongOtpException;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link ObservedAuthenticationProvider}.
 */
class ObservedAuthenticationProviderTests {

	private final TestObservationRegistry registry = TestObservationRegistry.create();

	private final TestingAuthenticationToken token = new TestingAuthenticationToken("user", "secret-otp-424242");

	@Test
	void authenticateWhenDelegateAuthenticatesThenSuccessObserved() {
		Authentication result = new TestingAuthenticationToken("user", null, "ROLE_USER");
		Authentication authenticated = observed(answering(result), TelegramLoginFlow.BONDIFY).authenticate(this.token);
		assertThat(authenticated).isSameAs(result);
		assertThat(this.registry).hasSingleObservationThat()
			.hasNameEqualTo("tglogin.login.attempts")
			.hasLowCardinalityKeyValue("flow", "bondify")
			.hasLowCardinalityKeyValue("outcome", "success")
			.doesNotHaveError();
	}

	@Test
	void authenticateWhenWrongCodeThenItsErrorCodeObservedAndRethrown() {
		assertThatExceptionOfType(WrongOtpException.class)
			.isThrownBy(() -> observed(failing(new WrongOtpException()), TelegramLoginFlow.XELLAR)
				.authenticate(this.token));
		assertThat(this.registry).hasSingleObservationThat()
			.hasLowCardinalityKeyValue("flow", "xellar")
			.hasLowCardinalityKeyValue("outcome", "invalid_otp")
			.hasError();
	}

	@Test
	void authenticateWhenUpstreamTimesOutThenUpstreamTimeoutObserved() {
		assertThatExceptionOfType(UpstreamTimeoutException.class).isThrownBy(() -> observed(
				failing(new UpstreamTimeoutException("xellar", "no answer", null)), TelegramLoginFlow.XELLAR)
			.authenticate(this.token));
		assertThat(this.registry).hasSingleObservationThat().hasLowCardinalityKeyValue("outcome", "upstream_timeout");
	}

	@Test
	void authenticateWhenRefusedThenNoCredentialInTheObservation() {
		try {
			observed(failing(new BadCredentialsException("refused")), TelegramLoginFlow.BONDIFY).authenticate(this.token);
		}
		catch (AuthenticationException ex) {
			// expected
		}
		assertThat(this.registry).hasSingleObservationThat()
			.hasLowCardinalityKeyValue("outcome", "login_refused")
			.doesNotHaveLowCardinalityKeyValueWithKey("principal")
			.satisfies((context) -> assertThat(context.getAllKeyValues().toString()).doesNotContain("secret-otp"));
	}

	@Test
	void supportsWhenAskedThenTheDelegatesAnswer() {
		ObservedAuthenticationProvider provider = observed(answering(this.token), TelegramLoginFlow.BONDIFY);
		assertThat(provider.supports(TestingAuthenticationToken.class)).isTrue();
		assertThat(provider.supports(String.class)).isFalse();
		assertThat(this.registry).doesNotHaveAnyObservation();
	}

	private ObservedAuthenticationProvider observed(AuthenticationProvider delegate, TelegramLoginFlow flow) {
		return new ObservedAuthenticationProvider(delegate, flow, this.registry);
	}

	private static AuthenticationProvider answering(Authentication result) {
		return provider(() -> result);
	}

	private static AuthenticationProvider failing(RuntimeException failure) {
		return provider(() -> {
			throw failure;
		});
	}

	private static AuthenticationProvider provider(java.util.function.Supplier<Authentication> answer) {
		return new AuthenticationProvider() {

			@Override
			public Authentication authenticate(Authentication authentication) {
				return answer.get();
			}

			@Override
			public boolean supports(Class<?> authentication) {
				return TestingAuthenticationToken.class.isAssignableFrom(authentication);
			}

		};
	}

}
