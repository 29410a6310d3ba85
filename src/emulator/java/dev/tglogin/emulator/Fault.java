package dev.tglogin.emulator;

import java.time.Duration;

import org.springframework.util.Assert;

/**
 * A misbehaviour of the emulated upstream API, injected through {@link EmulatorFaults} to test how a client copes.
 * <p>
 * What {@link EmulatorServlet} does for each kind, with the error body of the upstream that serves the endpoint
 * (Bondify's {@code {"error": ..., "code": ...}}, or Xellar's envelope {@code {"status": ..., "message": ...,
 * "data": null}}):
 * <ul>
 * <li>{@link #latency(Duration)}: sleeps, then answers normally.</li>
 * <li>{@link #status(int)}: answers that HTTP status with an error body (Bondify code {@code RATE_LIMITED} for 429,
 * {@value #CODE_EMULATED_FAULT} otherwise).</li>
 * <li>{@link #rateLimited(Duration)}: answers 429 (Bondify code {@code RATE_LIMITED}) with a {@code Retry-After}
 * header in whole seconds (rounded up).</li>
 * <li>{@link #malformedJson()}: answers 200 {@code application/json} with a body that is not JSON (truncated).</li>
 * <li>{@link #wrongTypes()}: answers 200 with valid JSON whose fields have the wrong types (Bondify: {@code status} a
 * number, {@code session_token} an object, ...; Xellar: the envelope's {@code status} a string and each {@code data}
 * field any Xellar endpoint answers of a wrong type).</li>
 * <li>{@link #hugeBody(int)}: answers 200 with a valid JSON object of exactly that many bytes, padded with one long
 * string field, so a client that accepted it would otherwise see a normal-looking answer.</li>
 * <li>{@link #drop()}: sends the status line and headers with {@code Connection: close} and a {@code Content-Length}
 * larger than the bytes that follow, then ends the exchange: the container closes the connection, and the client
 * sees a truncated response (an {@link java.io.IOException} such as "EOF reached" in most clients). A servlet cannot
 * portably drop a connection before the status line.</li>
 * </ul>
 */
public sealed interface Fault {

	/** The error code of a {@link #status(int)} fault other than 429. Emulator-only. */
	String CODE_EMULATED_FAULT = "EMULATED_FAULT";

	/** Longest accepted latency. */
	Duration MAX_LATENCY = Duration.ofSeconds(60);

	/** Largest accepted {@link #hugeBody(int)} size. */
	int MAX_HUGE_BODY_BYTES = 64 * 1024 * 1024;

	/** Smallest accepted {@link #hugeBody(int)} size: enough for a valid padded JSON object. */
	int MIN_HUGE_BODY_BYTES = 256;

	/**
	 * @param delay how long to wait before answering normally (0 to {@link #MAX_LATENCY})
	 * @return the fault
	 */
	static Fault latency(Duration delay) {
		return new Latency(delay);
	}

	/**
	 * @param httpStatus the HTTP error status to answer with (400-599)
	 * @return the fault
	 */
	static Fault status(int httpStatus) {
		return new Status(httpStatus);
	}

	/**
	 * @param retryAfter the {@code Retry-After} to announce, sent in whole seconds rounded up (not negative)
	 * @return the fault
	 */
	static Fault rateLimited(Duration retryAfter) {
		return new RateLimited(retryAfter);
	}

	/** @return a fault answering 200 with a body that is not JSON */
	static Fault malformedJson() {
		return new MalformedJson();
	}

	/** @return a fault answering 200 with JSON whose fields have the wrong types */
	static Fault wrongTypes() {
		return new WrongTypes();
	}

	/**
	 * @param bytes the exact body size ({@link #MIN_HUGE_BODY_BYTES} to {@link #MAX_HUGE_BODY_BYTES})
	 * @return a fault answering 200 with a valid JSON body of that size
	 */
	static Fault hugeBody(int bytes) {
		return new HugeBody(bytes);
	}

	/** @return a fault that breaks the connection mid-response */
	static Fault drop() {
		return new Drop();
	}

	/**
	 * Sleep, then answer normally.
	 * @param delay the delay
	 */
	record Latency(Duration delay) implements Fault {

		/** Validates the delay. */
		public Latency {
			Assert.notNull(delay, "delay cannot be null");
			Assert.isTrue(!delay.isNegative() && delay.compareTo(MAX_LATENCY) <= 0,
					"delay must be between 0 and " + MAX_LATENCY);
		}

	}

	/**
	 * Answer an HTTP error status.
	 * @param httpStatus the status
	 */
	record Status(int httpStatus) implements Fault {

		/** Validates the status. */
		public Status {
			Assert.isTrue(httpStatus >= 400 && httpStatus <= 599, "httpStatus must be between 400 and 599");
		}

	}

	/**
	 * Answer 429 with {@code Retry-After}.
	 * @param retryAfter the delay to announce
	 */
	record RateLimited(Duration retryAfter) implements Fault {

		/** Validates the delay. */
		public RateLimited {
			Assert.notNull(retryAfter, "retryAfter cannot be null");
			Assert.isTrue(!retryAfter.isNegative(), "retryAfter cannot be negative");
		}

		/** @return the {@code Retry-After} value: whole seconds, rounded up */
		public long retryAfterSeconds() {
			long seconds = this.retryAfter.getSeconds();
			return (this.retryAfter.getNano() > 0) ? seconds + 1 : seconds;
		}

	}

	/** Answer 200 with a body that is not JSON. */
	record MalformedJson() implements Fault {
	}

	/** Answer 200 with JSON of the wrong types. */
	record WrongTypes() implements Fault {
	}

	/**
	 * Answer 200 with a valid JSON body of an exact size.
	 * @param bytes the body size
	 */
	record HugeBody(int bytes) implements Fault {

		/** Validates the size. */
		public HugeBody {
			Assert.isTrue(bytes >= MIN_HUGE_BODY_BYTES && bytes <= MAX_HUGE_BODY_BYTES,
					"bytes must be between " + MIN_HUGE_BODY_BYTES + " and " + MAX_HUGE_BODY_BYTES);
		}

	}

	/** Break the connection mid-response. */
	record Drop() implements Fault {
	}

}
