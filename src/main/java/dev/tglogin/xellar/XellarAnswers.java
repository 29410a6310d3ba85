package dev.tglogin.xellar;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Reads the parts of Xellar's answers ({@link XellarProtocol}) that more than one call carries: string fields, the
 * wallet addresses of both API versions, and the accept-permission page of a 407.
 */
final class XellarAnswers {

	private XellarAnswers() {
	}

	/** The accept-permission page of a 407: Xellar puts it in {@code data.message} (or the envelope's message). */
	static @Nullable String permissionPage(@Nullable Map<String, Object> json) {
		if (json == null) {
			return null;
		}
		if (json.get(XellarProtocol.DATA) instanceof Map<?, ?> data
				&& XellarTokenClaims.webUrl(data.get(XellarProtocol.MESSAGE)) != null) {
			return (String) data.get(XellarProtocol.MESSAGE);
		}
		return XellarTokenClaims.webUrl(json.get(XellarProtocol.MESSAGE));
	}

	/**
	 * The wallet's addresses: v2's {@code addresses} (or account/create's {@code address}) list of
	 * {@code {network, address}}, or v1's single {@code address} string (an EVM address).
	 */
	static List<WalletAddress> addresses(Map<String, Object> data) {
		List<WalletAddress> result = new ArrayList<>();
		for (String field : new String[] { XellarProtocol.ADDRESSES, XellarProtocol.ADDRESS }) {
			Object value = data.get(field);
			if (value instanceof String address && !address.isBlank()) {
				result.add(new WalletAddress("evm", address));
			}
			else if (value instanceof List<?> list) {
				for (Object item : list) {
					if (item instanceof Map<?, ?> map && map.get(XellarProtocol.NETWORK) instanceof String network
							&& map.get(XellarProtocol.ADDRESS) instanceof String address && !network.isBlank()
							&& !address.isBlank()) {
						result.add(new WalletAddress(network, address));
					}
				}
			}
			if (!result.isEmpty()) {
				break;
			}
		}
		return result;
	}

	/** A non-blank string field, else {@code null}. */
	static @Nullable String string(Map<String, Object> data, String field) {
		return (data.get(field) instanceof String s && !s.isBlank()) ? s : null;
	}

}
