package dev.tglogin.emulator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.util.Assert;

import static dev.tglogin.emulator.EmulatorHttp.baseUrl;
import static dev.tglogin.emulator.EmulatorHttp.readLenientJson;
import static dev.tglogin.emulator.EmulatorHttp.setRetryAfter;
import static dev.tglogin.emulator.EmulatorHttp.string;

/**
 * Xellar's API over HTTP, as {@link XellarEmulator} describes it: {@code POST} login-telegram, verify-telegram and
 * account/create under {@code /api/v1} and {@code /api/v2}, and {@code POST} {@value XellarWire#WALLET_REFRESH_PATH}.
 * Every answer, errors included, is the envelope {@code {"status", "message", "data"}}; a queued {@link Fault} is
 * applied before the client secret is checked. {@code GET} {@value #SECRET0_PATH}{@code /<id>} downloads the
 * {@code secret0} of a created wallet.
 */
final class XellarApi implements EmulatorRoute {

	/** Downloads of {@code secret0} links: {@code /secret0/<id>}. */
	static final String SECRET0_PATH = "/secret0";

	/** The emulated accept-permission page: {@code GET /xellar/permission/<uid>} grants the app permission. */
	static final String PERMISSION_PATH = "/xellar/permission";

	private static final String BEARER_PREFIX = "Bearer ";

	private final XellarEmulator xellar;

	XellarApi(XellarEmulator xellar) {
		Assert.notNull(xellar, "xellar cannot be null");
		this.xellar = xellar;
	}

	@Override
	public boolean handle(String route, HttpServletRequest request, HttpServletResponse response) throws IOException {
		if (route.startsWith(SECRET0_PATH + "/")) {
			secret0(route.substring(SECRET0_PATH.length() + 1), request, response);
			return true;
		}
		if (route.startsWith(PERMISSION_PATH + "/")) {
			permission(route.substring(PERMISSION_PATH.length() + 1), request, response);
			return true;
		}
		Endpoint endpoint = Endpoint.of(route);
		if (endpoint == null) {
			return false;
		}
		try {
			if (!"POST".equals(request.getMethod())) {
				response.setHeader("Allow", "POST");
				XellarEnvelopes.writeError(response, 405, "Method not allowed");
				return true;
			}
			if (FaultResponses.apply(endpoint.name(), this.xellar.faults(), request, response)) {
				return true;
			}
			this.xellar.usePublicBase(baseUrl(request));
			XellarEnvelopes.write(response, answer(endpoint, request));
		}
		catch (EmulatorException ex) {
			setRetryAfter(response, ex);
			int httpStatus = this.xellar.errorsInside2xx() ? 200 : ex.status();
			if (ex.status() == XellarWire.STATUS_PERMISSION_REQUIRED) {
				XellarEnvelopes.writeError(response, httpStatus, ex.status(), "Permission required",
						Map.of(XellarWire.MESSAGE, ex.getMessage()));
			}
			else {
				XellarEnvelopes.writeError(response, httpStatus, ex.status(), ex.getMessage(), null);
			}
		}
		return true;
	}

	private XellarAnswer answer(Endpoint endpoint, HttpServletRequest request) throws IOException {
		String clientSecret = request.getHeader(XellarWire.CLIENT_SECRET_HEADER);
		String version = endpoint.version();
		return switch (endpoint.name()) {
			case EmulatorFaults.LOGIN -> this.xellar.login(clientSecret, version,
					string(readLenientJson(request), XellarWire.PHONE_NUMBER));
			case EmulatorFaults.VERIFY_OTP -> {
				Map<String, Object> body = readLenientJson(request);
				yield this.xellar.verify(clientSecret, version, string(body, XellarWire.VERIFICATION_TOKEN),
						string(body, XellarWire.OTP));
			}
			case EmulatorFaults.CREATE -> this.xellar.createAccount(clientSecret, version, bearerToken(request),
					baseUrl(request) + SECRET0_PATH);
			case EmulatorFaults.SIGN_MESSAGE -> this.xellar.signMessage(clientSecret, bearerToken(request),
					string(readLenientJson(request), XellarWire.MESSAGE_TO_SIGN));
			default -> this.xellar.refresh(clientSecret, string(readLenientJson(request), XellarWire.REFRESH_TOKEN));
		};
	}

