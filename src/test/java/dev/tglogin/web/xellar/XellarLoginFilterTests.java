package dev.tglogin.web.xellar;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;

import dev.tglogin.core.TelegramAuthenticationToken;
import dev.tglogin.core.TelegramLoginFlow;
import dev.tglogin.core.TelegramUser;
import dev.tglogin.core.UpstreamException;
import dev.tglogin.core.UpstreamTimeoutException;
import dev.tglogin.store.InMemoryTelegramLoginStore;
import dev.tglogin.store.StoreKeys;
import dev.tglogin.test.MutableClock;
import dev.tglogin.test.TestStores;
import dev.tglogin.web.FilterCalls;
import dev.tglogin.web.HttpSessionPendingLoginRepository;
import dev.tglogin.web.PendingXellarLogin;
import dev.tglogin.web.TelegramLoginLogoutHandler;
import dev.tglogin.web.throttle.LoginThrottle;
import dev.tglogin.web.throttle.ThrottleLimit;
import dev.tglogin.xellar.ExpiredVerificationException;
import dev.tglogin.xellar.WrongOtpException;
import dev.tglogin.xellar.XellarOtpAuthenticationToken;
import dev.tglogin.xellar.XellarWalletCredentials;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link XellarLoginFilter}.
 */
class XellarLoginFilterTests {

	private static final String VERIFY_URL = "/login/telegram/otp/verify";

	private static final String VERIFICATION_TOKEN = "xv_pending_of_this_browser";

	private static final String PHONE = "+447700900123";

