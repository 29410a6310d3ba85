package dev.tglogin.bondify;

import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Verifies Bondify proof JWTs with the project's shared secret.
 * <p>
 * What it checks, in order: the size (at most {@link #setMaxProofLength(int) 8 KiB}); that the token is a compact JWS of
 * three strict base64url parts (nimbus' decoder skips stray characters, which would give one token several
 * spellings) whose signature is the one canonical spelling of its 32 bytes; then nimbus' {@link DefaultJWTProcessor},
 * built once: a signed JWS ({@code alg: none} is refused while parsing) with no {@code typ} but {@code JWT}, the
 * algorithm pinned to HS256 by the key selector (HS384/HS512 or RS256 tokens are refused whatever their key; a
 * {@code kid} is ignored), no critical header nimbus does not understand and no unencoded payload, the HMAC checked
 * by the verifier made once for each secret ({@code ProofSecrets}: a {@link MACVerifier}, or for a secret
 * shorter than {@value #MIN_SECRET_BYTES} bytes a {@code ShortSecretHs256Verifier}); and, once the signature
 * verified, the claims ({@code ProofClaimsVerifier}): {@code exp} and {@code iat} present, {@code exp} not past, {@code iat} not in the
 * future and before {@code exp}, {@code nbf}, when present, not in the future (each with
 * {@link #setClockSkew(Duration) 30 s} of skew), {@code project_id} equal to ours, {@code session_token} equal to the
 * pending one (when one is expected), and the identity claims strings. Identity comes from these claims only.
 * <p>
 * Which secret signs proofs is disputed upstream (the project's {@code whsec_...} webhook secret in Bondify's newer
 * SDKs, {@code sk_live_...} in older docs); configure whichever your project's proofs verify with.
 * <p>
 * This class is thread-safe once configured.
 */
public final class BondifyProofVerifier {

	/** The length HS256 wants of a secret: 32 bytes (256 bits); a shorter one is used with a warning. */
	public static final int MIN_SECRET_BYTES = 32;

	/** The length of an HS256 signature (32 bytes) in unpadded base64url. */
	private static final int SIGNATURE_LENGTH = 43;

	private static final boolean[] BASE64URL = new boolean[128];

	static {
		for (char c : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray()) {
			BASE64URL[c] = true;
		}
	}

	private final String projectId;

	private volatile ProofSecrets secrets;

	private Clock clock = Clock.systemUTC();

	private Duration clockSkew = Duration.ofSeconds(30);

	private int maxProofLength = 8 * 1024;

	private volatile DefaultJWTProcessor<ProofClaimsVerifier.Expected> processor;

	/**
	 * Creates a verifier.
	 * @param projectId our Bondify project id; proofs for other projects are refused
	 * @param secret the shared HS256 secret; one shorter than {@value #MIN_SECRET_BYTES} bytes is used, with a
	 * warning (Bondify issues the secrets)
	 */
	public BondifyProofVerifier(String projectId, byte[] secret) {
		Assert.hasText(projectId, "projectId cannot be empty");
		Assert.isTrue(secret != null && secret.length > 0, "secret cannot be empty");
		this.projectId = projectId;
		this.secrets = ProofSecrets.of(secret);
		this.processor = processor();
	}

	/**
	 * Creates a verifier from a UTF-8 secret string.
	 * @param projectId our project id
	 * @param secret the secret as Bondify shows it
	 */
	public BondifyProofVerifier(String projectId, String secret) {
		this(projectId, secret.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Sets more secrets whose proofs are accepted too: which secret signs proofs is disputed upstream (the
	 * {@code whsec_...} or the {@code sk_live_...} one), and a previous secret stays valid while a new one is rolled
	 * out. The processor tries the configured secret first, then these in order; the first proof verified is logged
	 * once with the position of its secret (never the value). Defaults to none.
	 * @param secrets the secrets; one shorter than {@value #MIN_SECRET_BYTES} bytes is used, with a warning
	 */
	public void setAdditionalSecrets(List<byte[]> secrets) {
		Assert.notNull(secrets, "secrets cannot be null");
		for (byte[] secret : secrets) {
			Assert.isTrue(secret != null && secret.length > 0, "secrets cannot contain empty entries");
		}
		// the key selector and the verifier factory read the secrets as they are: the processor stays
		this.secrets = this.secrets.with(secrets);
	}

	/** Sets the clock. Defaults to the system UTC clock. */
	public void setClock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
		this.processor = processor();
	}

	/** Sets the allowed clock skew for {@code exp}, {@code iat} and {@code nbf}. Defaults to 30 seconds; at most 5 minutes. */
	public void setClockSkew(Duration clockSkew) {
		Assert.isTrue(clockSkew != null && !clockSkew.isNegative() && clockSkew.compareTo(Duration.ofMinutes(5)) <= 0,
				"clockSkew must be between 0 and 5 minutes");
		this.clockSkew = clockSkew;
		this.processor = processor();
	}

	/** Sets the longest proof accepted, in characters. Defaults to 8192. */
	public void setMaxProofLength(int maxProofLength) {
		Assert.isTrue(maxProofLength > 0, "maxProofLength must be positive");
		this.maxProofLength = maxProofLength;
	}

	/**
	 * Returns the clock skew: a proof is accepted until its {@code exp} plus this, so whatever makes it single-use
	 * must remember it at least that long.
	 */
	public Duration getClockSkew() {
		return this.clockSkew;
	}

	/** Returns our project id. */
	public String getProjectId() {
		return this.projectId;
	}

	/**
	 * Verifies a proof.
	 * @param proof the compact JWS
	 * @param expectedSessionToken the session token the proof must be for, or {@code null} to accept any session
	 * (the caller then enforces single use)
	 * @return the verified claims
	 * @throws InvalidProofException (or a subclass) when the proof is refused
	 */
	public VerifiedProof verify(String proof, @Nullable String expectedSessionToken) {
		if (proof == null || proof.isEmpty()) {
			throw new InvalidProofException("missing", "Proof is missing");
		}
		if (proof.length() > this.maxProofLength) {
			throw new InvalidProofException("too_large", "Proof is too large");
		}
		JWTClaimsSet claims = process(parse(proof), new ProofClaimsVerifier.Expected(expectedSessionToken));
		String telegramId = TelegramIds.read(claims.getClaim(BondifyProtocol.TELEGRAM_ID));
		if (telegramId == null) {
			throw new InvalidProofException("bad_claim", "Proof claim telegram_id is not a Telegram id");
		}
		return new VerifiedProof(telegramId, ProofClaimsVerifier.stringClaim(claims, BondifyProtocol.TELEGRAM_NAME),
				optionalString(claims, BondifyProtocol.TELEGRAM_USERNAME),
				optionalString(claims, BondifyProtocol.TELEGRAM_PHONE),
				ProofClaimsVerifier.stringClaim(claims, BondifyProtocol.SESSION_TOKEN),
				claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant());
	}

	/** The strict compact form, then nimbus' parser. */
	private static SignedJWT parse(String proof) {
		int firstDot = proof.indexOf('.');
		int secondDot = (firstDot > 0) ? proof.indexOf('.', firstDot + 1) : -1;
		if (secondDot <= firstDot + 1 || secondDot == proof.length() - 1 || !base64UrlExcept(proof, firstDot, secondDot)) {
			throw new InvalidProofException("malformed", "Proof is not a compact JWS");
		}
		SignedJWT jwt;
		try {
			jwt = SignedJWT.parse(proof);
		}
		catch (ParseException | RuntimeException | StackOverflowError ex) {
			throw new InvalidProofException("malformed", "Proof is not a signed JWT");
		}
		if (proof.length() - secondDot - 1 != SIGNATURE_LENGTH || !canonical(proof, secondDot + 1)
				|| !jwt.getHeader().isBase64URLEncodePayload()) {
			throw new InvalidProofException("bad_signature", "Proof signature or algorithm is not accepted");
		}
		return jwt;
	}

	private JWTClaimsSet process(SignedJWT jwt, ProofClaimsVerifier.Expected expected) {
		try {
			return this.processor.process(jwt, expected);
		}
		catch (BadJWTException ex) {
			if (ex.getCause() instanceof ParseException) {
				throw new InvalidProofException("bad_claim", "Proof claims cannot be read");
			}
			throw new InvalidProofException("bad_signature", "Proof signature or algorithm is not accepted");
		}
		catch (BadJOSEException | JOSEException ex) {
			throw new InvalidProofException("bad_signature", "Proof signature or algorithm is not accepted");
		}
	}

	/** nimbus' processor with the algorithm pinned by the key selector, the keyed verifiers reused, our claims checks. */
	private DefaultJWTProcessor<ProofClaimsVerifier.Expected> processor() {
		DefaultJWTProcessor<ProofClaimsVerifier.Expected> processor = new DefaultJWTProcessor<>();
		processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, null));
		// the algorithm pinned to HS256 by the key selector (ProofSecrets)
		processor.setJWSKeySelector((header, context) -> this.secrets.selectJWSKeys(header, context));
		processor.setJWSVerifierFactory(new CachedVerifiers());
		processor.setJWTClaimsSetVerifier(new ProofClaimsVerifier(this.projectId, this.clock, this.clockSkew));
		return processor;
	}

	/** Whether every character is base64url, except the two dots at the given places. */
	private static boolean base64UrlExcept(String token, int firstDot, int secondDot) {
		for (int i = 0, n = token.length(); i < n; i++) {
			char c = token.charAt(i);
			if ((c >= 128 || !BASE64URL[c]) && i != firstDot && i != secondDot) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Whether the signature's text is the one canonical spelling of its bytes: its last of 43 characters carries two
	 * unused bits, so four spellings decode alike; only the one with those bits zero is accepted.
	 */
	private static boolean canonical(String token, int from) {
		byte[] signature = Base64.getUrlDecoder().decode(token.substring(from));
		return Base64.getUrlEncoder().withoutPadding().encodeToString(signature).regionMatches(0, token, from,
				token.length() - from);
	}

	private static @Nullable String optionalString(JWTClaimsSet claims, String name) {
		return (claims.getClaim(name) != null) ? ProofClaimsVerifier.stringClaim(claims, name) : null;
	}

	@Override
	public String toString() {
		return "BondifyProofVerifier[projectId=" + this.projectId + ", algorithm=HS256, secret=[PROTECTED]]";
	}

	/** The verifier made once for each secret, instead of one per proof. */
	private final class CachedVerifiers extends DefaultJWSVerifierFactory {

		@Override
		public JWSVerifier createJWSVerifier(JWSHeader header, Key key) throws JOSEException {
			return BondifyProofVerifier.this.secrets.verifier(header, key);
		}

	}

}