	private void secret0(String linkId, HttpServletRequest request, HttpServletResponse response) throws IOException {
		if (!"GET".equals(request.getMethod())) {
			response.setHeader("Allow", "GET");
			XellarEnvelopes.writeError(response, 405, "Method not allowed");
			return;
		}
		Optional<String> secret0 = (linkId.length() <= EmulatorHttp.MAX_TOKEN_LENGTH) ? this.xellar.secret0(linkId)
				: Optional.empty();
		if (secret0.isEmpty()) {
			XellarEnvelopes.writeError(response, 404, "Link not found or expired");
			return;
		}
		byte[] bytes = secret0.get().getBytes(StandardCharsets.UTF_8);
		response.setStatus(200);
		response.setContentType("text/plain;charset=UTF-8");
		response.setHeader("Content-Disposition", "attachment; filename=\"secret0.txt\"");
		response.setHeader("Cache-Control", "no-store");
		response.setHeader("X-Content-Type-Options", "nosniff");
		response.setContentLength(bytes.length);
		response.getOutputStream().write(bytes);
	}

	/** The accept-permission page: a visit grants the app permission, as the user's "Accept" would. */
	private void permission(String uid, HttpServletRequest request, HttpServletResponse response) throws IOException {
		if (!"GET".equals(request.getMethod())) {
			response.setHeader("Allow", "GET");
			XellarEnvelopes.writeError(response, 405, "Method not allowed");
			return;
		}
		if (uid.length() > EmulatorHttp.MAX_TOKEN_LENGTH || !this.xellar.grantPermission(uid)) {
			XellarEnvelopes.writeError(response, 404, "User not found");
			return;
		}
		byte[] bytes = "<!DOCTYPE html><title>Permission granted</title><p>Emulated Xellar: the app may now use your wallet."
			.getBytes(StandardCharsets.UTF_8);
		response.setStatus(200);
		response.setContentType("text/html;charset=UTF-8");
		response.setHeader("Cache-Control", "no-store");
		response.setContentLength(bytes.length);
		response.getOutputStream().write(bytes);
	}

	/** The bearer token of the {@code Authorization} header, or {@code null}. */
	private static @Nullable String bearerToken(HttpServletRequest request) {
		String authorization = request.getHeader(XellarWire.AUTHORIZATION_HEADER);
		if (authorization == null || !authorization.regionMatches(true, 0, BEARER_PREFIX, 0, BEARER_PREFIX.length())) {
			return null;
		}
		return authorization.substring(BEARER_PREFIX.length()).strip();
	}

	/**
	 * Whether a route is a Xellar API endpoint (not a secret0 link), which then answers errors with the envelope.
	 * @param route a route
	 * @return whether it is one
	 */
	static boolean isEndpoint(String route) {
		return Endpoint.of(route) != null;
	}

	/**
	 * A Xellar API endpoint: its fault endpoint name and API version.
	 */
	record Endpoint(String name, String version) {

		static @Nullable Endpoint of(String route) {
			if (XellarWire.WALLET_REFRESH_PATH.equals(route)) {
				return new Endpoint(EmulatorFaults.REFRESH, XellarWire.V2);
			}
			if (XellarWire.WALLET_SIGN_MESSAGE_PATH.equals(route)) {
				return new Endpoint(EmulatorFaults.SIGN_MESSAGE, XellarWire.V2);
			}
			for (String version : List.of(XellarWire.V1, XellarWire.V2)) {
				if (XellarWire.path(XellarWire.LOGIN_TELEGRAM_PATH, version).equals(route)) {
					return new Endpoint(EmulatorFaults.LOGIN, version);
				}
				if (XellarWire.path(XellarWire.VERIFY_TELEGRAM_PATH, version).equals(route)) {
					return new Endpoint(EmulatorFaults.VERIFY_OTP, version);
				}
				if (XellarWire.path(XellarWire.ACCOUNT_CREATE_PATH, version).equals(route)) {
					return new Endpoint(EmulatorFaults.CREATE, version);
				}
			}
			return null;
		}

	}

}
