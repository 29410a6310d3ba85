package dev.tglogin.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

import dev.tglogin.store.StoreKeys;

/**
 * Lets the requests of one browser that act on the same pending login (concurrent {@code /status} polls, parallel
 * {@code /otp/verify} submissions) run one at a time, so a pending login completes at most once and the first
 * {@code confirmed} Bondify hands out cannot be dropped by a concurrent poll that sees {@code used}.
 * <p>
 * The request that consumes the pending login (completes it, or ends it) leaves its answer behind; the requests that
 * were waiting for the same pending login meanwhile give that same answer (for a completed login, the
 * {@code confirmed} answer with its user and redirect) instead of a misleading {@code used} or
 * {@code no_pending_login}, and never complete it a second time. Once no request of that pending login is in
 * flight, nothing is kept: a later request sees no pending login. A request that cannot get its turn within the
 * timeout answers 429 {@code rate_limited} with {@code Retry-After: 1}.
 * <p>
 * The serialization is per JVM: with several instances and a shared session, the store's single-use records still
 * let a Bondify session complete one login only.
 * <p>
 * This class is thread-safe.
 */
final class PendingLoginSerializer {

	private static final String ENTRY_ATTRIBUTE = PendingLoginSerializer.class.getName() + ".ENTRY";

	/** Most bytes of an answer kept to replay; a larger one is not replayed. */
	private static final int MAX_ANSWER_BYTES = 64 * 1024;

	private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

	private Duration timeout = Duration.ofSeconds(10);

	private TelegramLoginMessages messages = TelegramLoginMessages.library();

	void setMessages(TelegramLoginMessages messages) {
		this.messages = messages;
	}

	void setTimeout(Duration timeout) {
		Assert.isTrue(timeout != null && !timeout.isNegative() && !timeout.isZero(), "timeout must be positive");
		this.timeout = timeout;
	}

	/**
	 * Runs the work while holding the turn of a pending login.
	 * @param token the pending login's token (kept only as a hash)
	 * @param request the request
	 * @param response the response
	 * @param work what to do in turn
	 * @param consumed tells, after the work, whether the pending login is gone (completed or ended)
	 */
	void run(String token, HttpServletRequest request, HttpServletResponse response, Work work, Consumed consumed)
			throws IOException, ServletException {
		Ticket ticket = join(token);
		try {
			run(ticket, request, response, work, consumed);
		}
		finally {
			leave(ticket);
		}
	}

	/**
	 * Joins the requests of a pending login before the work can run, for a request that first waits for something
	 * else (an asynchronous upstream answer): until it {@link #leave leaves}, an answer that consumes the pending
	 * login is kept for it. Every ticket must be left exactly once.
	 * @param token the pending login's token (kept only as a hash)
	 * @return the ticket
	 */
	Ticket join(String token) {
		String key = StoreKeys.key("pending", token);
		Entry entry = this.entries.compute(key, (k, existing) -> {
			Entry e = (existing != null) ? existing : new Entry(key);
			e.users++;
			return e;
		});
		return new Ticket(entry, token);
	}

	/**
	 * Leaves the requests of a pending login; a ticket already left is ignored.
	 * @param ticket the ticket from {@link #join}
	 */
	void leave(Ticket ticket) {
		if (ticket.left.compareAndSet(false, true)) {
			this.entries.computeIfPresent(ticket.entry.key, (k, e) -> (--e.users == 0) ? null : e);
		}
	}

