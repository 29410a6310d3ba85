package dev.tglogin.web.xellar;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;

import dev.tglogin.store.InMemoryTelegramLoginStore;
import dev.tglogin.store.StoreKeys;
import dev.tglogin.web.HttpSessionPendingLoginRepository;
import dev.tglogin.web.PendingXellarLogin;
import dev.tglogin.xellar.ExpiredVerificationException;
import dev.tglogin.xellar.TooManyOtpAttemptsException;
import dev.tglogin.xellar.XellarOtpAuthenticationToken;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The failures {@link XellarLoginFilter} decides itself, without asking the authentication manager, are published as
 * authentication failure events, with the code and verification token erased.
 */
class XellarLoginFilterEventsTests {

	private static final String VERIFICATION = "verification-token-of-this-browser";

	private final HttpSessionPendingLoginRepository pendingLogins = new HttpSessionPendingLoginRepository();

	private final InMemoryTelegramLoginStore store = new InMemoryTelegramLoginStore();

	private final List<AuthenticationException> failures = new ArrayList<>();

	private final List<Authentication> attempts = new ArrayList<>();

	private Instant expiresAt = Instant.now();

	private final AuthenticationManager manager = (authentication) -> {
		throw new AssertionError("Xellar must not be asked");
	};

	@Test
	void doFilterWhenAnAttemptBeyondTheLimitThenTooManyAttemptsIsPublishedAndXellarIsNotAsked() throws Exception {
		XellarLoginFilter filter = filter(Instant.now().plusSeconds(300));
		filter.setMaxAttempts(1);
		// a parallel submission of the same code took the only attempt
		this.store.increment(StoreKeys.key(XellarLoginFilter.ATTEMPTS_NAMESPACE, VERIFICATION),
				Instant.now().plusSeconds(300));
		MockHttpServletResponse response = submit(filter);
		assertThat(response.getStatus()).isEqualTo(429);
		assertThat(this.failures).singleElement().isInstanceOf(TooManyOtpAttemptsException.class);
		assertThat(this.attempts).singleElement().satisfies((attempt) -> {
			assertThat(attempt).isInstanceOf(XellarOtpAuthenticationToken.class);
			assertThat(attempt.getCredentials()).isNull();
			assertThat(((XellarOtpAuthenticationToken) attempt).getVerificationToken()).isNull();
		});
	}

	@Test
	void doFilterWhenThePendingLoginHasExpiredThenExpiredVerificationIsPublished() throws Exception {
		MockHttpServletResponse response = submit(filter(Instant.now().minusSeconds(1)));
		assertThat(response.getStatus()).isEqualTo(401);
		assertThat(response.getContentAsString()).contains("\"otp_expired\"");
		assertThat(this.failures).singleElement().isInstanceOf(ExpiredVerificationException.class);
	}

	private XellarLoginFilter filter(Instant expiresAt) {
		XellarLoginFilter filter = new XellarLoginFilter("/login/telegram/otp/verify", this.pendingLogins, this.store,
				this.manager);
		filter.setAuthenticationEventPublisher(new AuthenticationEventPublisher() {

			@Override
			public void publishAuthenticationSuccess(Authentication authentication) {
			}

			@Override
			public void publishAuthenticationFailure(AuthenticationException exception, Authentication authentication) {
				XellarLoginFilterEventsTests.this.failures.add(exception);
				XellarLoginFilterEventsTests.this.attempts.add(authentication);
			}

		});
		this.expiresAt = expiresAt;
		return filter;
	}

	private MockHttpServletResponse submit(XellarLoginFilter filter) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/login/telegram/otp/verify");
		request.setContentType("application/json");
		request.setContent("{\"otp\":\"123456\"}".getBytes(StandardCharsets.UTF_8));
		this.pendingLogins.save(new PendingXellarLogin(VERIFICATION, "+15550001234", this.expiresAt), request,
				new MockHttpServletResponse());
		MockHttpServletResponse response = new MockHttpServletResponse();
		filter.doFilter(request, response, new MockFilterChain());
		return response;
	}

}
