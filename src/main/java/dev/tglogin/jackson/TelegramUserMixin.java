package dev.tglogin.jackson;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

import dev.tglogin.core.TelegramLoginFlow;
import dev.tglogin.core.TelegramUser;

/**
 * Maps a {@link TelegramUser} by its fields and restores it through its builder (the private {@code restore}
 * factory), so a stored user passes the same checks as a new one.
 */
@StoredByFields
abstract class TelegramUserMixin {

	@JsonCreator
	@SuppressWarnings("unused")
	private static @Nullable TelegramUser restore(@JsonProperty("flow") TelegramLoginFlow flow,
			@JsonProperty("id") String id, @JsonProperty("displayName") @Nullable String displayName,
			@JsonProperty("username") @Nullable String username, @JsonProperty("phone") @Nullable String phone,
			@JsonProperty("firstName") @Nullable String firstName, @JsonProperty("lastName") @Nullable String lastName,
			@JsonProperty("languageCode") @Nullable String languageCode, @JsonProperty("premium") boolean premium) {
		return null;
	}

}
