package dev.tglogin.emulator;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The Xellar emulator's users, wallets and live tokens, and what the calls do to them: a login makes an OTP (one per
 * phone number per login interval, a new one replacing the earlier verification token), the right OTP consumes its
 * verification token and answers wallet tokens or an access token, the access token creates a wallet, a refresh
 * token works once, a wallet operation spends its wallet token once the user granted the app permission. Callers
 * have checked the client secret and the request's fields; refusals are {@link EmulatorException}s with the
 * {@code CODE_*} of {@link XellarEmulator}. At most {@value XellarEmulator#MAX_USERS} users and
 * {@value XellarEmulator#MAX_TOKENS} tokens of each kind are kept.
 * <p>
 * Logs under {@link XellarEmulator}'s name: the OTPs (the emulated Telegram), never a whole token.
 * <p>
 * This class is thread-safe: every method runs under one lock.
 */
final class XellarAccounts {

	private static final Log logger = LogFactory.getLog(XellarEmulator.class);

	private final SecureRandom random;

	private final XellarTokenSigner tokens;

	/** The emulator's own URL as the last request reached it, for the accept-permission page. */
	private volatile String publicBase = "http://127.0.0.1/tglogin-emulator";

	private final Object lock = new Object();

	// Guarded by lock. Insertion order is creation order; each token map has one lifetime, so it is also expiry order.

	/** By normalized phone number ({@code +digits}). */
	private final XellarUsers users;

	private final XellarOtps otps;

	private final XellarGrants grants;

	/** By link id. */
	private final XellarSecret0Links secret0Links;

	/**
	 * @param otpLifetime how long an OTP and its verification token can be verified
	 * @param loginInterval the least time between two logins of one phone number ({@link Duration#ZERO}: no limit)
	 * @param accessTokenLifetime how long an access token lives
	 * @param walletTokenLifetime how long an unused wallet token lives
	 * @param refreshTokenLifetime how long an unused refresh token lives
	 * @param permissionGrantedByDefault whether new users have granted the app permission for wallet operations
	 * @param random the source of OTPs, uids, addresses, secret0s and the tokens' key and ids
	 */
	XellarAccounts(Duration otpLifetime, Duration loginInterval, Duration accessTokenLifetime,
			Duration walletTokenLifetime, Duration refreshTokenLifetime, boolean permissionGrantedByDefault,
			SecureRandom random) {
		this.users = new XellarUsers(XellarEmulator.MAX_USERS, permissionGrantedByDefault, random);
		this.random = random;
		this.tokens = new XellarTokenSigner(random);
		this.secret0Links = new XellarSecret0Links(random, XellarEmulator.MAX_TOKENS);
		this.otps = new XellarOtps(otpLifetime, loginInterval, random, this.tokens, XellarEmulator.MAX_TOKENS);
		this.grants = new XellarGrants(accessTokenLifetime, walletTokenLifetime, refreshTokenLifetime, this.tokens,
				XellarEmulator.MAX_TOKENS);
	}

	/**
	 * A login: registers the phone number on first sight, makes an OTP (logged) and a verification token that
	 * replaces the earlier one.
	 * @param phone a normalized phone number
	 * @param now the current time
	 * @return the verification token and whether the user has a wallet
	 * @throws EmulatorException 429 (with a retry-after) for a second login within the login interval
	 */
	OtpSent login(String phone, Instant now) {
		XellarOtps.Sent sent;
		boolean walletCreated;
		synchronized (this.lock) {
			purge(now);
			XellarUsers.User user = this.users.get(phone);
			this.otps.checkLoginInterval((user != null) ? user.lastLoginAt : null, now);
			if (user == null) {
				user = this.users.register(phone);
			}
			sent = this.otps.send(phone, user.uid, user.verificationToken, now);
			user.verificationToken = sent.verificationToken();
			user.lastLoginAt = now;
			walletCreated = user.address != null;
		}
		if (logger.isInfoEnabled()) {
			logger.info("Xellar emulator OTP for " + XellarPhoneNumbers.mask(phone) + ": " + sent.otp());
		}
		return new OtpSent(sent.verificationToken(), walletCreated);
	}

	/**
	 * Verifies an OTP: the right one consumes the verification token, a wrong one does not.
	 * @param version {@code v1} or {@code v2}
	 * @param verificationToken the verification token
	 * @param otp the OTP
	 * @param now the current time
	 * @return wallet tokens for a user with a wallet, else an access token
	 * @throws EmulatorException for an unknown, expired, replaced or used verification token, or a wrong OTP
	 */
	XellarAnswer verify(String version, String verificationToken, String otp, Instant now) {
		XellarAnswer answer;
		String phone;
		synchronized (this.lock) {
			purge(now);
			String sentTo = this.otps.phone(verificationToken);
			XellarUsers.User user = (sentTo != null) ? this.users.get(sentTo) : null;
			if (user == null) {
				throw new EmulatorException(XellarWire.STATUS_EXPIRED_VERIFICATION,
						XellarEmulator.CODE_INVALID_VERIFICATION_TOKEN, "Invalid or expired verification token");
			}
			if (!this.otps.matches(verificationToken, otp)) {
				throw new EmulatorException(XellarWire.STATUS_WRONG_OTP, XellarEmulator.CODE_WRONG_OTP,
						"Invalid OTP");
			}
			this.otps.consume(verificationToken);
			user.verificationToken = null;
			phone = user.phone;
			if (user.address != null) {
				answer = new XellarAnswer.WalletVerified(version, walletTokens(user, version, now), user.address);
			}
			else {
				answer = new XellarAnswer.AccessGranted(this.grants.issueAccessToken(user.uid, user.phone, now));
			}
		}
		if (logger.isInfoEnabled()) {
			logger.info("Xellar emulator OTP verified for " + XellarPhoneNumbers.mask(phone) + " ["
					+ Tokens.fingerprint(verificationToken) + "]");
		}
		return answer;
	}

	/**
	 * Creates the wallet of the access token's user.
	 * @param version {@code v1} or {@code v2}
	 * @param accessToken the access token, or {@code null}
	 * @param secret0LinkBase the URL the {@code secret0Link} is built on
	 * @param now the current time
	 * @return the new wallet
	 * @throws EmulatorException 401 for a missing, unknown or expired access token, 409 when the user has a wallet
	 */
	XellarAnswer.WalletCreated createAccount(String version, @Nullable String accessToken, String secret0LinkBase,
			Instant now) {
		XellarAnswer.WalletCreated answer;
		String phone;
		synchronized (this.lock) {
			purge(now);
			String owner = hasText(accessToken) ? this.grants.accessTokenOwner(accessToken) : null;
			XellarUsers.User user = (owner != null) ? this.users.get(owner) : null;
			if (user == null) {
				throw new EmulatorException(401, XellarEmulator.CODE_INVALID_ACCESS_TOKEN,
						"Invalid or expired access token");
			}
			if (user.address != null) {
				throw new EmulatorException(409, XellarEmulator.CODE_WALLET_EXISTS, "Wallet already created");
			}
			user.address = newAddress();
			phone = user.phone;
			XellarSecret0Links.Link link = this.secret0Links.create(now);
			answer = new XellarAnswer.WalletCreated(version, walletTokens(user, version, now), user.address,
					link.secret0(), secret0LinkBase + "/" + link.linkId());
		}
		if (logger.isInfoEnabled()) {
			logger.info("Xellar emulator wallet created for " + XellarPhoneNumbers.mask(phone));
		}
		return answer;
	}

	/**
	 * Rotates the wallet and refresh tokens: the refresh token is spent.
	 * @param refreshToken the refresh token
	 * @param now the current time
	 * @return the new wallet and refresh tokens
	 * @throws EmulatorException 401 for an unknown, expired or already used refresh token
	 */
	XellarAnswer.Refreshed refresh(String refreshToken, Instant now) {
		XellarAnswer.WalletTokens tokens;
		synchronized (this.lock) {
			purge(now);
			String owner = this.grants.takeRefreshToken(refreshToken);
			XellarUsers.User user = (owner != null) ? this.users.get(owner) : null;
			if (user == null) {
				throw new EmulatorException(401, XellarEmulator.CODE_INVALID_REFRESH_TOKEN, "Invalid refresh token");
			}
			tokens = walletTokens(user, XellarWire.V2, now);
		}
		if (logger.isInfoEnabled()) {
			logger.info("Xellar emulator tokens refreshed [" + Tokens.fingerprint(refreshToken) + "]");
		}
		return new XellarAnswer.Refreshed(tokens);
	}

	/**
	 * A wallet operation: spends the wallet token once the user granted the app permission.
	 * @param walletToken the wallet token, or {@code null}
	 * @param now the current time
	 * @throws EmulatorException 401 for an unknown, expired or used wallet token,
	 * {@value XellarWire#STATUS_PERMISSION_REQUIRED} (the token stays unused) without permission
	 */
	void spendWalletToken(@Nullable String walletToken, Instant now) {
		synchronized (this.lock) {
			purge(now);
			String owner = hasText(walletToken) ? this.grants.walletTokenOwner(walletToken) : null;
			XellarUsers.User user = (owner != null) ? this.users.get(owner) : null;
			if (user == null) {
				throw new EmulatorException(401, XellarEmulator.CODE_INVALID_WALLET_TOKEN,
						"Invalid or expired wallet token");
			}
			if (!user.permissionGranted) {
				throw new EmulatorException(XellarWire.STATUS_PERMISSION_REQUIRED,
						XellarEmulator.CODE_PERMISSION_REQUIRED, permissionPage(user));
			}
			this.grants.spendWalletToken(walletToken);
		}
	}

	/**
	 * @param uid the user's id
	 * @return whether such a user exists (and now has granted the app permission)
	 */
	boolean grantPermission(String uid) {
		synchronized (this.lock) {
			for (XellarUsers.User user : this.users.values()) {
				if (user.uid.equals(uid)) {
					user.permissionGranted = true;
					return true;
				}
			}
			return false;
		}
	}

	/** Records the emulator's URL as a request reached it (the accept-permission page is built on it). */
	void usePublicBase(String baseUrl) {
		this.publicBase = baseUrl;
	}

	/** @return the secret0 behind the link while it is live, else empty */
	Optional<String> secret0(@Nullable String linkId, Instant now) {
		synchronized (this.lock) {
			purge(now);
			return this.secret0Links.secret0(linkId);
		}
	}

	/** @return the OTP of the normalized phone number's latest login while it can still be verified, else empty */
	Optional<String> lastOtp(String phone, Instant now) {
		synchronized (this.lock) {
			purge(now);
			XellarUsers.User user = this.users.get(phone);
			return this.otps.otp((user != null) ? user.verificationToken : null);
		}
	}

	/** Registers the normalized phone number if needed and gives the user a wallet unless they have one. */
	void seedUserWithWallet(String phone) {
		synchronized (this.lock) {
			XellarUsers.User user = this.users.get(phone);
			if (user == null) {
				user = this.users.register(phone);
			}
			if (user.address == null) {
				user.address = newAddress();
			}
		}
	}

	/** @return the wallet address of the normalized phone number's user, or empty without user or wallet */
	Optional<String> walletAddress(String phone) {
		synchronized (this.lock) {
			XellarUsers.User user = this.users.get(phone);
			return Optional.ofNullable((user != null) ? user.address : null);
		}
	}

	/** @return the id of the normalized phone number's user, or empty for an unknown phone number */
	Optional<String> uid(String phone) {
		synchronized (this.lock) {
			XellarUsers.User user = this.users.get(phone);
			return Optional.ofNullable((user != null) ? user.uid : null);
		}
	}

	/**
	 * @param phone a normalized phone number, or {@code null} for every one
	 * @param now the current time
	 * @return the OTPs that can still be verified, newest first, with the phone number masked
	 */
	List<XellarEmulator.PendingOtp> pendingOtps(@Nullable String phone, Instant now) {
		synchronized (this.lock) {
			purge(now);
			return this.otps.pending(phone);
		}
	}

	/** A new wallet token, and in v2 a new refresh token. Caller holds {@link #lock}. */
	private XellarAnswer.WalletTokens walletTokens(XellarUsers.User user, String version, Instant now) {
		return this.grants.issueWalletTokens(user.uid, user.phone, user.permissionGranted ? null : permissionPage(user),
				version, now);
	}

	private String permissionPage(XellarUsers.User user) {
		return this.publicBase + XellarApi.PERMISSION_PATH + "/" + user.uid;
	}

	private String newAddress() {
		return "0x" + HexFormat.of().formatHex(Tokens.randomBytes(this.random, 20));
	}

	/** Drops expired tokens and links. Caller holds {@link #lock}. */
	private void purge(Instant now) {
		this.otps.purge(now);
		this.grants.purge(now);
		this.secret0Links.purge(now);
	}

	private static boolean hasText(@Nullable String value) {
		return value != null && !value.isBlank();
	}

	/**
	 * A login's outcome.
	 * @param verificationToken the new verification token
	 * @param walletCreated whether the user has a wallet
	 */
	record OtpSent(String verificationToken, boolean walletCreated) {

		@Override
		public String toString() {
			return "OtpSent[verificationToken=" + Tokens.fingerprint(this.verificationToken) + ", walletCreated="
					+ this.walletCreated + "]";
		}

	}

}
