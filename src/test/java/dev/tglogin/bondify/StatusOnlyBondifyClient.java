package dev.tglogin.bondify;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** A Bondify client of tests that only reads statuses: starting a session or a blocking read fails. */
abstract class StatusOnlyBondifyClient implements BondifyClient {

	/**
	 * A client whose status calls answer as the test says.
	 * @param statusAsync what a status call answers
	 * @return the client
	 */
	static BondifyClient answering(Function<String, CompletableFuture<BondifyStatus>> statusAsync) {
		return new StatusOnlyBondifyClient() {

			@Override
			public CompletableFuture<BondifyStatus> statusAsync(String sessionToken) {
				return statusAsync.apply(sessionToken);
			}

		};
	}

	@Override
	public BondifySession generate() {
		throw new UnsupportedOperationException();
	}

	@Override
	public BondifyStatus status(String sessionToken) {
		throw new UnsupportedOperationException();
	}

	@Override
	public abstract CompletableFuture<BondifyStatus> statusAsync(String sessionToken);

}
