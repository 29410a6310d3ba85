package dev.tglogin.bench;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;

import dev.tglogin.bondify.BondifyAuthenticationProvider;
import dev.tglogin.bondify.BondifyProofAuthenticationToken;
import dev.tglogin.bondify.BondifyProofVerifier;
import dev.tglogin.core.TelegramAuthenticationToken;
import dev.tglogin.store.InMemoryTelegramLoginStore;

/**
 * Proof → {@code Authentication}, per operation, on one and the same HS256 Bondify-shaped proof:
 * <ul>
 * <li>{@link #tglogin()}: this library's {@link BondifyAuthenticationProvider} with a real {@link BondifyProofVerifier}
 * (signature, HS256 pin, exp/iat, project, session token, claim types) and the real
 * {@link InMemoryTelegramLoginStore}. The store's clock is set past the proof's expiry, so every single-use check does
 * its real atomic write and finds the previous record expired: it says "first use" on every call instead of refusing
 * the second one as a replay.</li>
 * <li>{@link #springJwt()}: Spring Security's own JWT path on the same token:
 * {@code NimbusJwtDecoder.withSecretKey(new SecretKeySpec(secret, "HmacSHA256")).macAlgorithm(MacAlgorithm.HS256)}
 * with its default validators (timestamps) and a {@code JwtAuthenticationProvider} with a
 * {@code JwtAuthenticationConverter} (principal claim {@code telegram_id}, since a Bondify proof has no {@code sub}).</li>
 * <li>{@link #hmacFloor()}: the floor: one HMAC-SHA256 ({@code javax.crypto.Mac}, initialised once per thread) of the
 * token's signing input, compared with its signature in constant time; the bytes are prepared in setup.</li>
 * </ul>
 * {@link #hmacFloorNewMac()} (the floor with {@code Mac.getInstance} + {@code init} on every call, as nimbus'
 * {@code MACVerifier} does) is not a JMH benchmark here, to keep the run short; {@link CpuTimeCheck} measures it.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = { "-Xms1g", "-Xmx1g", "-XX:+UseG1GC" })
@State(Scope.Thread)
public class ProofAuthenticationBenchmark {

	static final String PROJECT_ID = "proj_benchmark";

	static final String SESSION_TOKEN = "sess_8kJd2mQp0xVb3nRt6yWz1aLc";

	private byte[] secret;

	private String proof;

	private BondifyAuthenticationProvider tglogin;

	private JwtAuthenticationProvider spring;

	private Mac mac;

	private byte[] signingInput;

	private byte[] signature;

	@Setup(Level.Trial)
	public void setUp() throws Exception {
		this.secret = "bench-secret-0123456789abcdef-0123456789".getBytes(StandardCharsets.UTF_8);
		Instant now = Instant.now();
		JWTClaimsSet claims = new JWTClaimsSet.Builder().claim("telegram_id", "424242")
			.claim("telegram_name", "Bench User")
			.claim("telegram_username", "bench_user")
			.claim("project_id", PROJECT_ID)
			.claim("session_token", SESSION_TOKEN)
			.claim("confirmed_at", now.toEpochMilli())
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plus(Duration.ofHours(2))))
			.build();
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
		jwt.sign(new MACSigner(this.secret));
		this.proof = jwt.serialize();

		InMemoryTelegramLoginStore store = new InMemoryTelegramLoginStore();
		// past the proof's expiry: each useOnce writes its record and finds the previous one expired
		store.setClock(Clock.fixed(now.plus(Duration.ofHours(3)), ZoneOffset.UTC));
		this.tglogin = new BondifyAuthenticationProvider(new BondifyProofVerifier(PROJECT_ID, this.secret), store);

		NimbusJwtDecoder decoder = NimbusJwtDecoder.withSecretKey(new SecretKeySpec(this.secret, "HmacSHA256"))
			.macAlgorithm(MacAlgorithm.HS256)
			.build();
		JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
		converter.setPrincipalClaimName("telegram_id");
		this.spring = new JwtAuthenticationProvider(decoder);
		this.spring.setJwtAuthenticationConverter(converter);

		int lastDot = this.proof.lastIndexOf('.');
		this.signingInput = this.proof.substring(0, lastDot).getBytes(StandardCharsets.US_ASCII);
		this.signature = Base64.getUrlDecoder().decode(this.proof.substring(lastDot + 1));
		this.mac = Mac.getInstance("HmacSHA256");
		this.mac.init(new SecretKeySpec(this.secret, "HmacSHA256"));

		// every path must accept the token, or the comparison means nothing
		check(tglogin() instanceof TelegramAuthenticationToken t && t.isAuthenticated()
				&& "424242".equals(t.getTelegramUser().getId()), "tglogin");
		check(springJwt().isAuthenticated() && "424242".equals(springJwt().getName()), "springJwt");
		check(hmacFloor() && hmacFloorNewMac(), "hmacFloor");
	}

	private static void check(boolean ok, String what) {
		if (!ok) {
			throw new IllegalStateException(what + " did not accept the benchmark token");
		}
	}

	/** (a) this library: proof → {@code TelegramAuthenticationToken}. */
	@Benchmark
	public Authentication tglogin() {
		return this.tglogin.authenticate(BondifyProofAuthenticationToken.unauthenticated(this.proof, SESSION_TOKEN));
	}

	/** (b) Spring Security: bearer JWT → {@code JwtAuthenticationToken}. */
	@Benchmark
	public Authentication springJwt() {
		return this.spring.authenticate(new BearerTokenAuthenticationToken(this.proof));
	}

	/** (c) the floor: one HMAC-SHA256 of the signing input, compared with the signature. */
	@Benchmark
	public boolean hmacFloor() {
		return MessageDigest.isEqual(this.mac.doFinal(this.signingInput), this.signature);
	}

	/** (c') the floor plus {@code Mac.getInstance} and {@code init}, as nimbus does per verification. */
	public boolean hmacFloorNewMac() throws Exception {
		Mac fresh = Mac.getInstance("HmacSHA256");
		fresh.init(new SecretKeySpec(this.secret, "HmacSHA256"));
		return MessageDigest.isEqual(fresh.doFinal(this.signingInput), this.signature);
	}

}
