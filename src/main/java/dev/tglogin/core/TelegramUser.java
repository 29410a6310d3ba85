package dev.tglogin.core;

import java.io.Serial;
import java.io.Serializable;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import org.springframework.security.core.AuthenticatedPrincipal;
import org.springframework.util.Assert;

/**
 * A verified Telegram user, as the default principal of a Telegram login.
 * <p>
 * Every field comes from a verified source only (the signed Bondify proof, or Xellar's answer to a successful OTP
 * verification), never from unsigned response fields. {@link #getName()} is the {@linkplain #getId() id} and is
 * stable for a user within its {@linkplain #getFlow() flow}: for Bondify it is the numeric Telegram id; for Xellar,
 * the Xellar account id (see the Xellar provider's Javadoc for how it is chosen).
 * <p>
 * Immutable and serializable (it lives in the HTTP session). {@link #toString()} masks the phone number.
 */
public final class TelegramUser implements AuthenticatedPrincipal, Serializable {

	@Serial
	private static final long serialVersionUID = 1L;

	private final String id;

	private final String displayName;

	private final @Nullable String username;

	private final @Nullable String phone;

	private final TelegramLoginFlow flow;

	private TelegramUser(Builder builder) {
		Assert.hasText(builder.id, "id cannot be empty");
		Assert.notNull(builder.flow, "flow cannot be null");
		this.id = builder.id;
		String username = emptyToNull(builder.username);
		this.displayName = (builder.displayName != null && !builder.displayName.isBlank()) ? builder.displayName
				: ((username != null) ? username : builder.id);
		this.username = username;
		this.phone = emptyToNull(builder.phone);
		this.flow = builder.flow;
	}

	/**
	 * Starts a user of the given flow with the given stable id.
	 * @param flow the flow that verified the user
	 * @param id the stable id (the Telegram id for Bondify)
	 * @return a builder
	 */
	public static Builder withId(TelegramLoginFlow flow, String id) {
		return new Builder(flow, id);
	}

	/** Returns the stable id; the same as {@link #getId()}. */
	@Override
	public String getName() {
		return this.id;
	}

	/** Returns the stable id: the numeric Telegram id (Bondify) or the Xellar account id. */
	public String getId() {
		return this.id;
	}

	/** Returns the name to show; never empty (falls back to the username, then the id). */
	public String getDisplayName() {
		return this.displayName;
	}

	/** Returns the Telegram handle without {@code @}, or {@code null} when the user has none. */
	public @Nullable String getUsername() {
		return this.username;
	}

	/** Returns the phone number, when the upstream shared it, else {@code null}. */
	public @Nullable String getPhone() {
		return this.phone;
	}

	/** Returns the flow that logged the user in. */
	public TelegramLoginFlow getFlow() {
		return this.flow;
	}

	@Override
	public boolean equals(@Nullable Object o) {
		return o instanceof TelegramUser other && this.id.equals(other.id) && this.flow == other.flow;
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.id, this.flow);
	}

	@Override
	public String toString() {
		return "TelegramUser[id=" + this.id + ", username=" + this.username + ", flow=" + this.flow + ", phone="
				+ ((this.phone != null) ? "[MASKED]" : "null") + "]";
	}

	private static @Nullable String emptyToNull(@Nullable String value) {
		return (value == null || value.isBlank()) ? null : value;
	}

	/**
	 * Builds a {@link TelegramUser}.
	 */
	public static final class Builder {

		private final TelegramLoginFlow flow;

		private final String id;

		private @Nullable String displayName;

		private @Nullable String username;

		private @Nullable String phone;

		private Builder(TelegramLoginFlow flow, String id) {
			this.flow = flow;
			this.id = id;
		}

		public Builder displayName(@Nullable String displayName) {
			this.displayName = displayName;
			return this;
		}

		public Builder username(@Nullable String username) {
			this.username = username;
			return this;
		}

		public Builder phone(@Nullable String phone) {
			this.phone = phone;
			return this;
		}

		public TelegramUser build() {
			return new TelegramUser(this);
		}

	}

}
