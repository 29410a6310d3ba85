package dev.tglogin.emulator;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import static dev.tglogin.emulator.EmulatorHttp.writeJson;

/**
 * The machine side of the emulated OpenID provider, below {@value #PREFIX}: {@code GET} the discovery document and
 * the JWK Set, {@code POST} the token endpoint (client authentication by HTTP Basic or form fields,
 * {@code grant_type=authorization_code}, the code, the redirect URI and the PKCE verifier). Errors are OAuth 2.0's
 * {@code {"error": ..., "error_description": ...}}.
 */
final class OidcApi implements EmulatorRoute {

	/** The issuer's path below the mount point. */
	static final String PREFIX = "/oidc";

	static final String DISCOVERY = PREFIX + "/.well-known/openid-configuration";

	static final String JWKS = PREFIX + "/.well-known/jwks.json";

	static final String AUTHORIZE = PREFIX + "/auth";

	static final String TOKEN = PREFIX + "/token";

	private final OidcEmulator oidc;

	OidcApi(OidcEmulator oidc) {
		this.oidc = oidc;
	}

	@Override
	public boolean handle(String route, HttpServletRequest request, HttpServletResponse response) throws IOException {
		String issuer = EmulatorHttp.baseUrl(request) + PREFIX;
		if (DISCOVERY.equals(route) || JWKS.equals(route)) {
			if (!"GET".equals(request.getMethod())) {
				EmulatorHttp.methodNotAllowed(response, "GET");
				return true;
			}
			writeJson(response, 200,
					DISCOVERY.equals(route) ? discovery(issuer, this.oidc.algorithm()) : this.oidc.publicKeys().toJSONObject(true));
			return true;
		}
		if (!TOKEN.equals(route)) {
			return false;
		}
		if (!"POST".equals(request.getMethod())) {
			EmulatorHttp.methodNotAllowed(response, "POST");
			return true;
		}
		try {
			TelegramForm form = TelegramForm.read(request);
			if (!"authorization_code".equals(form.value("grant_type"))) {
				throw new EmulatorException(400, "unsupported_grant_type", "grant_type must be authorization_code");
			}
			String[] client = basic(request.getHeader("Authorization"));
			String clientId = (client != null) ? client[0] : form.value("client_id");
			String clientSecret = (client != null) ? client[1] : form.value("client_secret");
			String idToken = this.oidc.token(issuer, clientId, clientSecret, form.value("code"),
					form.value("redirect_uri"), form.value("code_verifier"));
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("access_token", "emulated-" + Tokens.fingerprint(idToken));
			body.put("token_type", "Bearer");
			body.put("expires_in", 600);
			body.put("id_token", idToken);
			writeJson(response, 200, body);
		}
		catch (TelegramForm.InvalidFormException ex) {
			error(response, new EmulatorException(400, "invalid_request", ex.getMessage()));
		}
		catch (EmulatorException ex) {
			error(response, ex);
		}
		return true;
	}

	private static Map<String, Object> discovery(String issuer, String algorithm) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("issuer", issuer);
		body.put("authorization_endpoint", issuer + "/auth");
		body.put("token_endpoint", issuer + "/token");
		body.put("jwks_uri", issuer + "/.well-known/jwks.json");
		body.put("response_types_supported", List.of("code"));
		body.put("grant_types_supported", List.of("authorization_code"));
		body.put("subject_types_supported", List.of("public"));
		body.put("id_token_signing_alg_values_supported", List.of(algorithm));
		body.put("scopes_supported", List.of("openid", "profile", "phone", "telegram:bot_access"));
		body.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post"));
		body.put("code_challenge_methods_supported", List.of("S256"));
		body.put("claims_supported", List.of("iss", "aud", "sub", "iat", "exp", "nonce", "auth_time", "id", "name",
				"preferred_username", "picture", "phone_number"));
		return body;
	}

	/** The client id and secret of an HTTP Basic header (each form-urlencoded, as RFC 6749 has it), else null. */
	private static String @Nullable [] basic(@Nullable String header) {
		if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
			return null;
		}
		try {
			String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
			int colon = decoded.indexOf(':');
			if (colon < 0) {
				return null;
			}
			return new String[] { URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
					URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8) };
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private static void error(HttpServletResponse response, EmulatorException ex) throws IOException {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("error", ex.code());
		body.put("error_description", ex.getMessage());
		writeJson(response, ex.status(), body);
	}

}
