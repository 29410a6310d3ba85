package dev.tglogin.oidc;

import java.net.URL;
import java.time.Instant;
import java.util.Date;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class NimbusIdTokenDecodersTests {

	private static final String ISSUER = "http://127.0.0.1:9/issuer";

	private final ClientRegistration telegram = TelegramOidc.clientRegistration(ISSUER, "42", "secret").build();

	private final ECKey key;

	private final JwtDecoder decoder;

	NimbusIdTokenDecodersTests() throws JOSEException {
		this.key = new ECKeyGenerator(Curve.P_256).generate();
		// the registration's JWK Set (nothing listens there) is replaced by this key, which the selector is given
		ImmutableJWKSet<SecurityContext> keys = new ImmutableJWKSet<>(new JWKSet(this.key.toPublicJWK()));
		this.decoder = NimbusIdTokenDecoders.create(this.telegram,
				(registrationKeys) -> new JWSVerificationKeySelector<>(JWSAlgorithm.ES256, keys),
				new DefaultJWSVerifierFactory());
	}

	@Test
	void createWhenTokenIsValidThenClaimsConvertedAsSpringDoes() throws Exception {
		Jwt jwt = this.decoder.decode(token(claims("42", ISSUER, Instant.now())));
		assertThat(jwt.getSubject()).isEqualTo("1");
		assertThat(jwt.getAudience()).containsExactly("42");
		assertThat(jwt.getIssuedAt()).isNotNull();
		assertThat(jwt.getClaims().get("iss")).as("as OidcIdTokenDecoderFactory converts it").isInstanceOf(URL.class);
	}

	@Test
	void createWhenAudienceIssuerOrExpiryIsWrongThenRefusedBySpringsValidators() throws Exception {
		for (JWTClaimsSet claims : new JWTClaimsSet[] { claims("43", ISSUER, Instant.now()),
				claims("42", "https://issuer.invalid", Instant.now()),
				claims("42", ISSUER, Instant.now().minusSeconds(3600)) }) {
			String token = token(claims);
			assertThatExceptionOfType(JwtValidationException.class)
				.isThrownBy(() -> this.decoder.decode(token));
		}
	}

	@Test
	void createWhenNoJwkSetUriThenIllegalArgument() {
		ClientRegistration noKeys = ClientRegistration.withClientRegistration(this.telegram).jwkSetUri(null).build();
		assertThatIllegalArgumentException().isThrownBy(() -> NimbusIdTokenDecoders.create(noKeys,
				(keys) -> new JWSVerificationKeySelector<>(JWSAlgorithm.ES256, keys), new DefaultJWSVerifierFactory()));
	}

	private String token(JWTClaimsSet claims) throws JOSEException {
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.ES256), claims);
		jwt.sign(new ECDSASigner(this.key));
		return jwt.serialize();
	}

	private static JWTClaimsSet claims(String audience, String issuer, Instant issuedAt) {
		return new JWTClaimsSet.Builder().issuer(issuer)
			.audience(audience)
			.subject("1")
			.issueTime(Date.from(issuedAt))
			.expirationTime(Date.from(issuedAt.plusSeconds(60)))
			.build();
	}

}
