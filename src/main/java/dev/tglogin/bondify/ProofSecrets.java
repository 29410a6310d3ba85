package dev.tglogin.bondify;

import java.security.Key;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.util.Base64URL;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The secrets proofs are verified with, in the order nimbus' processor tries them, each with its verifier made once:
 * a {@link MACVerifier}, or a {@link ShortSecretHs256Verifier} (with a start-up warning) for a secret shorter than
 * {@value BondifyProofVerifier#MIN_SECRET_BYTES} bytes. As the processor's key selector it pins the algorithm to HS256;
 * a {@code kid} in the header does not pick the key (nimbus' {@code JWSVerificationKeySelector} would match it against
 * the JWK's and refuse every proof that names one). When there are several secrets, the first proof verified is logged
 * once with the position of its secret, never the value.
 * <p>
 * Immutable and thread-safe; {@link #with(List)} returns a new value.
 */
final class ProofSecrets implements JWSKeySelector<ProofClaimsVerifier.Expected> {

	private static final Log logger = LogFactory.getLog(BondifyProofVerifier.class);

	private final List<SecretKey> keys;

	/** Each key's verifier, by the key's identity, without the position wrapper. */
	private final Map<SecretKey, JWSVerifier> made;

	private final Map<SecretKey, JWSVerifier> verifiers = new IdentityHashMap<>();

	private final AtomicBoolean firstVerifiedLogged;

	private ProofSecrets(List<SecretKey> keys, Map<SecretKey, JWSVerifier> made, AtomicBoolean firstVerifiedLogged) {
		this.keys = List.copyOf(keys);
		this.made = made;
		this.firstVerifiedLogged = firstVerifiedLogged;
		for (int i = 0; i < this.keys.size(); i++) {
			this.verifiers.put(this.keys.get(i), new Positioned(made.get(this.keys.get(i)), i));
		}
	}

	/**
	 * The configured secret alone.
	 * @param secret the secret
	 * @return the secrets
	 */
	static ProofSecrets of(byte[] secret) {
		return new ProofSecrets(List.of(), Map.of(), new AtomicBoolean()).add(List.of(secret));
	}

	/**
	 * The configured secret, then the given ones (those added earlier are replaced).
	 * @param additional the additional secrets
	 * @return the secrets
	 */
	ProofSecrets with(List<byte[]> additional) {
		SecretKey configured = this.keys.get(0);
		return new ProofSecrets(List.of(configured), Map.of(configured, this.made.get(configured)),
				this.firstVerifiedLogged).add(additional);
	}

	private ProofSecrets add(List<byte[]> secrets) {
		List<SecretKey> keys = new ArrayList<>(this.keys);
		Map<SecretKey, JWSVerifier> made = new IdentityHashMap<>(this.made);
		for (byte[] secret : secrets) {
			int position = keys.size();
			SecretKey key = new SecretKeySpec(Arrays.copyOf(secret, secret.length), "HmacSHA256");
			made.put(key, verifier(key, secret.length, position));
			keys.add(key);
		}
		return new ProofSecrets(keys, made, this.firstVerifiedLogged);
	}

	private static JWSVerifier verifier(SecretKey key, int length, int position) {
		if (length < BondifyProofVerifier.MIN_SECRET_BYTES) {
			logger.warn("The Bondify " + name(position) + " has " + length + " bytes, fewer than the "
					+ BondifyProofVerifier.MIN_SECRET_BYTES + " HS256 wants; it is used as Bondify issued it (check "
					+ "that it is the whole secret, exactly as Bondify shows it)");
			return new ShortSecretHs256Verifier(key);
		}
		try {
			return new MACVerifier(key);
		}
		catch (JOSEException ex) {
			throw new IllegalArgumentException("Bondify secret is not usable for HS256", ex);
		}
	}

	private static String name(int position) {
		return (position == 0) ? "secret" : "additional secret #" + position;
	}

	@Override
	public List<? extends Key> selectJWSKeys(JWSHeader header, ProofClaimsVerifier.Expected context) {
		return JWSAlgorithm.HS256.equals(header.getAlgorithm()) ? this.keys : List.of();
	}

	/**
	 * Returns the verifier made for one of these keys.
	 * @param header the proof's header
	 * @param key a key this selector gave
	 * @return the verifier
	 * @throws JOSEException when the key is not one of these, or the algorithm not the verifier's
	 */
	JWSVerifier verifier(JWSHeader header, Key key) throws JOSEException {
		JWSVerifier verifier = this.verifiers.get(key);
		if (verifier == null || !verifier.supportedJWSAlgorithms().contains(header.getAlgorithm())) {
			throw new JOSEException("No verifier for this key and algorithm");
		}
		return verifier;
	}

	/** A secret's verifier that tells, once, which secret verified the first proof. */
	private final class Positioned implements JWSVerifier {

		private final JWSVerifier delegate;

		private final int position;

		private Positioned(JWSVerifier delegate, int position) {
			this.delegate = delegate;
			this.position = position;
		}

		@Override
		public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) throws JOSEException {
			boolean verified = this.delegate.verify(header, signingInput, signature);
			if (verified && ProofSecrets.this.keys.size() > 1
					&& ProofSecrets.this.firstVerifiedLogged.compareAndSet(false, true)) {
				logger.info("The first Bondify proof verified with "
						+ ((this.position == 0) ? "tglogin.bondify.secret" : name(this.position))
						+ " (keep the secret that verifies proofs; remove the others once none needs them)");
			}
			return verified;
		}

		@Override
		public Set<JWSAlgorithm> supportedJWSAlgorithms() {
			return this.delegate.supportedJWSAlgorithms();
		}

		@Override
		public JCAContext getJCAContext() {
			return this.delegate.getJCAContext();
		}

	}

}
