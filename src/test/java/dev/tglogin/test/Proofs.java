package dev.tglogin.test;

import java.time.Instant;
import java.util.Date;
import java.util.function.Consumer;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Mints Bondify-shaped proofs for tests, signed with a key of the test's choosing.
 */
public final class Proofs {

	private Proofs() {
	}

	/** The claims of a valid proof issued now for the given project and session. */
	public static JWTClaimsSet.Builder claims(String projectId, String sessionToken) {
		Instant now = Instant.now();
		return new JWTClaimsSet.Builder().claim("telegram_id", "424242")
			.claim("telegram_name", "Proof User")
			.claim("telegram_username", "proof_user")
			.claim("project_id", projectId)
			.claim("session_token", sessionToken)
			.claim("confirmed_at", now.toEpochMilli())
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(300)));
	}

	/** Signs the claims with the algorithm and secret. */
	public static String sign(JWSAlgorithm algorithm, byte[] secret, JWTClaimsSet claims) {
		try {
			SignedJWT jwt = new SignedJWT(new JWSHeader(algorithm), claims);
			jwt.sign(new MACSigner(secret));
			String proof = jwt.serialize();
			LogCapture.secret("a proof made by a test", proof);
			LogCapture.secret("a session token of a test proof", String.valueOf(claims.getClaim("session_token")));
			return proof;
		}
		catch (com.nimbusds.jose.JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A valid HS256 proof, with the given changes to its claims. */
	public static String hs256(byte[] secret, String projectId, String sessionToken,
			Consumer<JWTClaimsSet.Builder> changes) {
		JWTClaimsSet.Builder claims = claims(projectId, sessionToken);
		changes.accept(claims);
		return sign(JWSAlgorithm.HS256, secret, claims.build());
	}


	/**
	 * An HS256 proof signed with a secret shorter than 256 bits (nimbus' signer refuses those; Bondify may issue one).
	 */
	public static String hs256Short(String secret, String projectId, String sessionToken) {
		try {
			String header = com.nimbusds.jose.util.Base64URL.encode("{\"alg\":\"HS256\",\"typ\":\"JWT\"}").toString();
			String payload = com.nimbusds.jose.util.Base64URL.encode(claims(projectId, sessionToken).build().toString())
				.toString();
			javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
			mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8),
					"HmacSHA256"));
			byte[] signature = mac.doFinal((header + "." + payload).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
			return header + "." + payload + "." + com.nimbusds.jose.util.Base64URL.encode(signature);
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
