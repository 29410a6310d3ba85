package dev.tglogin.security;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import dev.tglogin.security.TokenAttack.Context;
import dev.tglogin.security.TokenAttack.Delivery;
import dev.tglogin.test.LogCapture;

/**
 * The token attack corpus: crafted Bondify proofs and {@code /proof} request bodies, each named, with what the
 * library must answer. Every case is sent over real HTTP by {@link TokenAttackCorpusTests}.
 * <p>
 * Proofs are crafted by hand (header and payload JSON as text, HMAC with {@code javax.crypto}) so that a case can
 * hold what no well-behaved JWT library would produce: duplicate keys, wrong types, other algorithms with our
 * secret, bad signatures. Webhook cases (a wrong, missing or non-hex {@code X-Bondify-Signature}, a replayed
 * webhook) are not here: the webhook endpoint does not exist yet.
 */
final class TokenAttackCorpus {

	private static final KeyPair ATTACKER_RSA = rsa();

	private TokenAttackCorpus() {
	}

	static List<TokenAttack> all() {
		List<TokenAttack> cases = new ArrayList<>();
		// ---- algorithms and keys
		proof(cases, "alg none, no signature", (c) -> jws("{\"alg\":\"none\"}", claims(c), null, null) + "");
		proof(cases, "alg none, with an HS256 signature", (c) -> jws("{\"alg\":\"none\"}", claims(c), "HmacSHA256", c.secret()));
		proof(cases, "alg HS384 signed with the secret", (c) -> jws("{\"alg\":\"HS384\"}", claims(c), "HmacSHA384", c.secret()));
		proof(cases, "alg HS512 signed with the secret", (c) -> jws("{\"alg\":\"HS512\"}", claims(c), "HmacSHA512", c.secret()));
		proof(cases, "alg RS256 HMAC-signed with the secret as public key",
				(c) -> jws("{\"alg\":\"RS256\"}", claims(c), "HmacSHA256", c.secret()));
		proof(cases, "alg RS256 signed with an attacker key", (c) -> rs256(c, false));
		proof(cases, "alg RS256 with the attacker key embedded as jwk header", (c) -> rs256(c, true));
		proof(cases, "alg lowercase hs256 signed with the secret",
				(c) -> jws("{\"alg\":\"hs256\"}", claims(c), "HmacSHA256", c.secret()));
		proof(cases, "HS256 signed with a wrong key", (c) -> jws(HS256, claims(c), "HmacSHA256", wrongKey(c)));
		proof(cases, "HS256 wrong key with a jku header",
				(c) -> jws("{\"alg\":\"HS256\",\"jku\":\"http://attacker.example/jwks.json\"}", claims(c), "HmacSHA256",
						wrongKey(c)));
		proof(cases, "HS256 with a path-traversal kid and a one-byte key",
				(c) -> jws("{\"alg\":\"HS256\",\"kid\":\"../../../../dev/null\"}", claims(c), "HmacSHA256",
						new byte[] { 0 }));
		proof(cases, "HS256 with an unknown critical header, signed with the secret",
				(c) -> jws("{\"alg\":\"HS256\",\"crit\":[\"exp_v2\"],\"exp_v2\":1}", claims(c), "HmacSHA256", c.secret()));
		proof(cases, "HS256 unencoded payload (b64 false), signed with the secret",
				(c) -> jws("{\"alg\":\"HS256\",\"b64\":false,\"crit\":[\"b64\"]}", claims(c), "HmacSHA256", c.secret()));
		// ---- signatures
		proof(cases, "truncated signature", (c) -> {
			String jwt = valid(c);
			return jwt.substring(0, jwt.length() - 6);
		});
		proof(cases, "padded signature", (c) -> valid(c) + "AAAA");
		proof(cases, "signature with base64 padding", (c) -> valid(c) + "==");
		proof(cases, "stripped signature", (c) -> {
			String jwt = valid(c);
			return jwt.substring(0, jwt.lastIndexOf('.') + 1);
		});
		proof(cases, "payload tampered after signing", (c) -> {
			String[] parts = valid(c).split("\\.");
			String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
				.replace("424242", "1");
			return parts[0] + "." + b64(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
		});
		proof(cases, "signature of another proof", (c) -> {
			String[] mine = valid(c).split("\\.");
			String[] other = signed(c, (claims) -> claims.put("telegram_id", "1")).split("\\.");
			return other[0] + "." + other[1] + "." + mine[2];
		});
		// ---- times
		proof(cases, "missing exp", (c) -> signed(c, (claims) -> claims.remove("exp")));
		proof(cases, "missing iat", (c) -> signed(c, (claims) -> claims.remove("iat")));
		proof(cases, "non-numeric exp", (c) -> signed(c, (claims) -> claims.put("exp", "tomorrow")));
		proof(cases, "non-numeric iat", (c) -> signed(c, (claims) -> claims.put("iat", "today")));
		proof(cases, "expired", (c) -> signed(c, (claims) -> {
			claims.put("iat", now() - 900);
			claims.put("exp", now() - 600);
		}));
		proof(cases, "issued in the future", (c) -> signed(c, (claims) -> {
			claims.put("iat", now() + 3600);
			claims.put("exp", now() + 3900);
		}));
		proof(cases, "exp before iat", (c) -> signed(c, (claims) -> {
			claims.put("iat", now());
			claims.put("exp", now() - 1);
		}));
		proof(cases, "exp beyond any date", (c) -> signed(c, (claims) -> claims.put("exp", 1e300)));
		// ---- binding and identity claims
		proof(cases, "other project_id", (c) -> signed(c, (claims) -> claims.put("project_id", "proj_other")));
		proof(cases, "project_id as an array", (c) -> signed(c, (claims) -> claims.put("project_id", List.of(c.projectId()))));
		proof(cases, "missing session_token", (c) -> signed(c, (claims) -> claims.remove("session_token")));
		proof(cases, "telegram_id not a Telegram id", (c) -> signed(c, (claims) -> claims.put("telegram_id", "1 OR 1=1")));
		proof(cases, "telegram_name an object", (c) -> signed(c, (claims) -> claims.put("telegram_name", Map.of("a", 1))));
		proof(cases, "replayed proof of a completed login", (c) -> c.replay());
		proof(cases, "valid proof of another browser's pending login (its session token read off the deeplink)",
				(c) -> signed(c, (claims) -> claims.put("session_token", c.honestSession())));
		// ---- JSON and encodings
		proof(cases, "duplicate claim keys, signed with the secret", (c) -> {
			String payload = json(claims(c)).replaceFirst("\\{", "{\"project_id\":\"proj_other\",");
			return jws(HS256, payload, "HmacSHA256", c.secret());
		});
		proof(cases, "duplicate header keys (none, then HS256), signed with the secret",
				(c) -> jws("{\"alg\":\"none\",\"alg\":\"HS256\"}", claims(c), "HmacSHA256", c.secret()));
		proof(cases, "payload nested 2000 deep, wrong key",
				(c) -> jws(HS256, "[".repeat(2_000) + "]".repeat(2_000), "HmacSHA256", wrongKey(c)));
		proof(cases, "payload of non-UTF-8 bytes, wrong key", (c) -> {
			byte[] payload = json(claims(c)).getBytes(StandardCharsets.UTF_8);
			int at = new String(payload, StandardCharsets.ISO_8859_1).indexOf("Proof User");
			payload[at + 5] = (byte) 0xC3;
			payload[at + 6] = (byte) 0x28;
			return jwsBytes(HS256.getBytes(StandardCharsets.UTF_8), payload, "HmacSHA256", wrongKey(c));
		});
		proof(cases, "a JWE (five parts)", (c) -> String.join(".", b64("{\"alg\":\"dir\",\"enc\":\"A128GCM\"}".getBytes()),
				"", b64(new byte[12]), b64(new byte[32]), b64(new byte[16])));
		proof(cases, "JWS JSON serialization", (c) -> {
			String[] parts = valid(c).split("\\.");
			return "{\"payload\":\"" + parts[1] + "\",\"signatures\":[{\"protected\":\"" + parts[0]
					+ "\",\"signature\":\"" + parts[2] + "\"}]}";
		});
		proof(cases, "whitespace inside the token", (c) -> {
			String jwt = valid(c);
			return jwt.substring(0, 20) + "\n " + jwt.substring(20);
		});
		proof(cases, "a proof of 9 KiB, over the proof limit", (c) -> signed(c, (claims) -> claims.put("pad", "x".repeat(9 * 1024))));
		body(cases, "a 1 MB token", 413, "payload_too_large",
				(c) -> ("{\"proof\":\"" + "eyJ".repeat(350_000) + "\"}").getBytes(StandardCharsets.UTF_8));
		body(cases, "request body of non-UTF-8 bytes", 400, "invalid_request", (c) -> {
			byte[] body = ("{\"proof\":\"" + valid(c) + "\"}").getBytes(StandardCharsets.UTF_8);
			body[12] = (byte) 0xFF;
			return body;
		});
		body(cases, "duplicate proof fields in the request body", 400, "invalid_request",
				(c) -> ("{\"proof\":\"x.y.z\",\"proof\":\"" + valid(c) + "\"}").getBytes(StandardCharsets.UTF_8));
		body(cases, "proof as a number", 400, "invalid_request", (c) -> "{\"proof\":1e999}".getBytes(StandardCharsets.UTF_8));
		body(cases, "proof as an object", 400, "invalid_request",
				(c) -> ("{\"proof\":{\"proof\":\"" + valid(c) + "\"}}").getBytes(StandardCharsets.UTF_8));
		// ---- delivered by "Bondify" to the attacker's own /status
		status(cases, "status: HS256 signed with a wrong key", (c) -> jws(HS256, claims(c), "HmacSHA256", wrongKey(c)));
		status(cases, "status: alg none", (c) -> jws("{\"alg\":\"none\"}", claims(c), null, null));
		status(cases, "status: alg HS512 signed with the secret", (c) -> jws("{\"alg\":\"HS512\"}", claims(c), "HmacSHA512", c.secret()));
		status(cases, "status: a valid proof of the honest user's session",
				(c) -> signed(c, (claims) -> claims.put("session_token", c.honestSession())));
		status(cases, "status: other project_id", (c) -> signed(c, (claims) -> claims.put("project_id", "proj_other")));
		status(cases, "status: expired", (c) -> signed(c, (claims) -> {
			claims.put("iat", now() - 900);
			claims.put("exp", now() - 600);
		}));
		status(cases, "status: a proof of 150 KiB", (c) -> signed(c, (claims) -> claims.put("pad", "x".repeat(150 * 1024))));
		cases.add(new TokenAttack("status: answer with non-UTF-8 bytes around a wrong-key proof",
				Delivery.STATUS_FROM_BONDIFY, 401, "invalid_proof", (c) -> {
					byte[] answer = confirmation(c, jws(HS256, claims(c), "HmacSHA256", wrongKey(c)), "424242",
							"Proof \u00e9User");
					int at = indexOf(answer, (byte) 0xC3);
					answer[at + 1] = (byte) 0x28;
					return answer;
				}));
		cases.add(new TokenAttack("status: unsigned fields contradict the proof", Delivery.STATUS_LOGS_IN_AS_PROOF, 200,
				null, (c) -> confirmation(c, signed(c, (claims) -> {
				}), "1", "Administrator")));
		return List.copyOf(cases);
	}

	// ---------------------------------------------------------------- case builders

	private static final String HS256 = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";

	private static void proof(List<TokenAttack> cases, String name, Function<Context, String> proof) {
		cases.add(new TokenAttack(name, Delivery.PROOF_ENDPOINT, 401, "invalid_proof",
				(c) -> body(proof.apply(c))));
	}

	private static void body(List<TokenAttack> cases, String name, int status, String error,
			Function<Context, byte[]> body) {
		cases.add(new TokenAttack(name, Delivery.PROOF_ENDPOINT, status, error, body));
	}

	private static void status(List<TokenAttack> cases, String name, Function<Context, String> proof) {
		cases.add(new TokenAttack(name, Delivery.STATUS_FROM_BONDIFY, 401, "invalid_proof",
				(c) -> confirmation(c, proof.apply(c), "424242", "Proof User")));
	}

	private static byte[] body(String proof) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("proof", proof);
		return JSONObjectUtils.toJSONString(body).getBytes(StandardCharsets.UTF_8);
	}

