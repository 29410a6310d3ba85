package dev.tglogin.web.bondify;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import dev.tglogin.bondify.BondifyProtocol;
import dev.tglogin.bondify.BondifyWebhookEvent;
import dev.tglogin.bondify.BondifyWebhookOutcomes;
import dev.tglogin.bondify.BondifyWebhookVerifier;
import dev.tglogin.store.InMemoryTelegramLoginStore;
import dev.tglogin.store.StoreKeys;
import dev.tglogin.store.StoreUnavailableException;
import dev.tglogin.store.TelegramLoginStore;
import dev.tglogin.test.MutableClock;
import dev.tglogin.test.TestStores;
import dev.tglogin.web.FilterCalls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link BondifyWebhookFilter}.
 */
class BondifyWebhookFilterTests {

	private static final String WEBHOOK_URL = "/login/telegram/webhook";

	private static final String SESSION_TOKEN = "sess_confirmed_in_telegram";

	private static final String CONFIRMED = "{\"event\":\"auth.confirmed\",\"session_token\":\"" + SESSION_TOKEN
			+ "\",\"telegram_id\":123456789,\"telegram_name\":\"Ada\",\"telegram_username\":\"ada\"}";

	private final BondifyWebhookVerifier verifier = new BondifyWebhookVerifier("webhook-secret-of-32-bytes-or-more!!");

