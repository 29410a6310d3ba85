package dev.tglogin.core;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;

import dev.tglogin.test.Factors;
import dev.tglogin.bondify.BondifyProofAuthenticationToken;
import dev.tglogin.bondify.BondifySession;
import dev.tglogin.bondify.BondifyStatus;
import dev.tglogin.bondify.VerifiedProof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for the Telegram login model: {@link TelegramUser}, {@link TelegramAuthenticationToken}, and the Bondify
 * values that must never show a token.
 */
class TelegramModelTests {

	private static final String PHONE = "+15550100777";

	private static final String SESSION_TOKEN = "sess_MODEL_secret_token_55";

	private static final String PROOF = "eyJhbGciOiJIUzI1NiJ9.eyJzZXNzaW9uX3Rva2VuIjoiWCJ9.U0lHTkFUVVJFX1ZBTFVF";

	private static final Instant IAT = Instant.parse("2026-03-01T12:00:00Z");

	// ---------------------------------------------------------------- TelegramUser

	@Test
	void mappedWhenAMapperAnswerThenItsPrincipalAndAuthoritiesWithTheFactorTheCredentialsAndTheDetails() {
		TelegramUser user = TelegramUser.withId(TelegramLoginFlow.BONDIFY, "42").build();
		Instant provenAt = Instant.parse("2026-11-30T10:00:00Z");
		TelegramAuthenticationToken token = TelegramAuthenticationToken.mapped(
				new TelegramUserMapper.MappedUser("alice", AuthorityUtils.createAuthorityList("ROLE_USER")), user,
				"wallet", provenAt, "details");

		assertThat(token.isAuthenticated()).isTrue();
		assertThat(token.getPrincipal()).isEqualTo("alice");
		assertThat(token.getTelegramUser()).isSameAs(user);
		assertThat(token.getCredentials()).isEqualTo("wallet");
		assertThat(token.getDetails()).isEqualTo("details");
		assertThat(AuthorityUtils.authorityListToSet(token.getAuthorities())).contains("ROLE_USER");
		assertThat(token.getAuthorities()).hasSize(Factors.supported() ? 2 : 1);
	}

	@Test
	void mappedWhenTheMapperAnsweredNullThenInternalAuthenticationServiceException() {
		TelegramUser user = TelegramUser.withId(TelegramLoginFlow.BONDIFY, "42").build();

		org.assertj.core.api.Assertions
			.assertThatExceptionOfType(
					org.springframework.security.authentication.InternalAuthenticationServiceException.class)
			.isThrownBy(() -> TelegramAuthenticationToken.mapped(null, user, null, Instant.now(), null))
			.withMessage("TelegramUserMapper returned null");
	}

	@Test
	void buildWhenAllFieldsThenAllRead() {
		TelegramUser user = ada();
		assertThat(user.getId()).isEqualTo("123456789");
		assertThat(user.getName()).isEqualTo("123456789");
		assertThat(user.getDisplayName()).isEqualTo("Ada Lovelace");
		assertThat(user.getUsername()).isEqualTo("ada");
		assertThat(user.getPhone()).isEqualTo(PHONE);
		assertThat(user.getFlow()).isEqualTo(TelegramLoginFlow.BONDIFY);
	}

	@Test
	void buildWhenDisplayNameMissingThenUsernameThenId() {
		assertThat(TelegramUser.withId(TelegramLoginFlow.BONDIFY, "1").username("ada").build().getDisplayName())
			.isEqualTo("ada");
		assertThat(TelegramUser.withId(TelegramLoginFlow.BONDIFY, "1").displayName("  ").username("ada").build()
			.getDisplayName()).isEqualTo("ada");
		assertThat(TelegramUser.withId(TelegramLoginFlow.BONDIFY, "1").build().getDisplayName()).isEqualTo("1");
	}

	@Test
	void buildWhenDisplayNameMissingAndUsernameBlankThenDisplayNameIsId() {
		TelegramUser user = TelegramUser.withId(TelegramLoginFlow.XELLAR, "acc_1").username("").build();
		assertThat(user.getUsername()).isNull();
		assertThat(user.getDisplayName()).isEqualTo("acc_1");
	}

	@Test
	void buildWhenUsernameOrPhoneBlankThenNull() {
		TelegramUser user = TelegramUser.withId(TelegramLoginFlow.BONDIFY, "1")
			.displayName("A")
			.username(" ")
			.phone("")
			.build();
		assertThat(user.getUsername()).isNull();
		assertThat(user.getPhone()).isNull();
	}

