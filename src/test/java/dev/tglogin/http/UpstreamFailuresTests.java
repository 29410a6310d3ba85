package dev.tglogin.http;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;

import dev.tglogin.core.UpstreamException;
import dev.tglogin.core.UpstreamTimeoutException;
import dev.tglogin.core.UpstreamUnavailableException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link UpstreamFailures}; {@link UpstreamHttpClientTests} and {@link JettyUpstreamHttpClientTests} cover
 * the same failures end to end over real connections.
 */
class UpstreamFailuresTests {

	private final UpstreamFailures failures = new UpstreamFailures("bondify", Duration.ofMillis(1500));

	@Test
	void translateWhenUpstreamExceptionThenTheSameInstance() {
		UpstreamException failure = new UpstreamTimeoutException("xellar", "late", null);
		assertThat(this.failures.translate(failure)).isSameAs(failure);
	}

	@Test
	void translateWhenWrappedInCompletionAndExecutionExceptionsThenTheCauseTranslated() {
		UpstreamException failure = new UpstreamException("bondify", "bad");
		Throwable wrapped = new CompletionException(new ExecutionException(new CompletionException(failure)));
		assertThat(this.failures.translate(wrapped)).isSameAs(failure);
		ConnectException refused = new ConnectException("Connection refused");
		UpstreamException translated = this.failures.translate(new ExecutionException(refused));
		assertThat(translated).isInstanceOf(UpstreamUnavailableException.class);
		assertThat(translated.getCause()).isSameAs(refused);
	}

	@Test
	void translateWhenWrapperWithoutCauseThenPlainUpstreamExceptionNamingTheWrapper() {
		UpstreamException translated = this.failures.translate(new CompletionException("no cause", null));
		assertThat(translated).isExactlyInstanceOf(UpstreamException.class);
		assertThat(translated).hasMessage("bondify: call failed (CompletionException)");
	}

	@Test
	void translateWhenNoConnectionThenUpstreamUnavailableException() {
		assertThat(this.failures.translate(new ConnectException("Connection refused")))
			.isInstanceOf(UpstreamUnavailableException.class)
			.hasMessage("bondify: cannot connect (ConnectException)");
		assertThat(this.failures.translate(new HttpConnectTimeoutException("HTTP connect timed out")))
			.isInstanceOf(UpstreamUnavailableException.class)
			.hasMessage("bondify: cannot connect (HttpConnectTimeoutException)");
	}

	@Test
	void translateWhenNoAnswerInTimeThenUpstreamTimeoutExceptionNamingTheReadTimeout() {
		assertThat(this.failures.translate(new HttpTimeoutException("request timed out")))
			.isInstanceOf(UpstreamTimeoutException.class)
			.hasMessage("bondify: no answer within 1500 ms");
		assertThat(this.failures.translate(new TimeoutException()))
			.isInstanceOf(UpstreamTimeoutException.class)
			.hasMessage("bondify: no answer within 1500 ms");
	}

	@Test
	void translateWhenBodyTooLargeThenPlainUpstreamExceptionWithTheLimit() {
		UpstreamException translated = this.failures.translate(new BoundedBodySubscriber.BodyTooLargeException(100));
		assertThat(translated).isExactlyInstanceOf(UpstreamException.class);
		assertThat(translated).hasMessage("bondify: response body larger than 100 bytes");
		assertThat(translated.getUpstream()).isEqualTo("bondify");
	}

	@Test
	void translateWhenOtherIOExceptionThenUpstreamUnavailableException() {
		assertThat(this.failures.translate(new EOFException("secret-in-message")))
			.isInstanceOf(UpstreamUnavailableException.class)
			.hasMessage("bondify: connection failed (EOFException)");
		assertThat(this.failures.translate(new IOException("closed")))
			.isInstanceOf(UpstreamUnavailableException.class)
			.hasMessage("bondify: connection failed (IOException)");
	}

	@Test
	void translateWhenAnythingElseThenPlainUpstreamExceptionNamingOnlyTheClass() {
		IllegalStateException failure = new IllegalStateException("https://bondify.example/x?token=secret");
		UpstreamException translated = this.failures.translate(failure);
		assertThat(translated).isExactlyInstanceOf(UpstreamException.class);
		assertThat(translated).hasMessage("bondify: call failed (IllegalStateException)");
		assertThat(translated.getCause()).isSameAs(failure);
	}

}
