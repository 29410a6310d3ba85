package dev.tglogin.oidc;

import java.net.MalformedURLException;
import java.net.URI;
import java.util.function.Function;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerifierFactory;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import org.springframework.security.oauth2.client.oidc.authentication.OidcIdTokenDecoderFactory;
import org.springframework.security.oauth2.client.oidc.authentication.OidcIdTokenValidator;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.util.Assert;

/**
 * The ID-token decoder for an algorithm that Spring's {@code SignatureAlgorithm} (and so
 * {@link OidcIdTokenDecoderFactory}) lacks ({@code EdDSA}, {@code ES256K}): nimbus's {@link DefaultJWTProcessor} with
 * the keys of the registration's JWK Set, a key selector pinned to that one algorithm (any other {@code alg},
 * {@code none} included, finds no key and is refused) and a verifier factory for it, in Spring's
 * {@link NimbusJwtDecoder} with the validation {@code OidcIdTokenDecoderFactory} sets:
 * {@link JwtValidators#createDefaultWithValidators} with the {@link OidcIdTokenValidator} (issuer, audience,
 * authorized party, expiry, issued-at) and its claim type converter.
 */
final class NimbusIdTokenDecoders {

	private NimbusIdTokenDecoders() {
	}

	/**
	 * Creates the decoder of a registration.
	 * @param registration the registration, with its JWK Set URI
	 * @param keySelector the key selector, pinned to one algorithm, over the registration's JWK Set
	 * @param verifiers the verifiers of that algorithm
	 * @return the decoder
	 */
	static JwtDecoder create(ClientRegistration registration,
			Function<JWKSource<SecurityContext>, JWSKeySelector<SecurityContext>> keySelector,
			JWSVerifierFactory verifiers) {
		String jwkSetUri = registration.getProviderDetails().getJwkSetUri();
		Assert.hasText(jwkSetUri, "The client registration needs a JWK Set URI");
		JWKSource<SecurityContext> keys;
		try {
			keys = JWKSourceBuilder.create(URI.create(jwkSetUri).toURL()).build();
		}
		catch (MalformedURLException ex) {
			throw new IllegalArgumentException("Invalid JWK Set URI " + jwkSetUri, ex);
		}
		DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
		processor.setJWSKeySelector(keySelector.apply(keys));
		processor.setJWSVerifierFactory(verifiers);
		// the claims are checked by Spring's validators below, as for the other algorithms
		processor.setJWTClaimsSetVerifier((claims, context) -> {
		});
		NimbusJwtDecoder decoder = new NimbusJwtDecoder(processor);
		decoder.setJwtValidator(JwtValidators.createDefaultWithValidators(new OidcIdTokenValidator(registration)));
		decoder.setClaimSetConverter(OidcIdTokenDecoderFactory.createDefaultClaimTypeConverter());
		return decoder;
	}

}
