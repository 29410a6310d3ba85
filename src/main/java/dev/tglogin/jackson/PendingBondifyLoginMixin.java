package dev.tglogin.jackson;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

import dev.tglogin.web.PendingBondifyLogin;

/**
 * Maps a {@link PendingBondifyLogin}, which the default pending-login repository keeps in the HTTP session while the
 * user confirms in Telegram; without it a JSON session store could not hold a login in progress.
 */
@StoredByFields
abstract class PendingBondifyLoginMixin {

	@JsonCreator
	PendingBondifyLoginMixin(@JsonProperty("sessionToken") String sessionToken,
			@JsonProperty("expiresAt") Instant expiresAt,
			@JsonProperty("confirmedProof") @Nullable String confirmedProof) {
	}

}
