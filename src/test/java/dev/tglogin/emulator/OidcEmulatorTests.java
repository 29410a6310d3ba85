package dev.tglogin.emulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.Security;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.crypto.bc.BouncyCastleProviderSingleton;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class OidcEmulatorTests {

	private static final String ISSUER = "http://127.0.0.1:8080/tglogin-emulator/oidc";

	private static final String REDIRECT = "http://127.0.0.1:8080/login/oauth2/code/telegram";

	private static final String VERIFIER = "a-code-verifier-of-at-least-forty-three-characters-0123456789";

	private final OidcEmulator oidc = OidcEmulator.create("42", Clock.systemUTC());

	@Test
	void tokenWhenClientRedirectAndVerifierMatchThenRs256IdTokenWithClaims() throws Exception {
		String code = code("openid profile phone", new EmulatedTelegramUser("7", "Ada", "ada", "+4915112345678"));
		SignedJWT idToken = SignedJWT
			.parse(this.oidc.token(ISSUER, "42", this.oidc.clientSecret(), code, REDIRECT, VERIFIER));
		assertThat(idToken.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
		RSAKey key = (RSAKey) this.oidc.publicKeys().getKeys().get(0);
		assertThat(key.isPrivate()).isFalse();
		assertThat(idToken.verify(new RSASSAVerifier(key))).isTrue();
		Map<String, Object> claims = idToken.getJWTClaimsSet().getClaims();
		assertThat(claims).containsEntry("iss", ISSUER)
			.containsEntry("sub", "7")
			.containsEntry("nonce", "n-1")
			.containsEntry("name", "Ada")
			.containsEntry("preferred_username", "ada")
			.containsEntry("phone_number", "+4915112345678")
			.containsKeys("exp", "iat", "picture");
		assertThat(idToken.getJWTClaimsSet().getAudience()).containsExactly("42");
	}

	@Test
	void tokenWhenSigningWithEs256kThenSecp256k1KeyAndSignatureVerifiedOnBouncyCastle() throws Exception {
		OidcEmulator es256k = OidcEmulator.create("42", "secret", Clock.systemUTC(), "ES256K");
		String request = es256k.authorize("42", REDIRECT, "openid", "state-1", "n-1", challenge(), "S256");
		String code = es256k.confirm(request, EmulatedTelegramUser.defaultUser()).getValue();
		SignedJWT idToken = SignedJWT.parse(es256k.token(ISSUER, "42", "secret", code, REDIRECT, VERIFIER));
		assertThat(idToken.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256K);
		ECKey key = (ECKey) es256k.publicKeys().getKeys().get(0);
		assertThat(key.getCurve()).isEqualTo(Curve.SECP256K1);
		assertThat(key.isPrivate()).isFalse();
		ECDSAVerifier verifier = new ECDSAVerifier(key);
		verifier.getJCAContext().setProvider(BouncyCastleProviderSingleton.getInstance());
		assertThat(idToken.verify(verifier)).isTrue();
		assertThat(Security.getProvider("BC")).as("BouncyCastle is not a JCA provider of the JVM").isNull();
	}

	@Test
	void tokenWhenNoPhoneScopeThenNoPhoneNumber() throws Exception {
		String code = code("openid profile", new EmulatedTelegramUser("7", "Ada", null, "+4915112345678"));
		SignedJWT idToken = SignedJWT
			.parse(this.oidc.token(ISSUER, "42", this.oidc.clientSecret(), code, REDIRECT, VERIFIER));
		assertThat(idToken.getJWTClaimsSet().getClaims()).doesNotContainKeys("phone_number", "preferred_username");
	}

	@Test
	void tokenWhenWrongSecretThenInvalidClientAndWhenWrongVerifierThenInvalidGrant() {
		String code = code("openid", EmulatedTelegramUser.defaultUser());
		assertThatExceptionOfType(EmulatorException.class)
			.isThrownBy(() -> this.oidc.token(ISSUER, "42", "wrong", code, REDIRECT, VERIFIER))
			.satisfies((ex) -> assertThat(ex.status()).isEqualTo(401));
		assertThatExceptionOfType(EmulatorException.class)
			.isThrownBy(() -> this.oidc.token(ISSUER, "42", this.oidc.clientSecret(), code, REDIRECT, VERIFIER + "x"))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo("invalid_grant"));
	}

	@Test
	void tokenWhenCodeUsedOrRedirectDiffersThenInvalidGrant() {
		String code = code("openid", EmulatedTelegramUser.defaultUser());
		assertThatExceptionOfType(EmulatorException.class)
			.isThrownBy(() -> this.oidc.token(ISSUER, "42", this.oidc.clientSecret(), code, REDIRECT + "x", VERIFIER))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo("invalid_grant"));
		// single-use, also after a failed exchange
		assertThatExceptionOfType(EmulatorException.class)
			.isThrownBy(() -> this.oidc.token(ISSUER, "42", this.oidc.clientSecret(), code, REDIRECT, VERIFIER))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo("invalid_grant"));
	}

	@Test
	void authorizeWhenNoPkceOrOtherClientThenRefused() {
		assertThatExceptionOfType(EmulatorException.class)
			.isThrownBy(() -> this.oidc.authorize("42", REDIRECT, "openid", "s", "n", challenge(), "plain"));
		assertThatExceptionOfType(EmulatorException.class)
			.isThrownBy(() -> this.oidc.authorize("43", REDIRECT, "openid", "s", "n", challenge(), "S256"));
	}

	private String code(String scope, EmulatedTelegramUser user) {
		String request = this.oidc.authorize("42", REDIRECT, scope, "state-1", "n-1", challenge(), "S256");
		return this.oidc.confirm(request, user).getValue();
	}

	private static String challenge() {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(VERIFIER.getBytes(StandardCharsets.US_ASCII));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
