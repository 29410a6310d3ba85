package dev.tglogin.emulator;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;

import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;

/**
 * The Xellar emulator's users by normalized phone number ({@code +digits}), in registration order: registered on
 * first sight with a random {@code xu_} id, the oldest evicted beyond a maximum number, so memory stays bounded.
 * <p>
 * This class is not thread-safe: {@link XellarAccounts} guards it and the users' state with its lock.
 */
final class XellarUsers {

	private static final String UID_PREFIX = "xu_";

	private final int maxUsers;

	private final boolean permissionGrantedByDefault;

	private final SecureRandom random;

	private final LinkedHashMap<String, User> users = new LinkedHashMap<>();

	/**
	 * @param maxUsers most users kept
	 * @param permissionGrantedByDefault whether new users have granted the app permission for wallet operations
	 * @param random the source of user ids
	 */
	XellarUsers(int maxUsers, boolean permissionGrantedByDefault, SecureRandom random) {
		Assert.isTrue(maxUsers >= 1, "maxUsers must be at least 1");
		this.maxUsers = maxUsers;
		this.permissionGrantedByDefault = permissionGrantedByDefault;
		this.random = random;
	}

	/** @return the user of a normalized phone number, or {@code null} for an unknown one */
	@Nullable User get(String phone) {
		return this.users.get(phone);
	}

	/**
	 * Registers a phone number, evicting the oldest user when full.
	 * @param phone a normalized phone number
	 * @return the new user, without wallet
	 */
	User register(String phone) {
		while (this.users.size() >= this.maxUsers) {
			Iterator<User> oldest = this.users.values().iterator();
			oldest.next();
			oldest.remove();
		}
		User user = new User(phone, UID_PREFIX + HexFormat.of().formatHex(Tokens.randomBytes(this.random, 12)),
				this.permissionGrantedByDefault);
		this.users.put(phone, user);
		return user;
	}

	/** @return every user, oldest first (a view: do not keep it beyond the lock) */
	Collection<User> values() {
		return this.users.values();
	}

	/** Mutable user state. Guarded by the lock of {@link XellarAccounts}. */
	static final class User {

		final String phone;

		final String uid;

		/** The EVM address, or {@code null} without wallet. */
		@Nullable String address;

		/** When the last accepted login was, for the login interval. */
		@Nullable Instant lastLoginAt;

		/** The verification token of the latest login, possibly expired or used; {@code null} after a verify. */
		@Nullable String verificationToken;

		/** Whether the user granted the app permission for wallet operations (v2). */
		boolean permissionGranted;

		private User(String phone, String uid, boolean permissionGranted) {
			this.phone = phone;
			this.uid = uid;
			this.permissionGranted = permissionGranted;
		}

		@Override
		public String toString() {
			return "User[uid=" + this.uid + "]";
		}

	}

}