	@Test
	void buildWhenIdEmptyOrFlowNullThenIllegalArgument() {
		assertThatIllegalArgumentException().isThrownBy(() -> TelegramUser.withId(TelegramLoginFlow.BONDIFY, "").build());
		assertThatIllegalArgumentException()
			.isThrownBy(() -> TelegramUser.withId(TelegramLoginFlow.BONDIFY, null).build());
		assertThatIllegalArgumentException().isThrownBy(() -> TelegramUser.withId(null, "1").build());
	}

	@Test
	void equalsWhenSameIdAndFlowThenEqualElseNot() {
		TelegramUser a = ada();
		TelegramUser renamed = TelegramUser.withId(TelegramLoginFlow.BONDIFY, "123456789").displayName("Ada L.").build();
		TelegramUser otherFlow = TelegramUser.withId(TelegramLoginFlow.XELLAR, "123456789").build();
		assertThat(a).isEqualTo(renamed).hasSameHashCodeAs(renamed);
		assertThat(a).isNotEqualTo(otherFlow);
		assertThat(a).isNotEqualTo(TelegramUser.withId(TelegramLoginFlow.BONDIFY, "2").build());
	}

	@Test
	void serializeWhenTelegramUserThenRoundTrips() throws Exception {
		TelegramUser user = ada();
		TelegramUser copy = roundTrip(user);
		assertThat(copy).isEqualTo(user);
		assertThat(copy.getDisplayName()).isEqualTo("Ada Lovelace");
		assertThat(copy.getUsername()).isEqualTo("ada");
		assertThat(copy.getPhone()).isEqualTo(PHONE);
		assertThat(copy.getFlow()).isEqualTo(TelegramLoginFlow.BONDIFY);
	}

	@Test
	void serializeWhenMiniAppUserThenNamesLanguageAndPremiumRoundTrip() throws Exception {
		TelegramUser user = TelegramUser.withId(TelegramLoginFlow.MINI_APP, "279058397")
			.displayName("Vladislav Kibenko")
			.firstName("Vladislav")
			.lastName("Kibenko")
			.languageCode("ru")
			.premium(true)
			.build();
		TelegramUser copy = roundTrip(user);
		assertThat(copy.getFirstName()).isEqualTo("Vladislav");
		assertThat(copy.getLastName()).isEqualTo("Kibenko");
		assertThat(copy.getLanguageCode()).isEqualTo("ru");
		assertThat(copy.isPremium()).isTrue();
		assertThat(copy.getFlow()).isEqualTo(TelegramLoginFlow.MINI_APP);
	}

	@Test
	void buildWhenMiniAppFieldsUnsetOrBlankThenNullAndNotPremium() {
		TelegramUser user = TelegramUser.withId(TelegramLoginFlow.BONDIFY, "1").firstName(" ").build();
		assertThat(user.getFirstName()).isNull();
		assertThat(user.getLastName()).isNull();
		assertThat(user.getLanguageCode()).isNull();
		assertThat(user.isPremium()).isFalse();
	}

	@Test
	void toStringWhenTelegramUserHasPhoneThenPhoneMasked() {
		assertThat(ada().toString()).contains("123456789").doesNotContain(PHONE).doesNotContain("5550100");
	}

	// ---------------------------------------------------------------- TelegramAuthenticationToken

	@Test
	void authenticatedWhenCreatedThenAuthenticatedWithoutCredentialsAndNamedById() {
		TelegramAuthenticationToken token = token();
		assertThat(token.isAuthenticated()).isTrue();
		assertThat(token.getCredentials()).isNull();
		assertThat(token.getName()).isEqualTo("123456789");
		assertThat(token.getPrincipal()).isSameAs(token.getTelegramUser());
	}

	@Test
	void getNameWhenUserDetailsPrincipalThenUsername() {
		UserDetails details = User.withUsername("123456789").password("{noop}x").roles("USER").build();
		TelegramAuthenticationToken token = TelegramAuthenticationToken.authenticated(details, ada(),
				details.getAuthorities());
		assertThat(token.getName()).isEqualTo("123456789");
	}

	@Test
	void setAuthenticatedWhenTrueThenIllegalArgumentAndFalseAllowed() {
		TelegramAuthenticationToken token = token();
		assertThatIllegalArgumentException().isThrownBy(() -> token.setAuthenticated(true));
		token.setAuthenticated(false);
		assertThat(token.isAuthenticated()).isFalse();
	}

