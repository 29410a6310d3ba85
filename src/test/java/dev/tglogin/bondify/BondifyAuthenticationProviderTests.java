package dev.tglogin.bondify;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.InternalAuthenticationServiceException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

import dev.tglogin.core.TelegramAuthenticationToken;
import dev.tglogin.core.TelegramFactor;
import dev.tglogin.core.TelegramLoginFlow;
import dev.tglogin.core.TelegramMappingContext;
import dev.tglogin.core.TelegramUser;
import dev.tglogin.core.TelegramUserMapper;
import dev.tglogin.test.Factors;
import dev.tglogin.test.MutableClock;
import dev.tglogin.store.InMemoryTelegramLoginStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link BondifyAuthenticationProvider} with a real verifier and store.
 */
class BondifyAuthenticationProviderTests {

	private static final String PROJECT_ID = "proj_provider";

	private static final byte[] SECRET = "provider-test-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8);

	private static final String SESSION_TOKEN = "sess_provider_TOKEN_abc123";

	private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

	private static final Instant IAT = NOW.minusSeconds(5);

	private InMemoryTelegramLoginStore store;

	private BondifyAuthenticationProvider provider;

	@BeforeEach
	void setUp() {
		Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
		BondifyProofVerifier verifier = new BondifyProofVerifier(PROJECT_ID, SECRET);
		verifier.setClock(clock);
		this.store = new InMemoryTelegramLoginStore();
		this.store.setClock(clock);
		this.provider = new BondifyAuthenticationProvider(verifier, this.store);
	}

	@Test
	void authenticateWhenValidProofThenTelegramAuthenticationTokenWithUserRoleAndFactor() {
		Authentication result = this.provider
			.authenticate(BondifyProofAuthenticationToken.unauthenticated(proof(claims()), SESSION_TOKEN));
		assertThat(result).isInstanceOf(TelegramAuthenticationToken.class);
		assertThat(result.isAuthenticated()).isTrue();
		assertThat(result.getCredentials()).isNull();
		assertThat(result.getName()).isEqualTo("123456789");
		TelegramAuthenticationToken token = (TelegramAuthenticationToken) result;
		TelegramUser user = token.getTelegramUser();
		assertThat(token.getPrincipal()).isSameAs(user);
		assertThat(user.getId()).isEqualTo("123456789");
		assertThat(user.getName()).isEqualTo("123456789");
		assertThat(user.getDisplayName()).isEqualTo("Ada Lovelace");
		assertThat(user.getUsername()).isEqualTo("ada");
		assertThat(user.getPhone()).isEqualTo("+15550100");
		assertThat(user.getFlow()).isEqualTo(TelegramLoginFlow.BONDIFY);
		assertThat(AuthorityUtils.authorityListToSet(result.getAuthorities()))
			.containsExactlyInAnyOrderElementsOf(Factors.withTelegramFactor("ROLE_USER"));
		if (Factors.supported()) {
			GrantedAuthority factor = factorAuthority(result);
			assertThat(Factors.isFactor(factor)).isTrue();
			assertThat(Factors.issuedAt(factor)).isEqualTo(IAT);
		}
	}

	@Test
	void authenticateWhenTheMapperWantsTheContextThenItSeesTheRequestDetailsAndTheCurrentAuthentication() {
		Authentication local = org.springframework.security.authentication.UsernamePasswordAuthenticationToken
			.authenticated("alice", null, org.springframework.security.core.authority.AuthorityUtils.NO_AUTHORITIES);
		org.springframework.security.core.context.SecurityContextHolder.getContext().setAuthentication(local);
		java.util.List<TelegramMappingContext> seen = new java.util.ArrayList<>();
		this.provider.setUserMapper(new TelegramUserMapper() {

			@Override
			public MappedUser map(TelegramUser user) {
				throw new AssertionError("the provider calls map(user, context)");
			}

			@Override
			public MappedUser map(TelegramUser user, TelegramMappingContext context) {
				seen.add(context);
				return new MappedUser(user, java.util.List.of());
			}

		});
		BondifyProofAuthenticationToken request = BondifyProofAuthenticationToken.unauthenticated(proof(claims()),
				SESSION_TOKEN);
		request.setDetails("the request's details");
		try {
			this.provider.authenticate(request);
		}
		finally {
			org.springframework.security.core.context.SecurityContextHolder.clearContext();
		}
		assertThat(seen).singleElement().satisfies((context) -> {
			assertThat(context.details()).isEqualTo("the request's details");
			assertThat(context.currentAuthentication()).isSameAs(local);
			assertThat(context.toString()).contains("alice").doesNotContain("Password");
		});
	}

