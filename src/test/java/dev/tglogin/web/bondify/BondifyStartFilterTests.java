package dev.tglogin.web.bondify;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import dev.tglogin.bondify.BondifyClient;
import dev.tglogin.bondify.BondifySession;
import dev.tglogin.core.UpstreamRateLimitedException;
import dev.tglogin.core.UpstreamUnavailableException;
import dev.tglogin.test.MutableClock;
import dev.tglogin.test.TestStores;
import dev.tglogin.web.FilterCalls;
import dev.tglogin.web.HttpSessionPendingLoginRepository;
import dev.tglogin.web.JsonRequests;
import dev.tglogin.web.PendingBondifyLogin;
import dev.tglogin.web.throttle.LoginThrottle;
import dev.tglogin.web.throttle.ThrottleLimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * Tests for {@link BondifyStartFilter}.
 */
class BondifyStartFilterTests {

	private static final String START_URL = "/login/telegram/start";

	private static final String SESSION_TOKEN = "sess_new_one_for_this_browser";

	private static final String DEEPLINK = "https://t.me/bondify_bot?start=" + SESSION_TOKEN;

	private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));

	private final BondifyClient client = mock(BondifyClient.class);

	private final HttpSessionPendingLoginRepository pendingLogins = new HttpSessionPendingLoginRepository();

	@Test
	void doFilterWhenStartedThenDeeplinkAnsweredAndTheSessionTokenKeptInThePendingLogin() throws Exception {
		Instant expiresAt = this.clock.instant().plusSeconds(600);
		given(this.client.generate()).willReturn(new BondifySession(SESSION_TOKEN, DEEPLINK, expiresAt));
		MockHttpServletRequest request = startRequest();
		MockHttpServletResponse response = post(filter(), request);
		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(response.getContentType()).isEqualTo("application/json;charset=UTF-8");
		assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store");
		Map<String, Object> json = json(response);
		assertThat(json).containsEntry("deeplink", DEEPLINK)
			.containsEntry("expiresAt", expiresAt.toString())
			.containsEntry("pollIntervalMs", 2000L)
			.doesNotContainKey("maxWaitSeconds");
		assertThat((String) json.get("qrSvg")).startsWith("<svg");
		PendingBondifyLogin pending = this.pendingLogins.load(request, PendingBondifyLogin.class);
		assertThat(pending.getSessionToken()).isEqualTo(SESSION_TOKEN);
		assertThat(pending.getExpiresAt()).isEqualTo(expiresAt);
		assertThat(pending.getConfirmedProof()).isNull();
	}

	@Test
	void doFilterWhenStartedThenTheSessionTokenIsNamedOnlyInsideTheDeeplink() throws Exception {
		given(this.client.generate())
			.willReturn(new BondifySession(SESSION_TOKEN, DEEPLINK, this.clock.instant().plusSeconds(600)));
		MockHttpServletResponse response = post(filter(), startRequest());
		Map<String, Object> json = json(response);
		json.remove("deeplink");
		json.remove("qrSvg");
		assertThat(JSONObjectUtils.toJSONString(json)).doesNotContain(SESSION_TOKEN);
	}

	@Test
	void doFilterWhenUpstreamExpiryIsBeyondTenMinutesThenTheExpiryIsCapped() throws Exception {
		given(this.client.generate())
			.willReturn(new BondifySession(SESSION_TOKEN, DEEPLINK, this.clock.instant().plus(Duration.ofHours(5))));
		MockHttpServletRequest request = startRequest();
		MockHttpServletResponse response = post(filter(), request);
		Instant latest = this.clock.instant().plus(Duration.ofMinutes(10));
		assertThat(json(response)).containsEntry("expiresAt", latest.toString());
		assertThat(this.pendingLogins.load(request, PendingBondifyLogin.class).getExpiresAt()).isEqualTo(latest);
	}

	@Test
	void doFilterWhenMaxWaitAndPollIntervalSetThenTheyAreAdvertised() throws Exception {
		given(this.client.generate())
			.willReturn(new BondifySession(SESSION_TOKEN, DEEPLINK, this.clock.instant().plusSeconds(600)));
		BondifyStartFilter filter = filter();
		filter.setMaxWaitSeconds(20);
		filter.setPollIntervalMs(3000);
		Map<String, Object> json = json(post(filter, startRequest()));
		assertThat(json).containsEntry("maxWaitSeconds", 20L).containsEntry("pollIntervalMs", 3000L);
	}

	@Test
	void doFilterWhenDeeplinkTooLongForAQrCodeThenAnsweredWithoutQrSvg() throws Exception {
		String deeplink = "https://t.me/bondify_bot?start=" + "x".repeat(4000);
		given(this.client.generate())
			.willReturn(new BondifySession(SESSION_TOKEN, deeplink, this.clock.instant().plusSeconds(600)));
		MockHttpServletResponse response = post(filter(), startRequest());
		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(json(response)).containsEntry("deeplink", deeplink).doesNotContainKey("qrSvg");
	}

	@Test
	void doFilterWhenUpstreamUnavailableThenServiceUnavailableAndTheEarlierPendingLoginStays() throws Exception {
		given(this.client.generate()).willThrow(new UpstreamUnavailableException("bondify", "connection refused"));
		MockHttpServletRequest request = startRequest();
		PendingBondifyLogin earlier = new PendingBondifyLogin("sess_earlier", this.clock.instant().plusSeconds(300));
		this.pendingLogins.save(earlier, request, new MockHttpServletResponse());
		MockHttpServletResponse response = post(filter(), request);
		assertThat(response.getStatus()).isEqualTo(503);
		assertThat(json(response)).containsEntry("error", "upstream_unavailable");
		assertThat(this.pendingLogins.load(request, PendingBondifyLogin.class)).isSameAs(earlier);
	}

	@Test
	void doFilterWhenUpstreamRateLimitedThenTooManyRequestsWithItsRetryAfter() throws Exception {
		given(this.client.generate()).willThrow(new UpstreamRateLimitedException("bondify", Duration.ofSeconds(30)));
		MockHttpServletRequest request = startRequest();
		MockHttpServletResponse response = post(filter(), request);
		assertThat(response.getStatus()).isEqualTo(429);
		assertThat(response.getHeader("Retry-After")).isEqualTo("30");
		assertThat(json(response)).containsEntry("error", "rate_limited");
		assertThat(this.pendingLogins.load(request, PendingBondifyLogin.class)).isNull();
	}

	@Test
	void doFilterWhenBodyOverTheLimitThenPayloadTooLargeAndNothingReachesBondify() throws Exception {
		MockHttpServletRequest request = startRequest();
		request.setContent(new byte[JsonRequests.DEFAULT_MAX_BODY_BYTES + 1]);
		MockHttpServletResponse response = post(filter(), request);
		assertThat(response.getStatus()).isEqualTo(413);
		assertThat(json(response)).containsEntry("error", "payload_too_large");
		verifyNoInteractions(this.client);
	}

	@Test
	void doFilterWhenBodyWithinTheLimitThenItIsIgnored() throws Exception {
		given(this.client.generate())
			.willReturn(new BondifySession(SESSION_TOKEN, DEEPLINK, this.clock.instant().plusSeconds(600)));
		MockHttpServletRequest request = startRequest();
		request.setContent("{\"anything\":true}".getBytes(StandardCharsets.UTF_8));
		assertThat(post(filter(), request).getStatus()).isEqualTo(200);
	}

	@Test
	void doFilterWhenOverTheThrottleLimitThenTooManyRequestsAndNothingReachesBondify() throws Exception {
		given(this.client.generate())
			.willReturn(new BondifySession(SESSION_TOKEN, DEEPLINK, this.clock.instant().plusSeconds(600)));
		LoginThrottle throttle = new LoginThrottle(TestStores.inMemory(this.clock));
		throttle.setClock(this.clock);
		throttle.setStartsPerSession(ThrottleLimit.of(1, Duration.ofMinutes(1)));
		BondifyStartFilter filter = filter();
		filter.setThrottle(throttle);
		MockHttpServletRequest first = startRequest();
		assertThat(post(filter, first).getStatus()).isEqualTo(200);
		MockHttpServletRequest second = startRequest();
		second.setSession(first.getSession());
		MockHttpServletResponse response = post(filter, second);
		assertThat(response.getStatus()).isEqualTo(429);
		assertThat(response.getHeader("Retry-After")).isNotNull();
		assertThat(Long.parseLong(response.getHeader("Retry-After"))).isBetween(1L, 60L);
		assertThat(json(response)).containsEntry("error", "rate_limited");
		verify(this.client, times(1)).generate();
	}

	@Test
	void doFilterWhenAnotherPathOrMethodThenTheChainGoesOn() throws Exception {
		BondifyStartFilter filter = filter();
		MockHttpServletRequest get = startRequest();
		get.setMethod("GET");
		MockFilterChain chain = new MockFilterChain();
		filter.doFilter(get, new MockHttpServletResponse(), chain);
		assertThat(chain.getRequest()).isSameAs(get);
		MockHttpServletRequest other = new MockHttpServletRequest("POST", "/login/telegram/status");
		chain = new MockFilterChain();
		filter.doFilter(other, new MockHttpServletResponse(), chain);
		assertThat(chain.getRequest()).isSameAs(other);
		verifyNoInteractions(this.client);
	}

	private BondifyStartFilter filter() {
		BondifyStartFilter filter = new BondifyStartFilter(START_URL, this.client, this.pendingLogins);
		filter.setClock(this.clock);
		return filter;
	}

	private static MockHttpServletRequest startRequest() {
		return new MockHttpServletRequest("POST", START_URL);
	}

	private static MockHttpServletResponse post(BondifyStartFilter filter, MockHttpServletRequest request)
			throws Exception {
		return FilterCalls.answer(filter, request);
	}

	private static Map<String, Object> json(MockHttpServletResponse response) throws Exception {
		return FilterCalls.json(response);
	}

}
