package dev.tglogin.emulator;

import java.security.SecureRandom;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link XellarSecret0Links}: a secret0 behind its link while the link lives.
 */
class XellarSecret0LinksTests {

	private static final Instant NOW = Instant.parse("2026-07-01T10:00:00Z");

	private final XellarSecret0Links links = new XellarSecret0Links(new SecureRandom(), 100);

	@Test
	void createWhenCreatedThenTheSecret0IsBehindItsLink() {
		XellarSecret0Links.Link link = this.links.create(NOW);

		assertThat(link.secret0()).hasSizeGreaterThanOrEqualTo(43);
		assertThat(this.links.secret0(link.linkId())).contains(link.secret0());
		assertThat(link.toString()).doesNotContain(link.secret0()).doesNotContain(link.linkId());
	}

	@Test
	void createWhenTwiceThenDifferentSecretsAndLinks() {
		XellarSecret0Links.Link first = this.links.create(NOW);
		XellarSecret0Links.Link second = this.links.create(NOW);

		assertThat(first.secret0()).isNotEqualTo(second.secret0());
		assertThat(first.linkId()).isNotEqualTo(second.linkId());
	}

	@Test
	void secret0WhenTheLinkExpiredThenEmpty() {
		XellarSecret0Links.Link link = this.links.create(NOW);

		this.links.purge(NOW.plus(XellarWire.SECRET0_LINK_LIFETIME));

		assertThat(this.links.secret0(link.linkId())).isEmpty();
	}

	@Test
	void secret0WhenUnknownOrNullLinkThenEmpty() {
		assertThat(this.links.secret0("nope")).isEmpty();
		assertThat(this.links.secret0(null)).isEmpty();
	}

}
