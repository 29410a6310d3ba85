package dev.tglogin.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

import org.jspecify.annotations.Nullable;

/**
 * Collects a response body into a byte array, failing (and cancelling the download) once it exceeds a limit, so a
 * misbehaving upstream cannot make us buffer an unbounded body.
 */
final class BoundedBodySubscriber implements BodySubscriber<byte[]> {

	private final int limit;

	private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

	private final CompletableFuture<byte[]> result = new CompletableFuture<>();

	private Flow.@Nullable Subscription subscription;

	BoundedBodySubscriber(int limit) {
		this.limit = limit;
	}

	@Override
	public CompletionStage<byte[]> getBody() {
		return this.result;
	}

	@Override
	public void onSubscribe(Flow.Subscription subscription) {
		this.subscription = subscription;
		subscription.request(Long.MAX_VALUE);
	}

	@Override
	public void onNext(List<ByteBuffer> items) {
		if (this.result.isDone()) {
			return;
		}
		for (ByteBuffer item : items) {
			if (this.buffer.size() + item.remaining() > this.limit) {
				this.subscription.cancel();
				this.result.completeExceptionally(new BodyTooLargeException(this.limit));
				return;
			}
			byte[] bytes = new byte[item.remaining()];
			item.get(bytes);
			this.buffer.write(bytes, 0, bytes.length);
		}
	}

	@Override
	public void onError(Throwable throwable) {
		this.result.completeExceptionally(throwable);
	}

	@Override
	public void onComplete() {
		this.result.complete(this.buffer.toByteArray());
	}

	/** The body was larger than the limit. */
	static final class BodyTooLargeException extends IOException {

		private static final long serialVersionUID = 1L;

		BodyTooLargeException(int limit) {
			super("response body larger than " + limit + " bytes");
		}

	}

}
