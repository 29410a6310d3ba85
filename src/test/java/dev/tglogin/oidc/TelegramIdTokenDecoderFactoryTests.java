package dev.tglogin.oidc;

import java.security.Security;
import java.time.Instant;
import java.util.Date;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

import dev.tglogin.core.TelegramLoginConfigurationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class TelegramIdTokenDecoderFactoryTests {

	/** Nothing listens there: every token below is refused before any key is fetched. */
	private final ClientRegistration telegram = TelegramOidc
		.clientRegistration("http://127.0.0.1:9/issuer", "42", "secret")
		.build();

	private final JwtDecoder other = (token) -> {
		throw new UnsupportedOperationException("other");
	};

	private final TelegramIdTokenDecoderFactory factory = new TelegramIdTokenDecoderFactory(SignatureAlgorithm.RS256,
			"telegram", (registration) -> this.other);

	@Test
	void createDecoderWhenHs256TokenThenRefusedWithoutFetchingKeys() throws Exception {
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims());
		jwt.sign(new MACSigner("a-shared-secret-that-is-32-bytes-long!!"));
		JwtDecoder decoder = this.factory.createDecoder(this.telegram);
		assertThatExceptionOfType(JwtException.class).isThrownBy(() -> decoder.decode(jwt.serialize()));
	}

	@Test
	void createDecoderWhenAlgNoneThenRefused() {
		String token = new PlainJWT(claims()).serialize();
		JwtDecoder decoder = this.factory.createDecoder(this.telegram);
		assertThatExceptionOfType(JwtException.class).isThrownBy(() -> decoder.decode(token));
	}

	@Test
	void createDecoderWhenOtherAsymmetricAlgorithmThenRefused() throws Exception {
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.ES256), claims());
		jwt.sign(new ECDSASigner(new ECKeyGenerator(Curve.P_256).generate()));
		JwtDecoder decoder = this.factory.createDecoder(this.telegram);
		assertThatExceptionOfType(JwtException.class).isThrownBy(() -> decoder.decode(jwt.serialize()));
	}

	@Test
	void createDecoderWhenOtherRegistrationThenDelegate() {
		ClientRegistration google = ClientRegistration.withClientRegistration(this.telegram)
			.registrationId("google")
			.build();
		assertThat(this.factory.createDecoder(google)).isSameAs(this.other);
	}

	@Test
	void algorithmWhenAsymmetricNameThenIt() {
		assertThat(TelegramIdTokenDecoderFactory.algorithm("ES256")).isEqualTo(SignatureAlgorithm.ES256);
	}

	@Test
	void algorithmWhenNoneOrHmacThenConfigurationException() {
		assertThatExceptionOfType(TelegramLoginConfigurationException.class)
			.isThrownBy(() -> TelegramIdTokenDecoderFactory.algorithm("none"));
		assertThatExceptionOfType(TelegramLoginConfigurationException.class)
			.isThrownBy(() -> TelegramIdTokenDecoderFactory.algorithm("HS256"))
			.withMessageContaining("RS256");
	}

	@Test
	void ofWhenEs256kWithoutBouncyCastleThenRefusedSayingToAddBcprov() {
		assertThatExceptionOfType(TelegramLoginConfigurationException.class)
			.isThrownBy(() -> TelegramIdTokenDecoderFactory.of("ES256K", "telegram", (registration) -> this.other,
					false))
			.withMessageContaining("secp256k1")
			.withMessageContaining("bcprov")
			.withMessageContaining("EdDSA");
	}

	@Test
	void ofWhenUnknownNameThenConfigurationExceptionNamingTheChoices() {
		assertThatExceptionOfType(TelegramLoginConfigurationException.class)
			.isThrownBy(() -> TelegramIdTokenDecoderFactory.of("ES999", "telegram", (registration) -> this.other))
			.withMessageContaining("EdDSA")
			.withMessageContaining("ES256K (with bcprov)");
	}

	@ParameterizedTest
	@ValueSource(strings = { "EdDSA", "ES256K" })
	void ofWhenNimbusAlgorithmThenOtherAlgorithmsRefusedWithoutFetchingKeys(String algorithm) throws Exception {
		TelegramIdTokenDecoderFactory pinned = TelegramIdTokenDecoderFactory.of(algorithm, "telegram",
				(registration) -> this.other);
		JwtDecoder decoder = pinned.createDecoder(this.telegram);
		SignedJWT rs256 = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims());
		rs256.sign(new RSASSASigner(new RSAKeyGenerator(2048).generate()));
		SignedJWT es256 = new SignedJWT(new JWSHeader(JWSAlgorithm.ES256), claims());
		es256.sign(new ECDSASigner(new ECKeyGenerator(Curve.P_256).generate()));
		SignedJWT hs256 = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims());
		hs256.sign(new MACSigner("a-shared-secret-that-is-32-bytes-long!!"));
		for (String token : new String[] { rs256.serialize(), es256.serialize(), hs256.serialize(),
				new PlainJWT(claims()).serialize() }) {
			assertThatExceptionOfType(JwtException.class).isThrownBy(() -> decoder.decode(token));
		}
		assertThat(pinned.createDecoder(this.telegram)).as("one decoder, its key cache kept").isSameAs(decoder);
		assertThat(pinned.createDecoder(ClientRegistration.withClientRegistration(this.telegram)
			.registrationId("google")
			.build())).isSameAs(this.other);
		assertThat(Security.getProvider("BC")).as("BouncyCastle is not a JCA provider of the JVM").isNull();
	}

	private static JWTClaimsSet claims() {
		Instant now = Instant.now();
		return new JWTClaimsSet.Builder().issuer("http://127.0.0.1:9/issuer")
			.audience("42")
			.subject("1")
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(60)))
			.build();
	}

}
