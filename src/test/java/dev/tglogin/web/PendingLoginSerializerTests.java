package dev.tglogin.web;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PendingLoginSerializer}, the per-login lock.
 */
class PendingLoginSerializerTests {

	private static final String TOKEN = "sess_one_pending_login";

	private static final PendingLoginSerializer.Consumed CONSUMED = () -> true;

	private static final PendingLoginSerializer.Consumed NOT_CONSUMED = () -> false;

	private final PendingLoginSerializer serializer = new PendingLoginSerializer();

	private final ExecutorService executor = Executors.newCachedThreadPool();

	@AfterEach
	void stop() throws InterruptedException {
		this.executor.shutdownNow();
		assertThat(this.executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void runWhenCalledThenTheWorkRunsWithTheResponseAndItsTurn() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest();
		MockHttpServletResponse response = new MockHttpServletResponse();
		AtomicBoolean ran = new AtomicBoolean();
		this.serializer.run(TOKEN, request, response, (rq, rs) -> {
			assertThat(PendingLoginSerializer.isTurnOf(rq, TOKEN)).isTrue();
			assertThat(PendingLoginSerializer.isTurnOf(rq, "sess_another_login")).isFalse();
			assertThat(PendingLoginSerializer.answerAsConcurrentRequest(rq, rs)).isFalse();
			JsonResponses.write(rs, 200, Map.of("status", "pending"));
			ran.set(true);
		}, NOT_CONSUMED);
		assertThat(ran).isTrue();
		assertThat(response.getContentAsString()).isEqualTo("{\"status\":\"pending\"}");
		assertThat(PendingLoginSerializer.isTurnOf(request, "sess_another_login")).as("no turn held after").isTrue();
	}

	@Test
	void runWhenTwoRequestsOfOneLoginThenOneAtATime() throws Exception {
		CountDownLatch firstIn = new CountDownLatch(1);
		CountDownLatch releaseFirst = new CountDownLatch(1);
		AtomicInteger inside = new AtomicInteger();
		AtomicInteger mostInside = new AtomicInteger();
		PendingLoginSerializer.Work work = (rq, rs) -> {
			mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
			firstIn.countDown();
			try {
				releaseFirst.await(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			inside.decrementAndGet();
			JsonResponses.write(rs, 200, Map.of("status", "pending"));
		};
		Future<MockHttpServletResponse> first = this.executor.submit(() -> run(TOKEN, work, NOT_CONSUMED));
		assertThat(firstIn.await(10, TimeUnit.SECONDS)).isTrue();
		Future<MockHttpServletResponse> second = this.executor.submit(() -> run(TOKEN, work, NOT_CONSUMED));
		Thread.sleep(200);
		assertThat(second.isDone()).as("the second waits for the first").isFalse();
		releaseFirst.countDown();
		assertThat(first.get(10, TimeUnit.SECONDS).getStatus()).isEqualTo(200);
		assertThat(second.get(10, TimeUnit.SECONDS).getStatus()).isEqualTo(200);
		assertThat(mostInside).hasValue(1);
	}

	@Test
	void runWhenRequestsOfDifferentLoginsThenTheyDoNotWaitForEachOther() throws Exception {
		CountDownLatch bothIn = new CountDownLatch(2);
		PendingLoginSerializer.Work work = (rq, rs) -> {
			bothIn.countDown();
			try {
				assertThat(bothIn.await(10, TimeUnit.SECONDS)).as("both inside at once").isTrue();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			rs.setStatus(204);
		};
		Future<MockHttpServletResponse> one = this.executor.submit(() -> run("sess_one", work, NOT_CONSUMED));
		Future<MockHttpServletResponse> other = this.executor.submit(() -> run("sess_other", work, NOT_CONSUMED));
		assertThat(one.get(15, TimeUnit.SECONDS).getStatus()).isEqualTo(204);
		assertThat(other.get(15, TimeUnit.SECONDS).getStatus()).isEqualTo(204);
	}

	@Test
	void runWhenAnotherRequestConsumedTheLoginMeanwhileThenItsAnswerIsGivenAgain() throws Exception {
		PendingLoginSerializer.Ticket first = this.serializer.join(TOKEN);
		PendingLoginSerializer.Ticket waiting = this.serializer.join(TOKEN);
		MockHttpServletResponse firstResponse = new MockHttpServletResponse();
		this.serializer.run(first, new MockHttpServletRequest(), firstResponse, (rq, rs) -> {
			rs.setHeader("Location", "/home");
			JsonResponses.write(rs, 200, Map.of("status", "confirmed", "redirectUrl", "/home"));
		}, CONSUMED);
		this.serializer.leave(first);
		MockHttpServletResponse response = new MockHttpServletResponse();
		AtomicBoolean answered = new AtomicBoolean();
		this.serializer.run(waiting, new MockHttpServletRequest(), response,
				(rq, rs) -> answered.set(PendingLoginSerializer.answerAsConcurrentRequest(rq, rs)), NOT_CONSUMED);
		this.serializer.leave(waiting);
		assertThat(answered).isTrue();
		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(response.getContentType()).isEqualTo("application/json;charset=UTF-8");
		assertThat(response.getHeader("Location")).isEqualTo("/home");
		assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store");
		assertThat(response.getContentAsByteArray()).isEqualTo(firstResponse.getContentAsByteArray());
	}

	@Test
	void runWhenAnErrorConsumedTheLoginThenTheWaitingRequestGetsItWithRetryAfter() throws Exception {
		PendingLoginSerializer.Ticket first = this.serializer.join(TOKEN);
		PendingLoginSerializer.Ticket waiting = this.serializer.join(TOKEN);
		this.serializer.run(first, new MockHttpServletRequest(), new MockHttpServletResponse(),
				(rq, rs) -> JsonResponses.error(rs, TelegramLoginError.rateLimited(9)), CONSUMED);
		this.serializer.leave(first);
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.serializer.run(waiting, new MockHttpServletRequest(), response,
				PendingLoginSerializer::answerAsConcurrentRequest, NOT_CONSUMED);
		assertThat(response.getStatus()).isEqualTo(429);
		assertThat(response.getHeader("Retry-After")).isEqualTo("9");
		assertThat(response.getContentAsString()).contains("\"rate_limited\"");
	}

	@Test
	void runWhenTheLoginWasNotConsumedThenNoAnswerIsKept() throws Exception {
		PendingLoginSerializer.Ticket first = this.serializer.join(TOKEN);
		PendingLoginSerializer.Ticket waiting = this.serializer.join(TOKEN);
		this.serializer.run(first, new MockHttpServletRequest(), new MockHttpServletResponse(),
				(rq, rs) -> JsonResponses.write(rs, 200, Map.of("status", "pending")), NOT_CONSUMED);
		this.serializer.leave(first);
		assertThat(answersAsConcurrent(waiting)).isFalse();
	}

	@Test
	void runWhenNoRequestOfTheLoginIsLeftThenNothingIsKept() throws Exception {
		this.serializer.run(TOKEN, new MockHttpServletRequest(), new MockHttpServletResponse(),
				(rq, rs) -> JsonResponses.write(rs, 200, Map.of("status", "confirmed")), CONSUMED);
		assertThat(answersAsConcurrent(this.serializer.join(TOKEN))).isFalse();
	}

	@Test
	void leaveWhenCalledTwiceThenOtherRequestsOfTheLoginStillGetTheAnswer() throws Exception {
		PendingLoginSerializer.Ticket first = this.serializer.join(TOKEN);
		PendingLoginSerializer.Ticket inFlight = this.serializer.join(TOKEN);
		this.serializer.run(first, new MockHttpServletRequest(), new MockHttpServletResponse(),
				(rq, rs) -> JsonResponses.write(rs, 200, Map.of("status", "confirmed")), CONSUMED);
		this.serializer.leave(first);
		this.serializer.leave(first);
		// one request is still in flight, so the answer is still kept for a request that joins now
		assertThat(answersAsConcurrent(this.serializer.join(TOKEN))).isTrue();
		this.serializer.leave(inFlight);
	}

	@Test
	void runWhenAnswerLargerThanWhatIsKeptThenItIsNotGivenAgain() throws Exception {
		PendingLoginSerializer.Ticket first = this.serializer.join(TOKEN);
		PendingLoginSerializer.Ticket waiting = this.serializer.join(TOKEN);
		this.serializer.run(first, new MockHttpServletRequest(), new MockHttpServletResponse(),
				(rq, rs) -> JsonResponses.write(rs, 200, Map.of("status", "confirmed", "pad", "x".repeat(70_000))),
				CONSUMED);
		this.serializer.leave(first);
		assertThat(answersAsConcurrent(waiting)).isFalse();
	}

	@Test
	void runWhenTheAnswerIsWrittenThroughTheWriterThenItIsGivenAgainIntact() throws Exception {
		PendingLoginSerializer.Ticket first = this.serializer.join(TOKEN);
		PendingLoginSerializer.Ticket waiting = this.serializer.join(TOKEN);
		this.serializer.run(first, new MockHttpServletRequest(), new MockHttpServletResponse(), (rq, rs) -> {
			rs.setStatus(200);
			rs.setContentType("text/plain;charset=UTF-8");
			rs.getWriter().write("Привет");
		}, CONSUMED);
		this.serializer.leave(first);
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.serializer.run(waiting, new MockHttpServletRequest(), response,
				PendingLoginSerializer::answerAsConcurrentRequest, NOT_CONSUMED);
		assertThat(response.getContentAsString(StandardCharsets.UTF_8)).isEqualTo("Привет");
	}

	@Test
	void runWhenTheTurnDoesNotComeWithinTheTimeoutThenTooManyRequestsAndTheWorkDoesNotRun() throws Exception {
		this.serializer.setTimeout(Duration.ofMillis(200));
		CountDownLatch firstIn = new CountDownLatch(1);
		CountDownLatch releaseFirst = new CountDownLatch(1);
		Future<MockHttpServletResponse> first = this.executor.submit(() -> run(TOKEN, (rq, rs) -> {
			firstIn.countDown();
			try {
				releaseFirst.await(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			rs.setStatus(204);
		}, NOT_CONSUMED));
		assertThat(firstIn.await(10, TimeUnit.SECONDS)).isTrue();
		AtomicBoolean ran = new AtomicBoolean();
		MockHttpServletResponse response = run(TOKEN, (rq, rs) -> ran.set(true), NOT_CONSUMED);
		releaseFirst.countDown();
		assertThat(response.getStatus()).isEqualTo(429);
		assertThat(response.getHeader("Retry-After")).isEqualTo("1");
		assertThat(response.getContentAsString()).contains("\"rate_limited\"");
		assertThat(ran).isFalse();
		assertThat(first.get(10, TimeUnit.SECONDS).getStatus()).isEqualTo(204);
	}

	@Test
	void runWhenInterruptedWhileWaitingThenTooManyRequestsAndTheInterruptKept() throws Exception {
		CountDownLatch firstIn = new CountDownLatch(1);
		CountDownLatch releaseFirst = new CountDownLatch(1);
		Future<MockHttpServletResponse> first = this.executor.submit(() -> run(TOKEN, (rq, rs) -> {
			firstIn.countDown();
			try {
				releaseFirst.await(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}, NOT_CONSUMED));
		assertThat(firstIn.await(10, TimeUnit.SECONDS)).isTrue();
		Thread.currentThread().interrupt();
		MockHttpServletResponse response;
		try {
			response = run(TOKEN, (rq, rs) -> rs.setStatus(200), NOT_CONSUMED);
			assertThat(Thread.currentThread().isInterrupted()).isTrue();
		}
		finally {
			Thread.interrupted();
			releaseFirst.countDown();
		}
		assertThat(response.getStatus()).isEqualTo(429);
		first.get(10, TimeUnit.SECONDS);
	}

	private MockHttpServletResponse run(String token, PendingLoginSerializer.Work work,
			PendingLoginSerializer.Consumed consumed) throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.serializer.run(token, new MockHttpServletRequest(), response, work, consumed);
		return response;
	}

	private boolean answersAsConcurrent(PendingLoginSerializer.Ticket ticket) throws Exception {
		AtomicBoolean answered = new AtomicBoolean();
		try {
			this.serializer.run(ticket, new MockHttpServletRequest(), new MockHttpServletResponse(),
					(rq, rs) -> answered.set(PendingLoginSerializer.answerAsConcurrentRequest(rq, rs)), NOT_CONSUMED);
		}
		finally {
			this.serializer.leave(ticket);
		}
		return answered.get();
	}

}