	/**
	 * Runs the work while holding the turn of a pending login joined earlier (the ticket is not left).
	 * @param ticket the ticket from {@link #join}
	 * @param request the request
	 * @param response the response
	 * @param work what to do in turn
	 * @param consumed tells, after the work, whether the pending login is gone (completed or ended)
	 */
	void run(Ticket ticket, HttpServletRequest request, HttpServletResponse response, Work work, Consumed consumed)
			throws IOException, ServletException {
		Entry entry = ticket.entry;
		try {
			if (!entry.lock.tryLock(this.timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				JsonResponses.error(response, this.messages.localize(TelegramLoginError.rateLimited(1), request));
				return;
			}
			try {
				TeeResponse tee = new TeeResponse(response);
				request.setAttribute(ENTRY_ATTRIBUTE, entry);
				try {
					work.run(request, tee);
				}
				finally {
					request.removeAttribute(ENTRY_ATTRIBUTE);
					if (entry.answer == null && tee.status() != 0 && consumed.isConsumed()) {
						entry.answer = tee.answer();
					}
				}
			}
			finally {
				entry.lock.unlock();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			JsonResponses.error(response, this.messages.localize(TelegramLoginError.rateLimited(1), request));
		}
	}

	/** A request's membership among the requests of one pending login. */
	static final class Ticket {

		private final Entry entry;

		private final AtomicBoolean left = new AtomicBoolean();

		private final String token;

		private Ticket(Entry entry, String token) {
			this.entry = entry;
			this.token = token;
		}

		/** The pending login's token. */
		String token() {
			return this.token;
		}

	}

	/**
	 * Within the work: whether the turn was taken for this token, and another request of the same browser consumed
	 * the pending login while this one waited; if so, gives its answer and returns {@code true}.
	 * @param request the request
	 * @param response the response
	 * @return whether an answer was given
	 */
	static boolean answerAsConcurrentRequest(HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		if (!(request.getAttribute(ENTRY_ATTRIBUTE) instanceof Entry entry) || entry.answer == null) {
			return false;
		}
		entry.answer.replay(response);
		return true;
	}

	/** Whether the given token is the one whose turn this request holds (or no turn is held). */
	static boolean isTurnOf(HttpServletRequest request, String token) {
		return !(request.getAttribute(ENTRY_ATTRIBUTE) instanceof Entry entry)
				|| entry.key.equals(StoreKeys.key("pending", token));
	}

	/** The work done in turn. */
	@FunctionalInterface
	interface Work {

		void run(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException;

	}

	/** Whether the pending login is gone after the work. */
	@FunctionalInterface
	interface Consumed {

		boolean isConsumed();

	}

	private static final class Entry {

		private final String key;

		private final ReentrantLock lock = new ReentrantLock();

		/** Guarded by the map's compute. */
		private int users;

		/** Written and read under the lock. */
		private @Nullable Answer answer;

		private Entry(String key) {
			this.key = key;
		}

	}

	/** An answer to replay: status, the headers that matter, body. */
	private record Answer(int status, @Nullable String contentType, @Nullable String location,
			@Nullable String retryAfter, byte[] body) {

		void replay(HttpServletResponse response) throws IOException {
			if (response.isCommitted()) {
				return;
			}
			response.setStatus(this.status);
			if (this.contentType != null) {
				response.setContentType(this.contentType);
			}
			if (this.location != null) {
				response.setHeader("Location", this.location);
			}
			if (this.retryAfter != null) {
				response.setHeader("Retry-After", this.retryAfter);
			}
			response.setHeader("Cache-Control", "no-store");
			response.setContentLength(this.body.length);
			response.getOutputStream().write(this.body);
			response.flushBuffer();
		}

	}

	/** Passes everything through to the response and keeps a copy of the body (bounded). */
	private static final class TeeResponse extends HttpServletResponseWrapper {

		private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

		private boolean overflow;

		private @Nullable ServletOutputStream out;

		private @Nullable PrintWriter writer;

		TeeResponse(HttpServletResponse response) {
			super(response);
		}

		int status() {
			return getStatus();
		}

		@Nullable Answer answer() {
			if (this.writer != null) {
				this.writer.flush();
			}
			if (this.overflow) {
				return null;
			}
			return new Answer(getStatus(), getContentType(), getHeader("Location"), getHeader("Retry-After"),
					this.copy.toByteArray());
		}

		@Override
		public ServletOutputStream getOutputStream() throws IOException {
			if (this.out == null) {
				ServletOutputStream target = super.getOutputStream();
				this.out = new ServletOutputStream() {

					@Override
					public void write(int b) throws IOException {
						target.write(b);
						keep(new byte[] { (byte) b }, 0, 1);
					}

					@Override
					public void write(byte[] b, int off, int len) throws IOException {
						target.write(b, off, len);
						keep(b, off, len);
					}

					@Override
					public void flush() throws IOException {
						target.flush();
					}

					@Override
					public boolean isReady() {
						return target.isReady();
					}

					@Override
					public void setWriteListener(WriteListener listener) {
						target.setWriteListener(listener);
					}

				};
			}
			return this.out;
		}

		@Override
		public PrintWriter getWriter() throws IOException {
			if (this.writer == null) {
				String encoding = getCharacterEncoding();
				Charset charset = (encoding != null && Charset.isSupported(encoding)) ? Charset.forName(encoding)
						: StandardCharsets.ISO_8859_1;
				this.writer = new PrintWriter(new OutputStreamWriter(getOutputStream(), charset));
			}
			return this.writer;
		}

		@Override
		public void flushBuffer() throws IOException {
			if (this.writer != null) {
				this.writer.flush();
			}
			super.flushBuffer();
		}

		private void keep(byte[] bytes, int offset, int length) {
			if (this.copy.size() + length > MAX_ANSWER_BYTES) {
				this.overflow = true;
				return;
			}
			this.copy.write(bytes, offset, length);
		}

	}

}