	@Test
	void authenticateWhenTheMapperIgnoresTheContextThenItsOneArgumentMethodRuns() {
		java.util.List<TelegramUser> seen = new java.util.ArrayList<>();
		this.provider.setUserMapper((user) -> {
			seen.add(user);
			return new TelegramUserMapper.MappedUser(user, java.util.List.of());
		});
		this.provider.authenticate(BondifyProofAuthenticationToken.unauthenticated(proof(claims()), SESSION_TOKEN));
		assertThat(seen).singleElement().extracting(TelegramUser::getId).isEqualTo("123456789");
	}

	@Test
	void authenticateWhenNoUsernameNoPhoneThenUserFieldsNull() {
		Map<String, Object> claims = claims();
		claims.remove("telegram_username");
		claims.remove("telegram_phone");
		TelegramAuthenticationToken result = (TelegramAuthenticationToken) this.provider
			.authenticate(BondifyProofAuthenticationToken.unauthenticated(proof(claims), SESSION_TOKEN));
		assertThat(result.getTelegramUser().getUsername()).isNull();
		assertThat(result.getTelegramUser().getPhone()).isNull();
		assertThat(result.getTelegramUser().getDisplayName()).isEqualTo("Ada Lovelace");
	}

	@Test
	void authenticateWhenSameProofTwiceThenReplayedProofException() {
		String proof = proof(claims());
		this.provider.authenticate(BondifyProofAuthenticationToken.unauthenticated(proof, SESSION_TOKEN));
		assertThatExceptionOfType(ReplayedProofException.class)
			.isThrownBy(() -> this.provider
				.authenticate(BondifyProofAuthenticationToken.unauthenticated(proof, SESSION_TOKEN)))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo("replayed"))
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain(SESSION_TOKEN).doesNotContain(proof));
	}

	@Test
	void authenticateWhenSameProofTwiceWithoutExpectedSessionThenReplayedProofException() {
		String proof = proof(claims());
		this.provider.authenticate(BondifyProofAuthenticationToken.unauthenticated(proof, null));
		assertThatExceptionOfType(ReplayedProofException.class)
			.isThrownBy(() -> this.provider.authenticate(BondifyProofAuthenticationToken.unauthenticated(proof, null)));
	}

	@Test
	void authenticateWhenOtherProofForAlreadyUsedSessionThenReplayedProofException() {
		this.provider.authenticate(BondifyProofAuthenticationToken.unauthenticated(proof(claims()), SESSION_TOKEN));
		Map<String, Object> again = claims();
		again.put("iat", IAT.getEpochSecond() + 1);
		again.put("exp", IAT.getEpochSecond() + 301);
		assertThatExceptionOfType(ReplayedProofException.class).isThrownBy(() -> this.provider
			.authenticate(BondifyProofAuthenticationToken.unauthenticated(proof(again), null)));
	}

	@Test
	void authenticateWhenDifferentSessionsThenBothAccepted() {
		this.provider.authenticate(BondifyProofAuthenticationToken.unauthenticated(proof(claims()), SESSION_TOKEN));
		Map<String, Object> other = claims();
		other.put("session_token", "sess_second");
		assertThat(this.provider.authenticate(BondifyProofAuthenticationToken.unauthenticated(proof(other), null))
			.isAuthenticated()).isTrue();
	}

	@Test
	void authenticateWhenProofRefusedThenVerifierExceptionPropagatesAndSessionNotConsumed() {
		assertThatExceptionOfType(InvalidProofException.class)
			.isThrownBy(() -> this.provider
				.authenticate(BondifyProofAuthenticationToken.unauthenticated(proof(claims()), "sess_other")))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo("wrong_session"));
		Map<String, Object> expired = claims();
		expired.put("iat", NOW.minusSeconds(900).getEpochSecond());
		expired.put("exp", NOW.minusSeconds(600).getEpochSecond());
		assertThatExceptionOfType(ExpiredProofException.class).isThrownBy(() -> this.provider
			.authenticate(BondifyProofAuthenticationToken.unauthenticated(proof(expired), SESSION_TOKEN)));
		assertThat(this.store.size()).isZero();
		assertThat(this.provider
			.authenticate(BondifyProofAuthenticationToken.unauthenticated(proof(claims()), SESSION_TOKEN))
			.isAuthenticated()).isTrue();
	}

	@Test
	void authenticateWhenReplayedAfterExpButWithinTheVerifiersSkewThenReplayedProofException() {
		MutableClock clock = new MutableClock(NOW);
		BondifyProofVerifier verifier = new BondifyProofVerifier(PROJECT_ID, SECRET);
		verifier.setClock(clock);
		this.store.setClock(clock);
		BondifyAuthenticationProvider provider = new BondifyAuthenticationProvider(verifier, this.store);
		String proof = proof(claims());
		provider.authenticate(BondifyProofAuthenticationToken.unauthenticated(proof, SESSION_TOKEN));
		Instant exp = IAT.plus(BondifyProtocol.PROOF_LIFETIME);
		clock.advance(java.time.Duration.between(NOW, exp.plus(verifier.getClockSkew()).minusSeconds(1)));
		// the verifier still accepts the proof here (exp + skew), so the session must still count as used
		assertThat(verifier.verify(proof, SESSION_TOKEN).sessionToken()).isEqualTo(SESSION_TOKEN);
		assertThatExceptionOfType(ReplayedProofException.class).isThrownBy(() -> provider
			.authenticate(BondifyProofAuthenticationToken.unauthenticated(proof, SESSION_TOKEN)));
		clock.advance(java.time.Duration.ofSeconds(1));
		// from here on the verifier refuses it itself
		assertThatExceptionOfType(ExpiredProofException.class).isThrownBy(() -> provider
			.authenticate(BondifyProofAuthenticationToken.unauthenticated(proof, SESSION_TOKEN)));
	}

	@Test
	void authenticateWhenReplayedThenTheUserMapperIsNotCalledAgain() {
		java.util.concurrent.atomic.AtomicInteger mapped = new java.util.concurrent.atomic.AtomicInteger();
		this.provider.setUserMapper((user) -> {
			mapped.incrementAndGet();
			return new TelegramUserMapper.MappedUser(user, AuthorityUtils.createAuthorityList("ROLE_USER"));
		});
		String proof = proof(claims());
		this.provider.authenticate(BondifyProofAuthenticationToken.unauthenticated(proof, SESSION_TOKEN));
		assertThatExceptionOfType(ReplayedProofException.class).isThrownBy(() -> this.provider
			.authenticate(BondifyProofAuthenticationToken.unauthenticated(proof, SESSION_TOKEN)));
		assertThat(mapped).hasValue(1);
	}

	@Test
	void authenticateWhenUserMapperFailsTransientlyThenTheSameProofCanBeRetried() {
		java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
		this.provider.setUserMapper((user) -> {
			if (calls.incrementAndGet() == 1) {
				throw new org.springframework.security.authentication.AuthenticationServiceException("db down");
			}
			return new TelegramUserMapper.MappedUser(user, AuthorityUtils.createAuthorityList("ROLE_USER"));
		});
		String proof = proof(claims());
		assertThatExceptionOfType(org.springframework.security.authentication.AuthenticationServiceException.class)
			.isThrownBy(() -> this.provider
				.authenticate(BondifyProofAuthenticationToken.unauthenticated(proof, SESSION_TOKEN)));
		assertThat(this.provider.authenticate(BondifyProofAuthenticationToken.unauthenticated(proof, SESSION_TOKEN))
			.isAuthenticated()).isTrue();
		assertThatExceptionOfType(ReplayedProofException.class).isThrownBy(() -> this.provider
			.authenticate(BondifyProofAuthenticationToken.unauthenticated(proof, SESSION_TOKEN)));
	}

	@Test
	void authenticateWhenStoreRecordsSessionThenKeyedByHashNotToken() {
		this.provider.authenticate(BondifyProofAuthenticationToken.unauthenticated(proof(claims()), SESSION_TOKEN));
		assertThat(this.store.size()).isEqualTo(1);
		assertThat(this.store.useOnce(dev.tglogin.store.StoreKeys.key(
				BondifyAuthenticationProvider.USED_SESSION_NAMESPACE, SESSION_TOKEN), NOW.plusSeconds(60))).isFalse();
	}

	@Test
	void authenticateWhenCustomMapperThenItsPrincipalAndAuthoritiesUsedPlusFactor() {
		this.provider.setUserMapper((user) -> new TelegramUserMapper.MappedUser("app-user-" + user.getId(),
				AuthorityUtils.createAuthorityList("ROLE_ADMIN", "SCOPE_wallet")));
		TelegramAuthenticationToken result = (TelegramAuthenticationToken) this.provider
			.authenticate(BondifyProofAuthenticationToken.unauthenticated(proof(claims()), SESSION_TOKEN));
		assertThat(result.getPrincipal()).isEqualTo("app-user-123456789");
		assertThat(result.getTelegramUser().getId()).isEqualTo("123456789");
		assertThat(AuthorityUtils.authorityListToSet(result.getAuthorities()))
			.containsExactlyInAnyOrderElementsOf(Factors.withTelegramFactor("ROLE_ADMIN", "SCOPE_wallet"));
	}

	@Test
	void authenticateWhenMapperReturnsNullThenInternalAuthenticationServiceException() {
		this.provider.setUserMapper((user) -> null);
		assertThatExceptionOfType(InternalAuthenticationServiceException.class).isThrownBy(() -> this.provider
			.authenticate(BondifyProofAuthenticationToken.unauthenticated(proof(claims()), SESSION_TOKEN)));
	}

	@Test
	void authenticateWhenUserDetailsServiceKnowsUserThenUserDetailsIsPrincipal() {
		UserDetails ada = User.withUsername("telegram:123456789").password("{noop}unused").roles("MEMBER").build();
		this.provider.setUserMapper(TelegramUserMapper.fromUserDetailsService(new InMemoryUserDetailsManager(ada)));
		TelegramAuthenticationToken result = (TelegramAuthenticationToken) this.provider
			.authenticate(BondifyProofAuthenticationToken.unauthenticated(proof(claims()), SESSION_TOKEN));
		assertThat(result.getPrincipal()).isInstanceOf(UserDetails.class);
		assertThat(((UserDetails) result.getPrincipal()).getUsername()).isEqualTo("telegram:123456789");
		assertThat(result.getName()).isEqualTo("telegram:123456789");
		assertThat(AuthorityUtils.authorityListToSet(result.getAuthorities()))
			.containsExactlyInAnyOrderElementsOf(Factors.withTelegramFactor("ROLE_MEMBER"));
		assertThat(result.getTelegramUser().getDisplayName()).isEqualTo("Ada Lovelace");
	}

	@Test
	void authenticateWhenALocalUserIsNamedLikeTheTelegramIdThenNotThatUser() {
		UserDetails local = User.withUsername("123456789").password("{noop}pw").roles("ADMIN").build();
		this.provider.setUserMapper(TelegramUserMapper.fromUserDetailsService(new InMemoryUserDetailsManager(local)));
		assertThatExceptionOfType(BadCredentialsException.class)
			.isThrownBy(() -> this.provider
				.authenticate(BondifyProofAuthenticationToken.unauthenticated(proof(claims()), SESSION_TOKEN)))
			.withCauseInstanceOf(UsernameNotFoundException.class);
	}

	@Test
	void authenticateWhenMapperNamesUsersByBareIdThenThatUser() {
		UserDetails ada = User.withUsername("123456789").password("{noop}unused").roles("MEMBER").build();
		this.provider.setUserMapper(
				TelegramUserMapper.fromUserDetailsService(new InMemoryUserDetailsManager(ada), TelegramUser::getId));
		assertThat(this.provider
			.authenticate(BondifyProofAuthenticationToken.unauthenticated(proof(claims()), SESSION_TOKEN))
			.getName()).isEqualTo("123456789");
	}

	@Test
	void authenticateWhenUserDetailsServiceDoesNotKnowUserThenBadCredentials() {
		UserDetails other = User.withUsername("42").password("{noop}unused").roles("MEMBER").build();
		this.provider.setUserMapper(TelegramUserMapper.fromUserDetailsService(new InMemoryUserDetailsManager(other)));
		assertThatExceptionOfType(BadCredentialsException.class)
			.isThrownBy(() -> this.provider
				.authenticate(BondifyProofAuthenticationToken.unauthenticated(proof(claims()), SESSION_TOKEN)))
			.isNotInstanceOf(InvalidProofException.class)
			.withCauseInstanceOf(UsernameNotFoundException.class);
	}

	@Test
	void authenticateWhenUserDisabledThenDisabledException() {
		UserDetails ada = User.withUsername("telegram:123456789").password("{noop}unused").roles("MEMBER").disabled(true)
			.build();
		this.provider.setUserMapper(TelegramUserMapper.fromUserDetailsService(new InMemoryUserDetailsManager(ada)));
		assertThatExceptionOfType(DisabledException.class).isThrownBy(() -> this.provider
			.authenticate(BondifyProofAuthenticationToken.unauthenticated(proof(claims()), SESSION_TOKEN)));
	}

	@Test
	void authenticateWhenUserLockedThenLockedException() {
		UserDetails ada = User.withUsername("telegram:123456789").password("{noop}unused").roles("MEMBER")
			.accountLocked(true)
			.build();
		this.provider.setUserMapper(TelegramUserMapper.fromUserDetailsService(new InMemoryUserDetailsManager(ada)));
		assertThatExceptionOfType(LockedException.class).isThrownBy(() -> this.provider
			.authenticate(BondifyProofAuthenticationToken.unauthenticated(proof(claims()), SESSION_TOKEN)));
	}

	@Test
	void authenticateWhenRequestHasDetailsThenCopied() {
		BondifyProofAuthenticationToken request = BondifyProofAuthenticationToken.unauthenticated(proof(claims()),
				SESSION_TOKEN);
		Object details = Map.of("remoteAddress", "203.0.113.7");
		request.setDetails(details);
		assertThat(this.provider.authenticate(request).getDetails()).isSameAs(details);
	}

	@Test
	void authenticateWhenThroughProviderManagerThenAuthenticated() {
		ProviderManager manager = new ProviderManager(List.of(this.provider));
		Authentication result = manager
			.authenticate(BondifyProofAuthenticationToken.unauthenticated(proof(claims()), SESSION_TOKEN));
		assertThat(result).isInstanceOf(TelegramAuthenticationToken.class);
		assertThat(result.getName()).isEqualTo("123456789");
	}

	@Test
	void supportsWhenBondifyProofTokenThenTrueElseFalse() {
		assertThat(this.provider.supports(BondifyProofAuthenticationToken.class)).isTrue();
		assertThat(this.provider.supports(UsernamePasswordAuthenticationToken.class)).isFalse();
		assertThat(this.provider.supports(TelegramAuthenticationToken.class)).isFalse();
		assertThat(this.provider.supports(TestingAuthenticationToken.class)).isFalse();
		assertThat(this.provider.supports(Authentication.class)).isFalse();
	}

	@Test
	void constructorWhenCollaboratorNullThenIllegalArgument() {
		BondifyProofVerifier verifier = new BondifyProofVerifier(PROJECT_ID, SECRET);
		assertThatIllegalArgumentException().isThrownBy(() -> new BondifyAuthenticationProvider(null, this.store));
		assertThatIllegalArgumentException().isThrownBy(() -> new BondifyAuthenticationProvider(verifier, null));
		assertThatIllegalArgumentException().isThrownBy(() -> this.provider.setUserMapper(null));
	}

	// ---------------------------------------------------------------- helpers

	private static GrantedAuthority factorAuthority(Authentication result) {
		return result.getAuthorities()
			.stream()
			.filter((a) -> TelegramFactor.AUTHORITY.equals(a.getAuthority()))
			.findFirst()
			.orElseThrow();
	}

	private static Map<String, Object> claims() {
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put("project_id", PROJECT_ID);
		claims.put("session_token", SESSION_TOKEN);
		claims.put("telegram_id", "123456789");
		claims.put("telegram_name", "Ada Lovelace");
		claims.put("telegram_username", "ada");
		claims.put("telegram_phone", "+15550100");
		claims.put("iat", IAT.getEpochSecond());
		claims.put("exp", IAT.plus(BondifyProtocol.PROOF_LIFETIME).getEpochSecond());
		return claims;
	}

	private static String proof(Map<String, Object> claims) {
		try {
			JWSObject jws = new JWSObject(new JWSHeader(JWSAlgorithm.HS256), new Payload(claims));
			jws.sign(new MACSigner(SECRET));
			return jws.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