	@Test
	void authenticatedWhenPrincipalOrUserNullThenIllegalArgument() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> TelegramAuthenticationToken.authenticated(null, ada(), List.of()));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> TelegramAuthenticationToken.authenticated("p", null, List.of()));
	}

	@Test
	void serializeWhenTelegramAuthenticationTokenThenRoundTrips() throws Exception {
		TelegramAuthenticationToken token = token();
		token.setDetails("203.0.113.7");
		TelegramAuthenticationToken copy = roundTrip(token);
		assertThat(copy).isEqualTo(token);
		assertThat(copy.isAuthenticated()).isTrue();
		assertThat(copy.getName()).isEqualTo("123456789");
		assertThat(copy.getDetails()).isEqualTo("203.0.113.7");
		assertThat(copy.getTelegramUser().getPhone()).isEqualTo(PHONE);
		assertThat(AuthorityUtils.authorityListToSet(copy.getAuthorities()))
			.containsExactlyInAnyOrderElementsOf(Factors.withTelegramFactor("ROLE_USER"));
		if (Factors.supported()) {
			GrantedAuthority factor = copy.getAuthorities()
				.stream()
				.filter(Factors::isFactor)
				.findFirst()
				.orElseThrow();
			assertThat(Factors.issuedAt(factor)).isEqualTo(IAT);
		}
	}

	@Test
	void serializeWhenUserDetailsPrincipalThenRoundTrips() throws Exception {
		UserDetails details = User.withUsername("123456789").password("{noop}x").roles("USER").build();
		TelegramAuthenticationToken token = TelegramAuthenticationToken.authenticated(details, ada(),
				details.getAuthorities());
		TelegramAuthenticationToken copy = roundTrip(token);
		assertThat(copy).isEqualTo(token);
		assertThat(((UserDetails) copy.getPrincipal()).getUsername()).isEqualTo("123456789");
	}

	@Test
	void toStringWhenTelegramAuthenticationTokenThenNoPhone() {
		assertThat(token().toString()).contains("123456789").doesNotContain(PHONE).doesNotContain("5550100");
	}

	@Test
	void equalsWhenDifferentTelegramUserThenNotEqual() {
		List<GrantedAuthority> authorities = AuthorityUtils.createAuthorityList("ROLE_USER");
		TelegramAuthenticationToken a = TelegramAuthenticationToken.authenticated("app-user", ada(), authorities);
		TelegramAuthenticationToken b = TelegramAuthenticationToken.authenticated("app-user",
				TelegramUser.withId(TelegramLoginFlow.BONDIFY, "999").build(), authorities);
		assertThat(a).isNotEqualTo(b);
		assertThat(a).isEqualTo(TelegramAuthenticationToken.authenticated("app-user", ada(), authorities));
	}

	// ---------------------------------------------------------------- TelegramFactor, TelegramUserMapper

	@Test
	void authorityWhenSpringSecurity7ThenFactorGrantedAuthorityIssuedAtElseNone() {
		if (!Factors.supported()) {
			assertThat(TelegramFactor.authority(IAT)).isEmpty();
			return;
		}
		GrantedAuthority authority = TelegramFactor.authority(IAT).orElseThrow();
		assertThat(Factors.isFactor(authority)).isTrue();
		assertThat(authority.getAuthority()).isEqualTo("FACTOR_TELEGRAM");
		assertThat(Factors.issuedAt(authority)).isEqualTo(IAT);
	}

	@Test
	void withAuthoritiesWhenMappedThenTelegramUserPrincipalWithAuthorities() {
		TelegramUser user = ada();
		TelegramUserMapper.MappedUser mapped = TelegramUserMapper.withAuthorities("ROLE_USER", "ROLE_X").map(user);
		assertThat(mapped.principal()).isSameAs(user);
		assertThat(AuthorityUtils.authorityListToSet(mapped.authorities())).containsExactlyInAnyOrder("ROLE_USER",
				"ROLE_X");
	}

	@Test
	void qualifiedUsernameWhenEitherFlowThenPrefixedByFlowAndNeverTheBareId() {
		assertThat(TelegramUserMapper.qualifiedUsername(TelegramUser.withId(TelegramLoginFlow.BONDIFY, "12345678").build()))
			.isEqualTo("telegram:12345678");
		assertThat(TelegramUserMapper.qualifiedUsername(TelegramUser.withId(TelegramLoginFlow.XELLAR, "12345678").build()))
			.isEqualTo("xellar:12345678");
	}

	@Test
	void mappedUserWhenNullsThenIllegalArgument() {
		assertThatIllegalArgumentException().isThrownBy(() -> new TelegramUserMapper.MappedUser(null, List.of()));
		assertThatIllegalArgumentException().isThrownBy(() -> new TelegramUserMapper.MappedUser("p", null));
		assertThatIllegalArgumentException().isThrownBy(() -> TelegramUserMapper.fromUserDetailsService(null));
	}

	// ---------------------------------------------------------------- Bondify values: no token in toString

	@Test
	void toStringWhenBondifyProofAuthenticationTokenThenNoProofNoSessionToken() {
		BondifyProofAuthenticationToken request = BondifyProofAuthenticationToken.unauthenticated(PROOF, SESSION_TOKEN);
		request.setDetails("details");
		assertThat(request.toString()).doesNotContain(PROOF)
			.doesNotContain(PROOF.substring(PROOF.lastIndexOf('.') + 1))
			.doesNotContain(SESSION_TOKEN);
	}

	@Test
	void toStringWhenBondifySessionThenNoTokenNoDeeplink() {
		BondifySession session = new BondifySession(SESSION_TOKEN, "https://t.me/bondify_bot?start=" + SESSION_TOKEN,
				IAT.plusSeconds(600));
		assertThat(session.toString()).doesNotContain(SESSION_TOKEN).doesNotContain("t.me");
	}

	@Test
	void toStringWhenBondifyStatusThenNoProof() {
		BondifyStatus confirmed = new BondifyStatus(BondifyStatus.State.CONFIRMED, PROOF);
		assertThat(confirmed.toString()).contains("CONFIRMED").doesNotContain(PROOF);
		for (String part : PROOF.split("\\.")) {
			assertThat(confirmed.toString()).doesNotContain(part);
		}
	}

	@Test
	void toStringWhenVerifiedProofThenNoSessionTokenNoPhone() {
		VerifiedProof verified = new VerifiedProof("123456789", "Ada Lovelace", "ada", PHONE, SESSION_TOKEN, IAT,
				IAT.plusSeconds(300));
		assertThat(verified.toString()).contains("123456789").doesNotContain(SESSION_TOKEN).doesNotContain(PHONE);
	}

	@Test
	void bondifyStatusWhenProofDoesNotMatchStateThenIllegalArgument() {
		assertThatIllegalArgumentException().isThrownBy(() -> new BondifyStatus(BondifyStatus.State.CONFIRMED, null));
		assertThatIllegalArgumentException().isThrownBy(() -> new BondifyStatus(BondifyStatus.State.PENDING, PROOF));
		assertThat(BondifyStatus.State.PENDING.isTerminal()).isFalse();
		assertThat(BondifyStatus.State.USED.isTerminal()).isTrue();
	}

	// ---------------------------------------------------------------- BondifyProofAuthenticationToken

	@Test
	void unauthenticatedWhenCreatedThenNotAuthenticatedAndCarriesProof() {
		BondifyProofAuthenticationToken request = BondifyProofAuthenticationToken.unauthenticated(PROOF, SESSION_TOKEN);
		assertThat(request.isAuthenticated()).isFalse();
		assertThat(request.getPrincipal()).isNull();
		assertThat(request.getCredentials()).isEqualTo(PROOF);
		assertThat(request.getExpectedSessionToken()).isEqualTo(SESSION_TOKEN);
		assertThat(request.getName()).doesNotContain(SESSION_TOKEN).doesNotContain(PROOF);
		assertThatIllegalArgumentException().isThrownBy(() -> request.setAuthenticated(true));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> BondifyProofAuthenticationToken.unauthenticated(null, SESSION_TOKEN));
	}

	@Test
	void eraseCredentialsWhenRequestTokenThenProofAndSessionTokenCleared() {
		BondifyProofAuthenticationToken request = BondifyProofAuthenticationToken.unauthenticated(PROOF, SESSION_TOKEN);
		request.eraseCredentials();
		assertThat(request.getCredentials()).isNull();
		assertThat(request.getExpectedSessionToken()).isNull();
	}

	@Test
	void serializeWhenRequestTokenErasedThenNoProofInBytes() throws Exception {
		BondifyProofAuthenticationToken request = BondifyProofAuthenticationToken.unauthenticated(PROOF, SESSION_TOKEN);
		request.eraseCredentials();
		String bytes = new String(serialize(request), java.nio.charset.StandardCharsets.ISO_8859_1);
		assertThat(bytes).doesNotContain(PROOF).doesNotContain(SESSION_TOKEN);
	}

	// ---------------------------------------------------------------- helpers

	private static TelegramUser ada() {
		return TelegramUser.withId(TelegramLoginFlow.BONDIFY, "123456789")
			.displayName("Ada Lovelace")
			.username("ada")
			.phone(PHONE)
			.build();
	}

	private static TelegramAuthenticationToken token() {
		TelegramUser user = ada();
		List<GrantedAuthority> authorities = new ArrayList<>(AuthorityUtils.createAuthorityList("ROLE_USER"));
		TelegramFactor.authority(IAT).ifPresent(authorities::add);
		return TelegramAuthenticationToken.authenticated(user, user, authorities);
	}

	private static byte[] serialize(Serializable value) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
			out.writeObject(value);
		}
		return bytes.toByteArray();
	}

	@SuppressWarnings("unchecked")
	private static <T extends Serializable> T roundTrip(T value) throws IOException, ClassNotFoundException {
		try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(serialize(value)))) {
			return (T) in.readObject();
		}
	}

}
