package dev.tglogin.emulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * The Xellar emulator's OTP codes: the login interval between two logins of one phone number, the 6-digit codes
 * and their verification tokens (live {@link #otpLifetime}), and the codes still pending, for the emulated
 * Telegram page.
 * <p>
 * This class is not thread-safe: {@link XellarAccounts} guards it with its lock.
 */
final class XellarOtps {

	private final Duration otpLifetime;

	private final Duration loginInterval;

	private final SecureRandom random;

	private final XellarTokenSigner tokens;

	private final XellarTokenMap<Verification> verifications;

	/**
	 * @param otpLifetime how long an OTP and its verification token can be verified
	 * @param loginInterval the least time between two logins of one phone number ({@link Duration#ZERO}: no limit)
	 * @param random the source of the codes
	 * @param tokens the signer of the verification tokens
	 * @param maxTokens most verification tokens kept
	 */
	XellarOtps(Duration otpLifetime, Duration loginInterval, SecureRandom random, XellarTokenSigner tokens,
			int maxTokens) {
		this.otpLifetime = otpLifetime;
		this.loginInterval = loginInterval;
		this.random = random;
		this.tokens = tokens;
		this.verifications = new XellarTokenMap<>(maxTokens);
	}

	/**
	 * @param lastLoginAt when the phone number's last accepted login was, or {@code null}
	 * @param now the current time
	 * @throws EmulatorException 429 with the wait as retry-after within the login interval
	 */
	void checkLoginInterval(@Nullable Instant lastLoginAt, Instant now) {
		if (lastLoginAt != null && !this.loginInterval.isZero()) {
			Duration wait = Duration.between(now, lastLoginAt.plus(this.loginInterval));
			if (wait.compareTo(Duration.ZERO) > 0) {
				throw new EmulatorException(429, XellarEmulator.CODE_RATE_LIMITED, "Too many requests", wait);
			}
		}
	}

	/**
	 * Sends a new OTP, replacing the earlier verification token.
	 * @param phone the normalized phone number
	 * @param uid the user's id, the verification token's {@value XellarWire#CLAIM_UID}
	 * @param earlierToken the phone number's earlier verification token, or {@code null}
	 * @param now the current time
	 * @return the new verification token and its OTP
	 */
	Sent send(String phone, String uid, @Nullable String earlierToken, Instant now) {
		this.verifications.remove(earlierToken);
		String otp = String.format("%06d", this.random.nextInt(1_000_000));
		Instant expiresAt = now.plus(this.otpLifetime);
		String token = this.tokens.token(uid, now, expiresAt);
		this.verifications.put(token, new Verification(phone, otp, expiresAt));
		return new Sent(token, otp);
	}

	/** @return the phone number a live verification token was sent to, else {@code null} */
	@Nullable String phone(@Nullable String verificationToken) {
		Verification verification = this.verifications.get(verificationToken);
		return (verification != null) ? verification.phone() : null;
	}

	/** @return whether the OTP is the live verification token's (compared in constant time) */
	boolean matches(String verificationToken, String otp) {
		Verification verification = this.verifications.get(verificationToken);
		return verification != null && MessageDigest.isEqual(verification.otp().getBytes(StandardCharsets.UTF_8),
				otp.getBytes(StandardCharsets.UTF_8));
	}

	/** Consumes a verification token: the right OTP was verified. */
	void consume(String verificationToken) {
		this.verifications.remove(verificationToken);
	}

	/** @return the OTP of a live verification token, else empty */
	Optional<String> otp(@Nullable String verificationToken) {
		return Optional.ofNullable(this.verifications.get(verificationToken)).map(Verification::otp);
	}

	/**
	 * @param phone a normalized phone number, or {@code null} for every one
	 * @return the OTPs that can still be verified, newest first, with the phone number masked
	 */
	List<XellarEmulator.PendingOtp> pending(@Nullable String phone) {
		List<XellarEmulator.PendingOtp> otps = new ArrayList<>((phone != null) ? 1 : this.verifications.size());
		for (Verification verification : this.verifications.values()) {
			if (phone == null || verification.phone().equals(phone)) {
				otps.add(new XellarEmulator.PendingOtp(XellarPhoneNumbers.mask(verification.phone()),
						verification.otp(), verification.expiresAt()));
			}
		}
		Collections.reverse(otps);
		return otps;
	}

	/**
	 * Drops the verification tokens expired at {@code now}.
	 * @param now the current time
	 */
	void purge(Instant now) {
		this.verifications.purge(now);
	}

	/**
	 * A sent OTP.
	 * @param verificationToken its verification token
	 * @param otp the code
	 */
	record Sent(String verificationToken, String otp) {

		@Override
		public String toString() {
			return "Sent[verificationToken=" + Tokens.fingerprint(this.verificationToken) + "]";
		}

	}

	private record Verification(String phone, String otp, Instant expiresAt) implements XellarTokenMap.Expiring {
	}

}
