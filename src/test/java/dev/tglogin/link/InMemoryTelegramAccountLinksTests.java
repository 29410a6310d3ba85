package dev.tglogin.link;

import org.junit.jupiter.api.Test;

import dev.tglogin.core.TelegramLoginFlow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class InMemoryTelegramAccountLinksTests {

	private final InMemoryTelegramAccountLinks links = new InMemoryTelegramAccountLinks();

	@Test
	void linkWhenIdentityIsFreeThenFoundByIdAndByUsername() {
		assertThat(this.links.link(new TelegramAccountLink(TelegramLoginFlow.BONDIFY, "12345678", "alice"))).isTrue();

		assertThat(this.links.findUsername(TelegramLoginFlow.BONDIFY, "12345678")).isEqualTo("alice");
		assertThat(this.links.findUsername(TelegramLoginFlow.XELLAR, "12345678")).isNull();
		assertThat(this.links.findByUsername("alice"))
			.containsExactly(new TelegramAccountLink(TelegramLoginFlow.BONDIFY, "12345678", "alice"));
	}

	@Test
	void linkWhenIdentityBelongsToAnotherUserThenFalseAndUnchanged() {
		this.links.link(new TelegramAccountLink(TelegramLoginFlow.BONDIFY, "12345678", "alice"));

		assertThat(this.links.link(new TelegramAccountLink(TelegramLoginFlow.BONDIFY, "12345678", "bob"))).isFalse();
		assertThat(this.links.link(new TelegramAccountLink(TelegramLoginFlow.BONDIFY, "12345678", "alice"))).isTrue();
		assertThat(this.links.findUsername(TelegramLoginFlow.BONDIFY, "12345678")).isEqualTo("alice");
		assertThat(this.links.findByUsername("bob")).isEmpty();
	}

	@Test
	void unlinkWhenOtherUsersLinkThenFalseAndOwnLinkThenRemoved() {
		this.links.link(new TelegramAccountLink(TelegramLoginFlow.XELLAR, "uid-1", "alice"));

		assertThat(this.links.unlink(new TelegramAccountLink(TelegramLoginFlow.XELLAR, "uid-1", "bob"))).isFalse();
		assertThat(this.links.findUsername(TelegramLoginFlow.XELLAR, "uid-1")).isEqualTo("alice");
		assertThat(this.links.unlink(new TelegramAccountLink(TelegramLoginFlow.XELLAR, "uid-1", "alice"))).isTrue();
		assertThat(this.links.findUsername(TelegramLoginFlow.XELLAR, "uid-1")).isNull();
		assertThat(this.links.unlink(new TelegramAccountLink(TelegramLoginFlow.XELLAR, "uid-1", "alice"))).isFalse();
	}

	@Test
	void linkWhenIdOrUsernameIsEmptyOrTooLongThenRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new TelegramAccountLink(TelegramLoginFlow.BONDIFY, " ", "alice"));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new TelegramAccountLink(TelegramLoginFlow.BONDIFY, "1", "a".repeat(256)));
	}

}