	private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));

	private final InMemoryTelegramLoginStore store = TestStores.inMemory(this.clock);

	private final List<BondifyWebhookEvent> recorded = new ArrayList<>();

	@Test
	void doFilterWhenSignedConfirmationThenNoContentAndTheEventRecordedUnderTheSessionTokensHash() throws Exception {
		MockHttpServletResponse response = post(filter(this.store), signed(CONFIRMED));
		assertThat(response.getStatus()).isEqualTo(204);
		assertThat(this.store.findOutcome(outcomeKey(SESSION_TOKEN))).isNotNull();
		BondifyWebhookEvent event = new BondifyWebhookOutcomes(this.store).find(SESSION_TOKEN);
		assertThat(event).isEqualTo(new BondifyWebhookEvent(true, SESSION_TOKEN, "123456789", "Ada", "ada", null));
		assertThat(this.recorded).containsExactly(event);
	}

	@Test
	void doFilterWhenSignedCancellationThenTheCancellationRecorded() throws Exception {
		String body = "{\"event\":\"auth.cancelled\",\"session_token\":\"" + SESSION_TOKEN + "\"}";
		MockHttpServletResponse response = post(filter(this.store), signed(body));
		assertThat(response.getStatus()).isEqualTo(204);
		assertThat(new BondifyWebhookOutcomes(this.store).find(SESSION_TOKEN).confirmed()).isFalse();
		assertThat(this.recorded).singleElement().satisfies((event) -> assertThat(event.confirmed()).isFalse());
	}

	@Test
	void doFilterWhenDeliveredTwiceThenRecordedOnceIdempotently() throws Exception {
		BondifyWebhookFilter filter = filter(this.store);
		assertThat(post(filter, signed(CONFIRMED)).getStatus()).isEqualTo(204);
		assertThat(post(filter, signed(CONFIRMED)).getStatus()).isEqualTo(204);
		assertThat(this.store.size()).isEqualTo(1);
	}

	@Test
	void doFilterWhenSignatureWrongThenUnauthorizedAndNothingRecorded() throws Exception {
		MockHttpServletRequest request = request(CONFIRMED);
		request.addHeader(BondifyProtocol.WEBHOOK_SIGNATURE_HEADER,
				this.verifier.sign(CONFIRMED.replace("Ada", "Eve").getBytes(StandardCharsets.UTF_8)));
		MockHttpServletResponse response = post(filter(this.store), request);
		assertThat(response.getStatus()).isEqualTo(401);
		assertThat(json(response)).containsEntry("error", "invalid_signature");
		assertThat(this.store.size()).isZero();
		assertThat(this.recorded).isEmpty();
	}

	@Test
	void doFilterWhenSignedWithAnotherSecretThenUnauthorized() throws Exception {
		MockHttpServletRequest request = request(CONFIRMED);
		request.addHeader(BondifyProtocol.WEBHOOK_SIGNATURE_HEADER,
				new BondifyWebhookVerifier("another-secret-of-32-bytes-or-more!!")
					.sign(CONFIRMED.getBytes(StandardCharsets.UTF_8)));
		assertThat(post(filter(this.store), request).getStatus()).isEqualTo(401);
		assertThat(this.store.size()).isZero();
	}

	@Test
	void doFilterWhenSignatureMissingThenUnauthorizedAndNothingRecorded() throws Exception {
		MockHttpServletResponse response = post(filter(this.store), request(CONFIRMED));
		assertThat(response.getStatus()).isEqualTo(401);
		assertThat(json(response)).containsEntry("error", "invalid_signature");
		assertThat(this.store.size()).isZero();
	}

	@Test
	void doFilterWhenSignatureInUpperCaseHexThenAccepted() throws Exception {
		MockHttpServletRequest request = request(CONFIRMED);
		request.addHeader(BondifyProtocol.WEBHOOK_SIGNATURE_HEADER,
				this.verifier.sign(CONFIRMED.getBytes(StandardCharsets.UTF_8)).toUpperCase());
		assertThat(post(filter(this.store), request).getStatus()).isEqualTo(204);
	}

	@Test
	void doFilterWhenSignedEventTheLibraryDoesNotUseThenNoContentAndNothingRecorded() throws Exception {
		String body = "{\"event\":\"auth.started\",\"session_token\":\"" + SESSION_TOKEN + "\"}";
		MockHttpServletResponse response = post(filter(this.store), signed(body));
		assertThat(response.getStatus()).isEqualTo(204);
		assertThat(this.store.size()).isZero();
		assertThat(this.recorded).isEmpty();
	}

	@Test
	void doFilterWhenDeclaredBodyOverTheLimitThenPayloadTooLargeAndNothingRecorded() throws Exception {
		String body = CONFIRMED.replace("}", ",\"pad\":\"" + "x".repeat(64 * 1024) + "\"}");
		MockHttpServletResponse response = post(filter(this.store), signed(body));
		assertThat(response.getStatus()).isEqualTo(413);
		assertThat(json(response)).containsEntry("error", "payload_too_large");
		assertThat(this.store.size()).isZero();
	}

	@Test
	void doFilterWhenUndeclaredBodyOverTheLimitThenPayloadTooLarge() throws Exception {
		String body = CONFIRMED.replace("}", ",\"pad\":\"" + "x".repeat(64 * 1024) + "\"}");
		MockHttpServletRequest request = new MockHttpServletRequest("POST", WEBHOOK_URL) {

			@Override
			public long getContentLengthLong() {
				return -1;
			}

		};
		request.setContent(body.getBytes(StandardCharsets.UTF_8));
		request.addHeader(BondifyProtocol.WEBHOOK_SIGNATURE_HEADER,
				this.verifier.sign(body.getBytes(StandardCharsets.UTF_8)));
		MockHttpServletResponse response = post(filter(this.store), request);
		assertThat(response.getStatus()).isEqualTo(413);
		assertThat(this.store.size()).isZero();
	}

	@Test
	void doFilterWhenTheStoreIsDownThenServiceUnavailableForBondifyToRetryAndNobodyTold() throws Exception {
		TelegramLoginStore down = mock(TelegramLoginStore.class);
		willThrow(new StoreUnavailableException("store down", new RuntimeException("connection refused")))
			.given(down)
			.putOutcome(anyString(), anyString(), any());
		MockHttpServletResponse response = post(filter(down), signed(CONFIRMED));
		assertThat(response.getStatus()).isEqualTo(503);
		assertThat(json(response)).containsEntry("error", "login_unavailable");
		assertThat(this.recorded).isEmpty();
	}

	@Test
	void doFilterWhenAnotherPathOrMethodThenTheChainGoesOnAndTheBodyIsNotRead() throws Exception {
		BondifyWebhookFilter filter = filter(this.store);
		MockHttpServletRequest get = signed(CONFIRMED);
		get.setMethod("GET");
		MockFilterChain chain = new MockFilterChain();
		filter.doFilter(get, new MockHttpServletResponse(), chain);
		assertThat(chain.getRequest()).isSameAs(get);
		MockHttpServletRequest other = signed(CONFIRMED);
		other.setRequestURI("/login/telegram/status");
		chain = new MockFilterChain();
		filter.doFilter(other, new MockHttpServletResponse(), chain);
		assertThat(chain.getRequest()).isSameAs(other);
		assertThat(other.getInputStream().readAllBytes()).hasSize(CONFIRMED.length());
		assertThat(this.store.size()).isZero();
	}

	private BondifyWebhookFilter filter(TelegramLoginStore store) {
		BondifyWebhookOutcomes outcomes = new BondifyWebhookOutcomes(store);
		outcomes.addListener(this.recorded::add);
		BondifyWebhookFilter filter = new BondifyWebhookFilter(WEBHOOK_URL, this.verifier, outcomes);
		filter.setClock(this.clock);
		return filter;
	}

	private MockHttpServletRequest signed(String body) {
		MockHttpServletRequest request = request(body);
		request.addHeader(BondifyProtocol.WEBHOOK_SIGNATURE_HEADER,
				this.verifier.sign(body.getBytes(StandardCharsets.UTF_8)));
		return request;
	}

	private static MockHttpServletRequest request(String body) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", WEBHOOK_URL);
		request.setContentType("application/json");
		request.setContent(body.getBytes(StandardCharsets.UTF_8));
		return request;
	}

	private static String outcomeKey(String sessionToken) {
		return StoreKeys.key(BondifyWebhookOutcomes.OUTCOME_NAMESPACE, sessionToken);
	}

	private static MockHttpServletResponse post(BondifyWebhookFilter filter, MockHttpServletRequest request)
			throws Exception {
		return FilterCalls.answer(filter, request);
	}

	private static Map<String, Object> json(MockHttpServletResponse response) throws Exception {
		return FilterCalls.json(response);
	}

}
