package dev.tglogin.xellar;

import java.io.Serial;
import java.io.Serializable;

import org.springframework.util.Assert;

/**
 * A wallet address on one network, e.g. {@code evm 0x...}. Public information.
 *
 * @param network the network, e.g. {@code evm}
 * @param address the address
 */
public record WalletAddress(String network, String address) implements Serializable {

	@Serial
	private static final long serialVersionUID = 1L;

	public WalletAddress {
		Assert.hasText(network, "network cannot be empty");
		Assert.hasText(address, "address cannot be empty");
	}

}
