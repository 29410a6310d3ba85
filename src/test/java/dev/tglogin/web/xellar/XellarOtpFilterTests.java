package dev.tglogin.web.xellar;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import dev.tglogin.core.UpstreamTimeoutException;
import dev.tglogin.test.MutableClock;
import dev.tglogin.test.TestStores;
import dev.tglogin.web.FilterCalls;
import dev.tglogin.web.HttpSessionPendingLoginRepository;
import dev.tglogin.web.JsonRequests;
import dev.tglogin.web.PendingXellarLogin;
import dev.tglogin.web.throttle.LoginThrottle;
import dev.tglogin.web.throttle.ThrottleLimit;
import dev.tglogin.xellar.XellarClient;
import dev.tglogin.xellar.XellarOtpChallenge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * Tests for {@link XellarOtpFilter}.
 */
class XellarOtpFilterTests {

	private static final String OTP_URL = "/login/telegram/otp";

	private static final String VERIFICATION_TOKEN = "xv_token_never_for_the_browser";

	private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));

	private final XellarClient client = mock(XellarClient.class);

	private final HttpSessionPendingLoginRepository pendingLogins = new HttpSessionPendingLoginRepository();

	@Test
	void doFilterWhenPhoneNumberValidThenOtpSentAndTheVerificationTokenKeptInThePendingLogin() throws Exception {
		given(this.client.sendOtp("+447700900123")).willReturn(new XellarOtpChallenge(VERIFICATION_TOKEN, false));
		MockHttpServletRequest request = otpRequest("{\"phoneNumber\":\"+44 7700 900123\"}");
		MockHttpServletResponse response = post(filter(), request);
		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(json(response)).isEqualTo(Map.of("status", "otp_sent"));
		assertThat(response.getContentAsString()).doesNotContain(VERIFICATION_TOKEN);
		PendingXellarLogin pending = this.pendingLogins.load(request, PendingXellarLogin.class);
		assertThat(pending.getVerificationToken()).isEqualTo(VERIFICATION_TOKEN);
		assertThat(pending.getPhoneNumber()).isEqualTo("+447700900123");
		assertThat(pending.getExpiresAt()).isEqualTo(this.clock.instant().plus(Duration.ofMinutes(5)));
	}

	@Test
	void doFilterWhenOtpLifetimeSetThenThePendingLoginExpiresAfterIt() throws Exception {
		given(this.client.sendOtp("+447700900123")).willReturn(new XellarOtpChallenge(VERIFICATION_TOKEN, true));
		XellarOtpFilter filter = filter();
		filter.setOtpLifetime(Duration.ofMinutes(2));
		MockHttpServletRequest request = otpRequest("{\"phoneNumber\":\"+447700900123\"}");
		post(filter, request);
		assertThat(this.pendingLogins.load(request, PendingXellarLogin.class).getExpiresAt())
			.isEqualTo(this.clock.instant().plus(Duration.ofMinutes(2)));
	}

	@Test
	void doFilterWhenAnEarlierLoginIsPendingThenItIsReplaced() throws Exception {
		given(this.client.sendOtp("+447700900123")).willReturn(new XellarOtpChallenge(VERIFICATION_TOKEN, false));
		MockHttpServletRequest request = otpRequest("{\"phoneNumber\":\"+447700900123\"}");
		this.pendingLogins.save(new PendingXellarLogin("xv_earlier", "+15550001111", this.clock.instant()),
				request, new MockHttpServletResponse());
		post(filter(), request);
		assertThat(this.pendingLogins.load(request, PendingXellarLogin.class).getVerificationToken())
			.isEqualTo(VERIFICATION_TOKEN);
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"phoneNumber\":\"07700 900123\"}", "{\"phoneNumber\":\"+0123456789\"}",
			"{\"phoneNumber\":\"+44abc\"}", "{\"phoneNumber\":\"+1234567890123456789\"}", "{\"phoneNumber\":\"\"}",
			"{\"phoneNumber\":447700900123}", "{}", "[\"+447700900123\"]", "not json" })
	void doFilterWhenNotAPhoneNumberThenBadRequestAndNothingReachesXellar(String body) throws Exception {
		MockHttpServletRequest request = otpRequest(body);
		MockHttpServletResponse response = post(filter(), request);
		assertThat(response.getStatus()).isEqualTo(400);
		assertThat(json(response)).containsEntry("error", "invalid_request");
		assertThat(this.pendingLogins.load(request, PendingXellarLogin.class)).isNull();
		verifyNoInteractions(this.client);
	}

	@Test
	void doFilterWhenBodyOverTheLimitThenPayloadTooLargeAndNothingReachesXellar() throws Exception {
		MockHttpServletRequest request = otpRequest("{\"phoneNumber\":\"+447700900123\",\"pad\":\""
				+ "x".repeat(JsonRequests.DEFAULT_MAX_BODY_BYTES) + "\"}");
		MockHttpServletResponse response = post(filter(), request);
		assertThat(response.getStatus()).isEqualTo(413);
		assertThat(json(response)).containsEntry("error", "payload_too_large");
		verifyNoInteractions(this.client);
	}

	@Test
	void doFilterWhenUpstreamTimesOutThenGatewayTimeoutAndTheEarlierPendingLoginStays() throws Exception {
		given(this.client.sendOtp(anyString())).willThrow(new UpstreamTimeoutException("xellar", "read timed out", null));
		MockHttpServletRequest request = otpRequest("{\"phoneNumber\":\"+447700900123\"}");
		PendingXellarLogin earlier = new PendingXellarLogin("xv_earlier", "+15550001111",
				this.clock.instant().plusSeconds(60));
		this.pendingLogins.save(earlier, request, new MockHttpServletResponse());
		MockHttpServletResponse response = post(filter(), request);
		assertThat(response.getStatus()).isEqualTo(504);
		assertThat(json(response)).containsEntry("error", "upstream_timeout");
		assertThat(this.pendingLogins.load(request, PendingXellarLogin.class)).isSameAs(earlier);
	}

	@Test
	void doFilterWhenOverThePerPhoneLimitThenTooManyRequestsAndNothingReachesXellar() throws Exception {
		given(this.client.sendOtp("+447700900123")).willReturn(new XellarOtpChallenge(VERIFICATION_TOKEN, false));
		LoginThrottle throttle = new LoginThrottle(TestStores.inMemory(this.clock));
		throttle.setClock(this.clock);
		throttle.setOtpRequestsPerPhone(ThrottleLimit.of(1, Duration.ofMinutes(10)));
		XellarOtpFilter filter = filter();
		filter.setThrottle(throttle);
		assertThat(post(filter, otpRequest("{\"phoneNumber\":\"+447700900123\"}")).getStatus()).isEqualTo(200);
		// another browser, the same number written differently
		MockHttpServletRequest request = otpRequest("{\"phoneNumber\":\"+44 (7700) 900-123\"}");
		MockHttpServletResponse response = post(filter, request);
		assertThat(response.getStatus()).isEqualTo(429);
		assertThat(json(response)).containsEntry("error", "rate_limited");
		assertThat(response.getHeader("Retry-After")).isNotNull();
		assertThat(this.pendingLogins.load(request, PendingXellarLogin.class)).isNull();
		verify(this.client, times(1)).sendOtp(anyString());
	}

	@Test
	void doFilterWhenOverThePerSessionStartLimitThenTooManyRequestsAndNothingReachesXellar() throws Exception {
		given(this.client.sendOtp(anyString())).willReturn(new XellarOtpChallenge(VERIFICATION_TOKEN, false));
		LoginThrottle throttle = new LoginThrottle(TestStores.inMemory(this.clock));
		throttle.setClock(this.clock);
		throttle.setStartsPerSession(ThrottleLimit.of(1, Duration.ofMinutes(1)));
		XellarOtpFilter filter = filter();
		filter.setThrottle(throttle);
		MockHttpServletRequest first = otpRequest("{\"phoneNumber\":\"+447700900123\"}");
		assertThat(post(filter, first).getStatus()).isEqualTo(200);
		MockHttpServletRequest second = otpRequest("{\"phoneNumber\":\"+15550001111\"}");
		second.setSession(first.getSession());
		assertThat(post(filter, second).getStatus()).isEqualTo(429);
		verify(this.client, times(1)).sendOtp(anyString());
	}

	@Test
	void doFilterWhenAnotherPathOrMethodThenTheChainGoesOn() throws Exception {
		XellarOtpFilter filter = filter();
		MockHttpServletRequest verify = otpRequest("{\"otp\":\"123456\"}");
		verify.setRequestURI("/login/telegram/otp/verify");
		MockFilterChain chain = new MockFilterChain();
		filter.doFilter(verify, new MockHttpServletResponse(), chain);
		assertThat(chain.getRequest()).isSameAs(verify);
		MockHttpServletRequest get = new MockHttpServletRequest("GET", OTP_URL);
		chain = new MockFilterChain();
		filter.doFilter(get, new MockHttpServletResponse(), chain);
		assertThat(chain.getRequest()).isSameAs(get);
		verifyNoInteractions(this.client);
	}

	private XellarOtpFilter filter() {
		XellarOtpFilter filter = new XellarOtpFilter(OTP_URL, this.client, this.pendingLogins);
		filter.setClock(this.clock);
		return filter;
	}

	private static MockHttpServletRequest otpRequest(String body) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", OTP_URL);
		request.setContentType("application/json");
		request.setContent(body.getBytes(StandardCharsets.UTF_8));
		return request;
	}

	private static MockHttpServletResponse post(XellarOtpFilter filter, MockHttpServletRequest request)
			throws Exception {
		return FilterCalls.answer(filter, request);
	}

	private static Map<String, Object> json(MockHttpServletResponse response) throws Exception {
		return FilterCalls.json(response);
	}

}
