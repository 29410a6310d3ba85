package dev.tglogin.link;

import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

import dev.tglogin.core.TelegramLoginFlow;
import dev.tglogin.core.TelegramUser;
import dev.tglogin.core.TelegramUserMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class LinkedAccountUserMapperTests {

	private static final TelegramUser TELEGRAM = TelegramUser.withId(TelegramLoginFlow.BONDIFY, "12345678").build();

	private final InMemoryTelegramAccountLinks links = new InMemoryTelegramAccountLinks();

	private final InMemoryUserDetailsManager users = new InMemoryUserDetailsManager(
			User.withUsername("alice").password("{noop}pw").roles("ADMIN").build(),
			User.withUsername("12345678").password("{noop}pw").roles("OWNER").build(),
			User.withUsername("carol").password("{noop}pw").roles("USER").disabled(true).build());

	private final LinkedAccountUserMapper mapper = new LinkedAccountUserMapper(this.links, this.users);

	@Test
	void mapWhenIdentityIsLinkedThenTheLocalUserWithTheirAuthorities() {
		this.links.link(new TelegramAccountLink(TelegramLoginFlow.BONDIFY, "12345678", "alice"));

		TelegramUserMapper.MappedUser mapped = this.mapper.map(TELEGRAM);

		assertThat(((UserDetails) mapped.principal()).getUsername()).isEqualTo("alice");
		assertThat(AuthorityUtils.authorityListToSet(mapped.authorities())).containsExactly("ROLE_ADMIN");
	}

	@Test
	void mapWhenIdentityIsUnlinkedThenRefusedEvenIfAUsernameEqualsTheTelegramId() {
		assertThatExceptionOfType(TelegramAccountNotLinkedException.class).isThrownBy(() -> this.mapper.map(TELEGRAM));
	}

	@Test
	void mapWhenLinkedInAnotherFlowThenNotThatUser() {
		this.links.link(new TelegramAccountLink(TelegramLoginFlow.XELLAR, "12345678", "alice"));

		assertThatExceptionOfType(TelegramAccountNotLinkedException.class).isThrownBy(() -> this.mapper.map(TELEGRAM));
	}

	@Test
	void mapWhenUnlinkedAndAppSignsInTelegramOnlyUsersThenTheirMapper() {
		this.mapper.setUnlinkedUserMapper(TelegramUserMapper.withAuthorities("ROLE_TELEGRAM"));

		TelegramUserMapper.MappedUser mapped = this.mapper.map(TELEGRAM);

		assertThat(mapped.principal()).isSameAs(TELEGRAM);
		assertThat(AuthorityUtils.authorityListToSet(mapped.authorities())).containsExactly("ROLE_TELEGRAM");
	}

	@Test
	void mapWhenUnlinkedThenTheAppsUnlinkedUserMapperSeesTheLoginsContext() {
		java.util.List<dev.tglogin.core.TelegramMappingContext> seen = new java.util.ArrayList<>();
		this.mapper.setUnlinkedUserMapper(new TelegramUserMapper() {

			@Override
			public MappedUser map(dev.tglogin.core.TelegramUser user) {
				throw new AssertionError("the linked-account mapper passes the context on");
			}

			@Override
			public MappedUser map(dev.tglogin.core.TelegramUser user, dev.tglogin.core.TelegramMappingContext context) {
				seen.add(context);
				return new MappedUser(user, java.util.List.of());
			}

		});
		dev.tglogin.core.TelegramMappingContext context = new dev.tglogin.core.TelegramMappingContext("details", null);

		this.mapper.map(TELEGRAM, context);

		assertThat(seen).containsExactly(context);
	}

	@Test
	void mapWhenLinkedUserIsDisabledThenDisabledException() {
		this.links.link(new TelegramAccountLink(TelegramLoginFlow.BONDIFY, "12345678", "carol"));

		assertThatExceptionOfType(DisabledException.class).isThrownBy(() -> this.mapper.map(TELEGRAM));
	}

	@Test
	void mapWhenLinkedUserNoLongerExistsThenBadCredentials() {
		this.links.link(new TelegramAccountLink(TelegramLoginFlow.BONDIFY, "12345678", "dave"));

		assertThatExceptionOfType(BadCredentialsException.class).isThrownBy(() -> this.mapper.map(TELEGRAM))
			.isNotInstanceOf(TelegramAccountNotLinkedException.class)
			.withCauseInstanceOf(UsernameNotFoundException.class);
	}

}