	private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));

	private final HttpSessionPendingLoginRepository pendingLogins = new HttpSessionPendingLoginRepository();

	private final InMemoryTelegramLoginStore store = TestStores.inMemory(this.clock);

	private final MockHttpSession session = new MockHttpSession();

	private final List<XellarOtpAuthenticationToken> asked = new ArrayList<>();

	private final AuthenticationManager accepting = (authentication) -> {
		this.asked.add((XellarOtpAuthenticationToken) authentication);
		TelegramUser user = TelegramUser.withId(TelegramLoginFlow.XELLAR, "42").displayName("Ada").build();
		return TelegramAuthenticationToken.authenticated(user, user, XellarWalletCredentials.noWallet("xa_access"),
				AuthorityUtils.createAuthorityList("ROLE_USER"));
	};

	private final AuthenticationManager wrongCode = (authentication) -> {
		this.asked.add((XellarOtpAuthenticationToken) authentication);
		throw new WrongOtpException();
	};

	@BeforeEach
	@AfterEach
	void clearContext() {
		SecurityContextHolder.clearContext();
	}

	@Test
	void doFilterWhenNoPendingLoginThenConflictAndTheManagerIsNotAsked() throws Exception {
		MockHttpServletResponse response = post(filter(this.accepting), verifyRequest("123456"));
		assertThat(response.getStatus()).isEqualTo(409);
		assertThat(json(response)).containsEntry("error", "no_pending_login");
		assertThat(this.asked).isEmpty();
	}

	@Test
	void doFilterWhenCodeAcceptedThenLoggedInAndThePendingLoginConsumed() throws Exception {
		MockHttpServletRequest request = verifyRequest(" 123456 ");
		pending(request, this.clock.instant().plusSeconds(300));
		MockHttpServletResponse response = post(filter(this.accepting), request);
		assertThat(response.getStatus()).isEqualTo(200);
		Map<String, Object> json = json(response);
		assertThat(json).containsEntry("status", "confirmed")
			.containsEntry("redirectUrl", "/")
			.containsEntry("walletCreated", false)
			.containsEntry("user", Map.of("id", "42", "name", "Ada"));
		assertThat(this.asked).singleElement().satisfies((token) -> {
			assertThat(token.getPrincipal()).isEqualTo(PHONE);
			assertThat(token.getVerificationToken()).isEqualTo(VERIFICATION_TOKEN);
			assertThat(token.getCredentials()).isEqualTo("123456");
		});
		assertThat(this.pendingLogins.load(request, PendingXellarLogin.class)).isNull();
		assertThat(SecurityContextHolder.getContext().getAuthentication())
			.isInstanceOf(TelegramAuthenticationToken.class);
	}

	@Test
	void doFilterWhenCodeIsNotDigitsThenBadRequestAndNoAttemptCounted() throws Exception {
		MockHttpServletRequest request = verifyRequest("12ab56");
		pending(request, this.clock.instant().plusSeconds(300));
		MockHttpServletResponse response = post(filter(this.accepting), request);
		assertThat(response.getStatus()).isEqualTo(400);
		assertThat(json(response)).containsEntry("error", "invalid_request");
		assertThat(this.asked).isEmpty();
		assertThat(nextAttempt()).isEqualTo(1);
		assertThat(this.pendingLogins.load(request, PendingXellarLogin.class)).isNotNull();
	}

	@Test
	void doFilterWhenWrongCodeThenUnauthorizedWithAttemptsLeftAndThePendingLoginStays() throws Exception {
		MockHttpServletRequest request = verifyRequest("000000");
		pending(request, this.clock.instant().plusSeconds(300));
		MockHttpServletResponse response = post(filter(this.wrongCode), request);
		assertThat(response.getStatus()).isEqualTo(401);
		assertThat(json(response)).containsEntry("error", "invalid_otp").containsEntry("attemptsLeft", 4L);
		assertThat(this.pendingLogins.load(request, PendingXellarLogin.class)).isNotNull();
		assertThat(SecurityContextHolder.getContext().getAuthentication()).isNull();
	}

	@Test
	void doFilterWhenLastAllowedWrongCodeThenTooManyAttemptsAndThePendingLoginDropped() throws Exception {
		XellarLoginFilter filter = filter(this.wrongCode);
		filter.setMaxAttempts(2);
		MockHttpServletRequest first = verifyRequest("000000");
		pending(first, this.clock.instant().plusSeconds(300));
		MockHttpServletResponse response = post(filter, first);
		assertThat(json(response)).containsEntry("error", "invalid_otp").containsEntry("attemptsLeft", 1L);
		MockHttpServletRequest second = verifyRequest("000001");
		response = post(filter, second);
		assertThat(response.getStatus()).isEqualTo(429);
		assertThat(json(response)).containsEntry("error", "too_many_attempts");
		assertThat(this.pendingLogins.load(second, PendingXellarLogin.class)).isNull();
		assertThat(this.asked).hasSize(2);
	}

	@Test
	void doFilterWhenAttemptsUsedUpThenTooManyAttemptsWithoutAskingXellar() throws Exception {
		MockHttpServletRequest request = verifyRequest("123456");
		pending(request, this.clock.instant().plusSeconds(300));
		for (int i = 0; i < 5; i++) {
			nextAttempt();
		}
		MockHttpServletResponse response = post(filter(this.accepting), request);
		assertThat(response.getStatus()).isEqualTo(429);
		assertThat(json(response)).containsEntry("error", "too_many_attempts");
		assertThat(this.asked).isEmpty();
		assertThat(this.pendingLogins.load(request, PendingXellarLogin.class)).isNull();
	}

	@Test
	void doFilterWhenOtpLapsedThenOtpExpiredWithoutAskingXellarAndThePendingLoginDropped() throws Exception {
		MockHttpServletRequest request = verifyRequest("123456");
		pending(request, this.clock.instant().plusSeconds(300));
		this.clock.advance(Duration.ofSeconds(300));
		MockHttpServletResponse response = post(filter(this.accepting), request);
		assertThat(response.getStatus()).isEqualTo(401);
		assertThat(json(response)).containsEntry("error", "otp_expired");
		assertThat(this.asked).isEmpty();
		assertThat(this.pendingLogins.load(request, PendingXellarLogin.class)).isNull();
	}

	@Test
	void doFilterWhenXellarSaysTheVerificationExpiredThenOtpExpiredAndThePendingLoginDropped() throws Exception {
		MockHttpServletRequest request = verifyRequest("123456");
		pending(request, this.clock.instant().plusSeconds(300));
		MockHttpServletResponse response = post(filter((authentication) -> {
			throw new ExpiredVerificationException();
		}), request);
		assertThat(response.getStatus()).isEqualTo(401);
		assertThat(json(response)).containsEntry("error", "otp_expired");
		assertThat(this.pendingLogins.load(request, PendingXellarLogin.class)).isNull();
	}

	@Test
	void doFilterWhenUpstreamTimesOutThenGatewayTimeoutTheAttemptGivenBackAndThePendingLoginKept() throws Exception {
		MockHttpServletRequest request = verifyRequest("123456");
		pending(request, this.clock.instant().plusSeconds(300));
		MockHttpServletResponse response = post(filter((authentication) -> {
			throw new UpstreamTimeoutException("xellar", "read timed out", null);
		}), request);
		assertThat(response.getStatus()).isEqualTo(504);
		assertThat(json(response)).containsEntry("error", "upstream_timeout");
		assertThat(nextAttempt()).as("the attempt was given back").isEqualTo(1);
		assertThat(this.pendingLogins.load(request, PendingXellarLogin.class)).isNotNull();
	}

	@Test
	void doFilterWhenUpstreamAnswersUnusablyThenBadGatewayAndTheAttemptCounts() throws Exception {
		MockHttpServletRequest request = verifyRequest("123456");
		pending(request, this.clock.instant().plusSeconds(300));
		MockHttpServletResponse response = post(filter((authentication) -> {
			throw new UpstreamException("xellar", "2xx without tokens");
		}), request);
		assertThat(response.getStatus()).isEqualTo(502);
		assertThat(json(response)).containsEntry("error", "upstream_error");
		assertThat(nextAttempt()).as("the attempt still counts").isEqualTo(2);
		assertThat(this.pendingLogins.load(request, PendingXellarLogin.class)).isNotNull();
	}

	@Test
	void doFilterWhenTheMapperFailsTransientlyThenServiceUnavailableAndTheAttemptCounts() throws Exception {
		MockHttpServletRequest request = verifyRequest("123456");
		pending(request, this.clock.instant().plusSeconds(300));
		MockHttpServletResponse response = post(filter((authentication) -> {
			throw new AuthenticationServiceException("user database down");
		}), request);
		assertThat(response.getStatus()).isEqualTo(503);
		assertThat(json(response)).containsEntry("error", "login_unavailable");
		assertThat(nextAttempt()).isEqualTo(2);
	}

	@Test
	void doFilterWhenLoginRefusedThenUnauthorizedAndThePendingLoginDropped() throws Exception {
		MockHttpServletRequest request = verifyRequest("123456");
		pending(request, this.clock.instant().plusSeconds(300));
		MockHttpServletResponse response = post(filter((authentication) -> {
			throw new BadCredentialsException("this Telegram user may not log in");
		}), request);
		assertThat(response.getStatus()).isEqualTo(401);
		assertThat(json(response)).containsEntry("error", "login_refused");
		assertThat(this.pendingLogins.load(request, PendingXellarLogin.class)).isNull();
		assertThat(SecurityContextHolder.getContext().getAuthentication()).isNull();
	}

	@Test
	void doFilterWhenLoggedOutWhileXellarCheckedTheCodeThenConflictAndNobodyLoggedIn() throws Exception {
		MockHttpServletRequest request = verifyRequest("123456");
		pending(request, this.clock.instant().plusSeconds(300));
		MockHttpServletResponse response = post(filter((authentication) -> {
			Authentication result = this.accepting.authenticate(authentication);
			new TelegramLoginLogoutHandler(this.pendingLogins).logout(request, new MockHttpServletResponse(), null);
			return result;
		}), request);
		assertThat(response.getStatus()).isEqualTo(409);
		assertThat(json(response)).containsEntry("error", "no_pending_login");
		assertThat(SecurityContextHolder.getContext().getAuthentication()).isNull();
	}

	@Test
	void doFilterWhenANewCodeWasRequestedWhileXellarCheckedThenConflictAndTheNewLoginUntouched() throws Exception {
		MockHttpServletRequest request = verifyRequest("000000");
		pending(request, this.clock.instant().plusSeconds(300));
		PendingXellarLogin newer = new PendingXellarLogin("xv_newer", PHONE, this.clock.instant().plusSeconds(300));
		MockHttpServletResponse response = post(filter((authentication) -> {
			this.pendingLogins.save(newer, request, new MockHttpServletResponse());
			throw new WrongOtpException();
		}), request);
		assertThat(response.getStatus()).isEqualTo(409);
		assertThat(json(response)).containsEntry("error", "no_pending_login");
		assertThat(this.pendingLogins.load(request, PendingXellarLogin.class)).isSameAs(newer);
	}

	@Test
	void doFilterWhenOverThePerPhoneVerificationLimitThenTooManyRequestsAndXellarNotAsked() throws Exception {
		LoginThrottle throttle = new LoginThrottle(TestStores.inMemory(this.clock));
		throttle.setOtpVerificationsPerPhone(ThrottleLimit.of(1, Duration.ofHours(1)));
		XellarLoginFilter filter = filter(this.wrongCode);
		filter.setThrottle(throttle);
		MockHttpServletRequest first = verifyRequest("000000");
		pending(first, this.clock.instant().plusSeconds(300));
		assertThat(post(filter, first).getStatus()).isEqualTo(401);
		MockHttpServletRequest second = verifyRequest("000001");
		MockHttpServletResponse response = post(filter, second);
		assertThat(response.getStatus()).isEqualTo(429);
		assertThat(json(response)).containsEntry("error", "rate_limited");
		assertThat(response.getHeader("Retry-After")).isNotNull();
		assertThat(this.asked).hasSize(1);
		assertThat(this.pendingLogins.load(second, PendingXellarLogin.class)).isNotNull();
	}

	@Test
	void doFilterWhenAnotherPathOrMethodThenTheChainGoesOn() throws Exception {
		XellarLoginFilter filter = filter(this.accepting);
		MockHttpServletRequest otp = verifyRequest("123456");
		pending(otp, this.clock.instant().plusSeconds(300));
		otp.setRequestURI("/login/telegram/otp");
		MockFilterChain chain = new MockFilterChain();
		filter.doFilter(otp, new MockHttpServletResponse(), chain);
		assertThat(chain.getRequest()).isSameAs(otp);
		MockHttpServletRequest get = verifyRequest("123456");
		get.setMethod("GET");
		chain = new MockFilterChain();
		filter.doFilter(get, new MockHttpServletResponse(), chain);
		assertThat(chain.getRequest()).isSameAs(get);
		assertThat(this.asked).isEmpty();
	}

	@Test
	void doFilterWhenASubmissionWaitedWhileAnotherCompletedTheLoginThenAnsweredThroughTheSuccessHandler()
			throws Exception {
		java.util.concurrent.CountDownLatch inManager = new java.util.concurrent.CountDownLatch(1);
		java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
		AuthenticationManager slow = (authentication) -> {
			inManager.countDown();
			try {
				release.await(5, java.util.concurrent.TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return this.accepting.authenticate(authentication);
		};
		XellarLoginFilter filter = filter(slow);
		MockHttpServletRequest first = verifyRequest("123456");
		pending(first, this.clock.instant().plusSeconds(300));
		java.util.concurrent.CompletableFuture<MockHttpServletResponse> firstAnswer = java.util.concurrent.CompletableFuture
			.supplyAsync(() -> answer(filter, first));
		inManager.await(5, java.util.concurrent.TimeUnit.SECONDS);
		java.util.concurrent.CompletableFuture<MockHttpServletResponse> secondAnswer = new java.util.concurrent.CompletableFuture<>();
		Thread secondThread = new Thread(() -> secondAnswer.complete(answer(filter, verifyRequest("123456"))));
		secondThread.start();
		// the second submission has loaded the pending login and waits for the first one's turn
		long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
		while (secondThread.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < deadline) {
			Thread.onSpinWait();
		}
		assertThat(secondAnswer).isNotDone();
		release.countDown();
		assertThat(json(firstAnswer.get(5, java.util.concurrent.TimeUnit.SECONDS))).containsEntry("status", "confirmed");
		MockHttpServletResponse second = secondAnswer.get(5, java.util.concurrent.TimeUnit.SECONDS);
		assertThat(json(second)).containsEntry("status", "confirmed").containsEntry("user", Map.of("id", "42", "name", "Ada"));
		assertThat(this.asked).as("the code was checked once").hasSize(1);
	}

	private static MockHttpServletResponse answer(XellarLoginFilter filter, MockHttpServletRequest request) {
		try {
			return post(filter, request);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private XellarLoginFilter filter(AuthenticationManager manager) {
		XellarLoginFilter filter = new XellarLoginFilter(VERIFY_URL, this.pendingLogins, this.store, manager);
		filter.setClock(this.clock);
		return filter;
	}

	private void pending(MockHttpServletRequest request, Instant expiresAt) {
		this.pendingLogins.save(new PendingXellarLogin(VERIFICATION_TOKEN, PHONE, expiresAt), request,
				new MockHttpServletResponse());
	}

	/** Counts one more attempt of the pending login and returns the count. */
	private long nextAttempt() {
		return this.store.increment(StoreKeys.key(XellarLoginFilter.ATTEMPTS_NAMESPACE, VERIFICATION_TOKEN),
				this.clock.instant().plusSeconds(300));
	}

	private MockHttpServletRequest verifyRequest(String otp) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", VERIFY_URL);
		request.setSession(this.session);
		request.setContentType("application/json");
		request.setContent(("{\"otp\":\"" + otp + "\"}").getBytes(StandardCharsets.UTF_8));
		return request;
	}

	private static MockHttpServletResponse post(XellarLoginFilter filter, MockHttpServletRequest request)
			throws Exception {
		return FilterCalls.answer(filter, request);
	}

	private static Map<String, Object> json(MockHttpServletResponse response) throws Exception {
		return FilterCalls.json(response);
	}

}