	private static byte[] confirmation(Context c, String proof, String telegramId, String telegramName) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("status", "confirmed");
		body.put("telegram_id", telegramId);
		body.put("telegram_name", telegramName);
		body.put("telegram_username", "someone");
		body.put("proof", proof);
		return JSONObjectUtils.toJSONString(body).getBytes(StandardCharsets.UTF_8);
	}

	// ---------------------------------------------------------------- crafting

	/** The claims of a valid proof for the context's attacker session, as an ordered map. */
	static Map<String, Object> claims(Context c) {
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put("telegram_id", "424242");
		claims.put("telegram_name", "Proof User");
		claims.put("telegram_username", "proof_user");
		claims.put("project_id", c.projectId());
		claims.put("session_token", c.attackerSession());
		claims.put("confirmed_at", System.currentTimeMillis());
		claims.put("iat", now());
		claims.put("exp", now() + 300);
		return claims;
	}

	/** A valid HS256 proof for the attacker's session. */
	static String valid(Context c) {
		return signed(c, (claims) -> {
		});
	}

	/** An HS256 proof signed with the secret, with changed claims. */
	static String signed(Context c, Consumer<Map<String, Object>> changes) {
		Map<String, Object> claims = claims(c);
		changes.accept(claims);
		return jws(HS256, json(claims), "HmacSHA256", c.secret());
	}

	private static String jws(String header, Map<String, Object> claims, String mac, byte[] key) {
		return jws(header, json(claims), mac, key);
	}

	/** A compact JWS of the given header and payload text, with an HMAC signature (or none when mac is null). */
	static String jws(String header, String payload, String mac, byte[] key) {
		return jwsBytes(header.getBytes(StandardCharsets.UTF_8), payload.getBytes(StandardCharsets.UTF_8), mac, key);
	}

	static String jwsBytes(byte[] header, byte[] payload, String mac, byte[] key) {
		String input = b64(header) + "." + b64(payload);
		String jws = input + "." + ((mac != null) ? b64(hmac(mac, key, input)) : "");
		LogCapture.secret("a crafted proof", jws);
		return jws;
	}

	private static byte[] hmac(String algorithm, byte[] key, String input) {
		try {
			Mac mac = Mac.getInstance(algorithm);
			mac.init(new SecretKeySpec(key, algorithm));
			return mac.doFinal(input.getBytes(StandardCharsets.US_ASCII));
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String rs256(Context c, boolean embedKey) {
		try {
			JWSHeader.Builder header = new JWSHeader.Builder(JWSAlgorithm.RS256);
			if (embedKey) {
				header.jwk(new RSAKey.Builder((java.security.interfaces.RSAPublicKey) ATTACKER_RSA.getPublic()).build());
			}
			SignedJWT jwt = new SignedJWT(header.build(), JWTClaimsSet.parse(claims(c)));
			jwt.sign(new RSASSASigner(ATTACKER_RSA.getPrivate()));
			return jwt.serialize();
		}
		catch (JOSEException | java.text.ParseException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static byte[] wrongKey(Context c) {
		byte[] key = Arrays.copyOf(c.secret(), c.secret().length);
		key[0] ^= 1;
		return key;
	}

	private static String json(Map<String, Object> map) {
		return JSONObjectUtils.toJSONString(map);
	}

	private static String b64(byte[] bytes) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private static long now() {
		return Instant.now().getEpochSecond();
	}

	private static int indexOf(byte[] bytes, byte b) {
		for (int i = 0; i < bytes.length; i++) {
			if (bytes[i] == b) {
				return i;
			}
		}
		throw new IllegalStateException("byte not found");
	}

	private static KeyPair rsa() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			return generator.generateKeyPair();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
