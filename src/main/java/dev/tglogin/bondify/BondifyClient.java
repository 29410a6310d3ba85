package dev.tglogin.bondify;

import java.util.concurrent.CompletableFuture;

import dev.tglogin.core.UpstreamException;

/**
 * Calls Bondify's public session API for one project. Implementations must be thread-safe.
 * <p>
 * Replace the default ({@link HttpBondifyClient}) to add caching, tracing or a different transport.
 */
public interface BondifyClient {

	/**
	 * Creates a login session.
	 * @return the new session
	 * @throws UpstreamException when Bondify cannot be reached or answers badly
	 */
	BondifySession generate();

	/**
	 * Reads a session's status.
	 * @param sessionToken the session token from {@link #generate()}
	 * @return the status; a confirmed status carries the (still unverified) proof
	 * @throws UpstreamException when Bondify cannot be reached or answers badly
	 */
	BondifyStatus status(String sessionToken);

	/**
	 * Reads a session's status without holding the calling thread while Bondify answers. The default runs
	 * {@link #status(String)} on the common pool; {@link HttpBondifyClient} sends the request asynchronously.
	 * @param sessionToken the session token from {@link #generate()}
	 * @return the future status; it completes exceptionally with an {@link UpstreamException} when Bondify cannot be
	 * reached or answers badly
	 */
	default CompletableFuture<BondifyStatus> statusAsync(String sessionToken) {
		return CompletableFuture.supplyAsync(() -> status(sessionToken));
	}

}
