package dev.tglogin.jackson;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

import dev.tglogin.xellar.WalletAddress;
import dev.tglogin.xellar.XellarWalletCredentials;

/**
 * Maps {@link XellarWalletCredentials} by their fields. The tokens are written in clear: the session store holds
 * them as it holds a Java-serialized session, and must be protected like one. Derived values (permission, the
 * permission page) are read from the wallet token again and not stored.
 */
@StoredByFields
abstract class XellarWalletCredentialsMixin {

	@JsonCreator
	XellarWalletCredentialsMixin(@JsonProperty("walletCreated") boolean walletCreated,
			@JsonProperty("walletToken") @Nullable String walletToken,
			@JsonProperty("refreshToken") @Nullable String refreshToken,
			@JsonProperty("accessToken") @Nullable String accessToken,
			@JsonProperty("addresses") List<WalletAddress> addresses,
			@JsonProperty("walletTokenHandedOut") boolean walletTokenHandedOut) {
	}

}
