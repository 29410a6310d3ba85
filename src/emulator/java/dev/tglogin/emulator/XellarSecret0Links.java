package dev.tglogin.emulator;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * The {@code secret0} of each wallet the Xellar emulator created, behind a random link id that works
 * {@link XellarWire#SECRET0_LINK_LIFETIME}.
 * <p>
 * This class is not thread-safe: {@link XellarAccounts} guards it with its lock.
 */
final class XellarSecret0Links {

	private static final int SECRET0_BYTES = 32;

	private static final int LINK_ID_BYTES = 24;

	private final SecureRandom random;

	/** By link id. */
	private final XellarTokenMap<Secret0> links;

	/**
	 * @param random the source of secret0s and link ids
	 * @param maxLinks most links kept
	 */
	XellarSecret0Links(SecureRandom random, int maxLinks) {
		this.random = random;
		this.links = new XellarTokenMap<>(maxLinks);
	}

	/**
	 * @param now the creation time
	 * @return a new random {@code secret0} and the id of the link to it
	 */
	Link create(Instant now) {
		String secret0 = Tokens.randomUrlSafe(this.random, SECRET0_BYTES);
		String linkId = Tokens.randomUrlSafe(this.random, LINK_ID_BYTES);
		this.links.put(linkId, new Secret0(secret0, now.plus(XellarWire.SECRET0_LINK_LIFETIME)));
		return new Link(secret0, linkId);
	}

	/** @return the secret0 behind a live link, else empty */
	Optional<String> secret0(@Nullable String linkId) {
		return Optional.ofNullable(this.links.get(linkId)).map(Secret0::value);
	}

	/**
	 * Drops the links expired at {@code now}.
	 * @param now the current time
	 */
	void purge(Instant now) {
		this.links.purge(now);
	}

	/**
	 * A new wallet's secret0 and its link id.
	 * @param secret0 the secret0
	 * @param linkId the link id
	 */
	record Link(String secret0, String linkId) {

		@Override
		public String toString() {
			return "Link[secret0=***, linkId=***]";
		}

	}

	private record Secret0(String value, Instant expiresAt) implements XellarTokenMap.Expiring {
	}

}
