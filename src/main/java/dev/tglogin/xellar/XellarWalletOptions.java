package dev.tglogin.xellar;

import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Xellar's options for creating a wallet ({@code account/create}), all optional: what is not set is not sent, and
 * Xellar's defaults apply.
 * <ul>
 * <li>{@link Builder#custodian(boolean) isCustodian} (API v2): Xellar's default is {@code true}, a custodial wallet:
 * the answer's {@code secret0} is then for the app to keep (Xellar's docs: the app holds it). With {@code false} the
 * user alone must hold {@code secret0}: hand it (or its 5-minute download link) to the user and keep no copy.</li>
 * <li>{@link Builder#expireDate(LocalDate) expireDate}: the expiry date of the JWTs Xellar issues (sent as
 * {@code yyyy-MM-dd}); Xellar's default applies when absent.</li>
 * <li>{@link Builder#rampable(String, String, String) rampable}: also opens a Rampable (on/off-ramp) account with
 * this username, full name and password; the answer then carries a Rampable access token.</li>
 * </ul>
 * Immutable; the Rampable password is a secret and {@link #toString()} never shows it.
 */
public final class XellarWalletOptions {

	private static final XellarWalletOptions DEFAULTS = new Builder().build();

	private final @Nullable Boolean custodian;

	private final @Nullable LocalDate expireDate;

	private final @Nullable Map<String, String> rampable;

	private XellarWalletOptions(Builder builder) {
		this.custodian = builder.custodian;
		this.expireDate = builder.expireDate;
		this.rampable = builder.rampable;
	}

	/** Returns options that send nothing: Xellar's defaults (a custodial wallet). */
	public static XellarWalletOptions defaults() {
		return DEFAULTS;
	}

	/** Returns a builder. */
	public static Builder builder() {
		return new Builder();
	}

	/** Returns {@code isCustodian} as set, or {@code null} for Xellar's default ({@code true}). */
	public @Nullable Boolean getCustodian() {
		return this.custodian;
	}

	/** Returns the JWT expiry date as set, or {@code null} for Xellar's default. */
	public @Nullable LocalDate getExpireDate() {
		return this.expireDate;
	}

	/** Whether a Rampable account is requested. */
	public boolean hasRampable() {
		return this.rampable != null;
	}

	/** Whether nothing is set (the request body is empty). */
	public boolean isDefault() {
		return this.custodian == null && this.expireDate == null && this.rampable == null;
	}

	/**
	 * Returns the {@code account/create} request body.
	 * @return the fields that are set, under {@link XellarProtocol}'s names
	 */
	Map<String, Object> toBody() {
		Map<String, Object> body = new LinkedHashMap<>();
		if (this.custodian != null) {
			body.put(XellarProtocol.IS_CUSTODIAN, this.custodian);
		}
		if (this.expireDate != null) {
			body.put(XellarProtocol.EXPIRE_DATE, this.expireDate.toString());
		}
		if (this.rampable != null) {
			body.put(XellarProtocol.RAMPABLE, this.rampable);
		}
		return body;
	}

	@Override
	public String toString() {
		return "XellarWalletOptions[isCustodian=" + ((this.custodian != null) ? this.custodian : "default")
				+ ", expireDate=" + ((this.expireDate != null) ? this.expireDate : "default") + ", rampable="
				+ ((this.rampable != null) ? "[PROTECTED]" : "none") + "]";
	}

	/**
	 * Builds {@link XellarWalletOptions}. Not thread-safe.
	 */
	public static final class Builder {

		private @Nullable Boolean custodian;

		private @Nullable LocalDate expireDate;

		private @Nullable Map<String, String> rampable;

		private Builder() {
		}

		/**
		 * Sets {@code isCustodian} (API v2). Xellar's default is {@code true}: the app holds {@code secret0}.
		 * @param custodian {@code false} for a wallet whose {@code secret0} only the user holds
		 * @return this
		 */
		public Builder custodian(boolean custodian) {
			this.custodian = custodian;
			return this;
		}

		/**
		 * Sets {@code expireDate}, the expiry date of the JWTs Xellar issues.
		 * @param expireDate the date
		 * @return this
		 */
		public Builder expireDate(LocalDate expireDate) {
			Assert.notNull(expireDate, "expireDate cannot be null");
			this.expireDate = expireDate;
			return this;
		}

		/**
		 * Also opens a Rampable account.
		 * @param username the Rampable username
		 * @param fullName the user's full name
		 * @param password the Rampable password (never logged or shown)
		 * @return this
		 */
		public Builder rampable(String username, String fullName, String password) {
			Assert.hasText(username, "username cannot be empty");
			Assert.hasText(fullName, "fullName cannot be empty");
			Assert.hasText(password, "password cannot be empty");
			Map<String, String> fields = new LinkedHashMap<>();
			fields.put(XellarProtocol.RAMPABLE_USERNAME, username);
			fields.put(XellarProtocol.RAMPABLE_FULL_NAME, fullName);
			fields.put(XellarProtocol.RAMPABLE_PASSWORD, password);
			this.rampable = Collections.unmodifiableMap(fields);
			return this;
		}

		/** Returns the options. */
		public XellarWalletOptions build() {
			return new XellarWalletOptions(this);
		}

	}

}
