package dev.tglogin.bondify;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The claims of a Bondify proof whose signature, algorithm, times, project and session were verified.
 *
 * @param telegramId the numeric Telegram id, as a string
 * @param telegramName the display name
 * @param telegramUsername the handle without {@code @}, or {@code null}
 * @param telegramPhone the phone number (paid plans with phone collection), or {@code null}
 * @param sessionToken the Bondify session the proof was issued for
 * @param issuedAt {@code iat}
 * @param expiresAt {@code exp}
 */
public record VerifiedProof(String telegramId, String telegramName, @Nullable String telegramUsername,
		@Nullable String telegramPhone, String sessionToken, Instant issuedAt, Instant expiresAt) {

	@Override
	public String toString() {
		return "VerifiedProof[telegramId=" + this.telegramId + ", telegramUsername=" + this.telegramUsername
				+ ", sessionToken=[PROTECTED], issuedAt=" + this.issuedAt + ", expiresAt=" + this.expiresAt + "]";
	}

}
