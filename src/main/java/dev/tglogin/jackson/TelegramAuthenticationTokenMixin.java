package dev.tglogin.jackson;

import java.io.Serializable;
import java.util.Collection;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.GrantedAuthority;

import dev.tglogin.core.TelegramAuthenticationToken;
import dev.tglogin.core.TelegramUser;

/**
 * Maps a {@link TelegramAuthenticationToken} by its fields (principal, Telegram user, credentials, authorities,
 * details), as Spring Security's {@code UsernamePasswordAuthenticationTokenMixin} does, and restores it through its
 * constructor; {@code details} and {@code authenticated} are set as fields, so {@code setAuthenticated(true)} (which
 * refuses) is never called. Only jackson
 * annotations, so Jackson 2 and Jackson 3 share it.
 */
@StoredByFields
abstract class TelegramAuthenticationTokenMixin {

	@JsonCreator
	TelegramAuthenticationTokenMixin(@JsonProperty("principal") Object principal,
			@JsonProperty("telegramUser") TelegramUser telegramUser,
			@JsonProperty("credentials") @Nullable Serializable credentials,
			@JsonProperty("authorities") Collection<? extends GrantedAuthority> authorities) {
	}

}
