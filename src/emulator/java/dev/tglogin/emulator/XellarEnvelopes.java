package dev.tglogin.emulator;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import jakarta.servlet.http.HttpServletResponse;

/**
 * The one writer of the emulator's Xellar answers: every {@link XellarAnswer} and every error as Xellar's envelope
 * {@code {"status": <status>, "message": "<message>", "data": ...}}, with {@link XellarWire}'s names. API v2 answers
 * the addresses as {@code [{"network": "evm", "address": "0x..."}]} and a refresh token, v1 a single
 * {@code address} string and none.
 */
final class XellarEnvelopes {

	static final String MESSAGE_OK = "ok";

	static final String MESSAGE_CREATED = "Create wallet successfully";

	static final String MESSAGE_REFRESHED = "Refresh Success";

	private XellarEnvelopes() {
	}

	/** Writes a successful answer: 200 and its envelope. */
	static void write(HttpServletResponse response, XellarAnswer answer) throws IOException {
		EmulatorHttp.writeJson(response, 200, envelope(answer));
	}

	/** An error envelope: {@code {"status": <status>, "message": "<message>", "data": null}}. */
	static void writeError(HttpServletResponse response, int status, String message) throws IOException {
		writeError(response, status, status, message, null);
	}

	/**
	 * An error envelope answered with another HTTP status (Xellar may answer an error inside a 2xx) and {@code data}
	 * (a 407's {@code {"message": <accept-permission page>}}).
	 */
	static void writeError(HttpServletResponse response, int httpStatus, int status, String message,
			@Nullable Map<String, ?> data) throws IOException {
		EmulatorHttp.writeJson(response, httpStatus, envelope(status, message, data));
	}

	/** The envelope of a successful answer. */
	static Map<String, Object> envelope(XellarAnswer answer) {
		Map<String, Object> data = new LinkedHashMap<>();
		String message = MESSAGE_OK;
		if (answer instanceof XellarAnswer.OtpSent sent) {
			data.put(sent.tokenField(), sent.verificationToken());
			data.put(XellarWire.IS_WALLET_CREATED, sent.walletCreated());
		}
		else if (answer instanceof XellarAnswer.WalletVerified verified) {
			data.put(XellarWire.IS_WALLET_CREATED, true);
			putTokens(data, verified.tokens());
			if (isV2(verified.version())) {
				data.put(XellarWire.ADDRESSES, addresses(verified.address()));
			}
			else {
				data.put(XellarWire.ADDRESS, verified.address());
			}
		}
		else if (answer instanceof XellarAnswer.AccessGranted granted) {
			data.put(XellarWire.IS_WALLET_CREATED, false);
			data.put(XellarWire.ACCESS_TOKEN, granted.accessToken());
		}
		else if (answer instanceof XellarAnswer.WalletCreated created) {
			message = MESSAGE_CREATED;
			putTokens(data, created.tokens());
			data.put(XellarWire.SECRET0, created.secret0());
			data.put(XellarWire.SECRET0_LINK, created.secret0Link());
			// account/create names even v2's list "address"
			data.put(XellarWire.ADDRESS, isV2(created.version()) ? addresses(created.address()) : created.address());
		}
		else if (answer instanceof XellarAnswer.Refreshed refreshed) {
			message = MESSAGE_REFRESHED;
			putTokens(data, refreshed.tokens());
		}
		else if (answer instanceof XellarAnswer.Signed signed) {
			data.put(XellarWire.SIGNATURE, signed.signature());
		}
		else {
			throw new IllegalArgumentException("Unknown answer " + answer.getClass().getSimpleName());
		}
		return envelope(200, message, data);
	}

	private static Map<String, Object> envelope(int status, String message, @Nullable Map<String, ?> data) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put(XellarWire.STATUS, status);
		body.put(XellarWire.MESSAGE, message);
		body.put(XellarWire.DATA, data);
		return body;
	}

	private static void putTokens(Map<String, Object> data, XellarAnswer.WalletTokens tokens) {
		data.put(XellarWire.WALLET_TOKEN, tokens.walletToken());
		if (tokens.refreshToken() != null) {
			data.put(XellarWire.REFRESH_TOKEN, tokens.refreshToken());
		}
	}

	private static List<Map<String, Object>> addresses(String address) {
		Map<String, Object> evm = new LinkedHashMap<>();
		evm.put(XellarWire.NETWORK, XellarWire.NETWORK_EVM);
		evm.put(XellarWire.ADDRESS, address);
		return List.of(evm);
	}

	private static boolean isV2(String version) {
		return XellarWire.V2.equals(version);
	}

}
