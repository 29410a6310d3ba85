package dev.tglogin.jackson;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

import dev.tglogin.web.PendingXellarLogin;

/**
 * Maps a {@link PendingXellarLogin}, which the default pending-login repository keeps in the HTTP session between
 * the OTP request and its verification.
 */
@StoredByFields
abstract class PendingXellarLoginMixin {

	@JsonCreator
	PendingXellarLoginMixin(@JsonProperty("verificationToken") String verificationToken,
			@JsonProperty("phoneNumber") String phoneNumber, @JsonProperty("expiresAt") Instant expiresAt) {
	}

}
