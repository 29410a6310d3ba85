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
 * Every field comes from a verified source only (the signed Bondify proof, Xellar's answer to a successful OTP
 * verification, or the signed init data of a Mini App), never from unsigned response fields. {@link #getName()} is the
 * {@linkplain #getId() id} and is
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

	/** Added with the Mini App flow; {@code null} in users serialized before it. */
	private final @Nullable String firstName;

	private final @Nullable String lastName;

	private final @Nullable String languageCode;

	private final boolean premium;

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
		this.firstName = emptyToNull(builder.firstName);
		this.lastName = emptyToNull(builder.lastName);
		this.languageCode = emptyToNull(builder.languageCode);
		this.premium = builder.premium;
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

	/**
	 * Restores a user from its fields; the creator of the JSON mixin in {@code dev.tglogin.jackson}, so that
	 * deserialization goes through the same checks as the builder.
	 */
	private static TelegramUser restore(TelegramLoginFlow flow, String id, @Nullable String displayName,
			@Nullable String username, @Nullable String phone, @Nullable String firstName, @Nullable String lastName,
			@Nullable String languageCode, boolean premium) {
		return withId(flow, id).displayName(displayName)
			.username(username)
			.phone(phone)
			.firstName(firstName)
			.lastName(lastName)
			.languageCode(languageCode)
			.premium(premium)
			.build();
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

	/** Returns the first name, when the upstream names it apart (Mini App), else {@code null}. */
	public @Nullable String getFirstName() {
		return this.firstName;
	}

	/** Returns the last name, when the upstream names it apart and the user has one, else {@code null}. */
	public @Nullable String getLastName() {
		return this.lastName;
	}

	/** Returns the IETF language tag of the user's Telegram client (Mini App), else {@code null}. */
	public @Nullable String getLanguageCode() {
		return this.languageCode;
	}

	/** Returns whether the upstream said the user has Telegram Premium ({@code false} when it did not say). */
	public boolean isPremium() {
		return this.premium;
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

		private @Nullable String firstName;

		private @Nullable String lastName;

		private @Nullable String languageCode;

		private boolean premium;

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

		public Builder firstName(@Nullable String firstName) {
			this.firstName = firstName;
			return this;
		}

		public Builder lastName(@Nullable String lastName) {
			this.lastName = lastName;
			return this;
		}

		public Builder languageCode(@Nullable String languageCode) {
			this.languageCode = languageCode;
			return this;
		}

		public Builder premium(boolean premium) {
			this.premium = premium;
			return this;
		}

		public TelegramUser build() {
			return new TelegramUser(this);
		}

	}

}
