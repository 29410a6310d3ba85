package dev.tglogin.bondify;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.text.ParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;

/**
 * Verifies compact JWS tokens signed with HS256 and one shared secret, and returns their JSON payload.
 * <p>
 * It makes the checks nimbus' {@code DefaultJWTProcessor} makes with a {@code JWSVerificationKeySelector} pinned to
 * HS256 and its default type verifier, on a shorter path:
 * <ul>
 * <li>three non-empty parts of strict base64url characters (no padding, no stray characters: nimbus' own decoder
 * skips them, which would give one token several spellings);</li>
 * <li>the header, parsed by nimbus ({@link JWSHeader#parse(Base64URL)}, which refuses {@code alg: none}), must say
 * {@code HS256}, have no {@code crit} parameters (none are understood), not unencode the payload ({@code b64}) and
 * have no {@code typ} other than {@code JWT}. A header's text is remembered (a few of them at most) once a token with
 * it has verified, so the same header, as every proof of one issuer has, is not parsed again;</li>
 * <li>the HMAC-SHA256 of the signing input, by a copy of a {@link Mac} keyed once, compared with the signature in
 * constant time; the signature must be the canonical spelling of its 32 bytes (43 characters, unused bits zero);</li>
 * <li>only then is the payload decoded and parsed (nimbus' JSON parser, which refuses duplicate names).</li>
 * </ul>
 * What it leaves out is work whose result is the same for every token: selecting the key from a JWK source, building a
 * verifier and looking up a {@link Mac} per token, and converting the standard claims into a claims set (the caller
 * reads the claims it needs from the map, with its own type checks).
 * <p>
 * Failures are {@link InvalidProofException}s with the reasons {@code malformed} (not a compact JWS, or not a JWS
 * header), {@code bad_signature} (another algorithm or type, a critical header, or a wrong or undecodable signature) and
 * {@code bad_claim} (a payload that is not a JSON object). This class is thread-safe.
 */
final class Hs256Jws {

	/** How many distinct accepted headers are remembered; more are verified, just not remembered. */
	private static final int MAX_REMEMBERED_HEADERS = 16;

	private static final String HMAC_SHA256 = "HmacSHA256";

	private static final boolean[] BASE64URL = new boolean[128];

	static {
		for (char c : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray()) {
			BASE64URL[c] = true;
		}
	}

	private final Mac keyed;

	private final boolean cloneable;

	private final SecretKeySpec key;

	private final Set<String> acceptedHeaders = ConcurrentHashMap.newKeySet();

	/**
	 * Creates a verifier for one secret.
	 * @param secret the HS256 secret (the caller checks its length)
	 */
	Hs256Jws(byte[] secret) {
		this.key = new SecretKeySpec(secret, HMAC_SHA256);
		this.keyed = newMac(this.key);
		this.cloneable = isCloneable(this.keyed);
	}

	/**
	 * Verifies a token and returns its payload.
	 * @param token the compact JWS
	 * @return the payload's JSON object
	 * @throws InvalidProofException when the token is refused
	 */
	Map<String, Object> verify(String token) {
		int firstDot = token.indexOf('.');
		int secondDot = (firstDot > 0) ? token.indexOf('.', firstDot + 1) : -1;
		if (secondDot <= firstDot + 1 || secondDot == token.length() - 1 || !base64UrlExcept(token, firstDot, secondDot)) {
			throw new InvalidProofException("malformed", "Proof is not a compact JWS");
		}
		String header = token.substring(0, firstDot);
		boolean remembered = this.acceptedHeaders.contains(header);
		if (!remembered) {
			checkHeader(header);
		}
		byte[] ascii = token.getBytes(StandardCharsets.US_ASCII);
		byte[] signature = decode(ascii, secondDot + 1, ascii.length, "bad_signature");
		Mac mac = mac();
		mac.update(ascii, 0, secondDot);
		if (!MessageDigest.isEqual(mac.doFinal(), signature) || !canonical(signature, token, secondDot + 1)) {
			throw new InvalidProofException("bad_signature", "Proof signature or algorithm is not accepted");
		}
		if (!remembered && this.acceptedHeaders.size() < MAX_REMEMBERED_HEADERS) {
			// remembered only once a token with it was signed with our key
			this.acceptedHeaders.add(header);
		}
		byte[] payload = decode(ascii, firstDot + 1, secondDot, "bad_claim");
		try {
			return JSONObjectUtils.parse(new String(payload, StandardCharsets.UTF_8));
		}
		catch (ParseException | RuntimeException | StackOverflowError ex) {
			throw new InvalidProofException("bad_claim", "Proof claims cannot be read");
		}
	}

	private static void checkHeader(String encoded) {
		JWSHeader header;
		try {
			header = JWSHeader.parse(new Base64URL(encoded));
		}
		catch (ParseException | RuntimeException | StackOverflowError ex) {
			throw new InvalidProofException("malformed", "Proof is not a signed JWT");
		}
		Set<String> critical = header.getCriticalParams();
		JOSEObjectType type = header.getType();
		if (!JWSAlgorithm.HS256.equals(header.getAlgorithm()) || (critical != null && !critical.isEmpty())
				|| !header.isBase64URLEncodePayload() || (type != null && !JOSEObjectType.JWT.equals(type))) {
			throw new InvalidProofException("bad_signature", "Proof signature or algorithm is not accepted");
		}
	}

	/**
	 * Whether the signature's text is the one canonical base64url spelling of its bytes: a 32-byte HMAC is 43
	 * characters whose last one carries two unused bits, so four spellings decode to the same bytes; only the one with
	 * those bits zero is accepted.
	 */
	private static boolean canonical(byte[] signature, String token, int from) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(signature).regionMatches(0, token, from,
				token.length() - from);
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

	/** Decodes a part; one of 4n + 1 characters, a length no base64 encoding has, is refused for the reason given. */
	private static byte[] decode(byte[] ascii, int from, int to, String reason) {
		try {
			return Base64.getUrlDecoder().decode(Arrays.copyOfRange(ascii, from, to));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidProofException(reason, "Proof is not a compact JWS");
		}
	}

	private Mac mac() {
		if (this.cloneable) {
			try {
				return (Mac) this.keyed.clone();
			}
			catch (CloneNotSupportedException ex) {
				// not expected once the first clone worked; fall through
			}
		}
		return newMac(this.key);
	}

	private static Mac newMac(SecretKeySpec key) {
		try {
			Mac mac = Mac.getInstance(HMAC_SHA256);
			mac.init(key);
			return mac;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

	private static boolean isCloneable(Mac mac) {
		try {
			mac.clone();
			return true;
		}
		catch (CloneNotSupportedException ex) {
			return false;
		}
	}

	/** How many headers are remembered (for tests). */
	int rememberedHeaders() {
		return this.acceptedHeaders.size();
	}

	@Override
	public String toString() {
		return "Hs256Jws[secret=[PROTECTED]]";
	}

}
