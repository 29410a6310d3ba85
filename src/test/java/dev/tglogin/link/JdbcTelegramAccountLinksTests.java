package dev.tglogin.link;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.tglogin.core.TelegramLoginFlow;
import dev.tglogin.store.StoreUnavailableException;
import dev.tglogin.test.TestDatabases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The JDBC account links on H2 (always) and PostgreSQL (127.0.0.1:5432, database {@code test}, user
 * {@code postgres}, trust authentication; skipped with a message when it is not running), with keys unique per run.
 */
class JdbcTelegramAccountLinksTests {

	static Stream<Arguments> databases() {
		return TestDatabases.h2AndPostgresql("tglogin-links");
	}

	private static JdbcTelegramAccountLinks links(String name, DataSource dataSource) {
		TestDatabases.assumeRunning(name, dataSource);
		JdbcTelegramAccountLinks links = new JdbcTelegramAccountLinks(dataSource);
		links.createSchema();
		links.createSchema(); // idempotent
		return links;
	}

	private static String unique(String prefix) {
		return prefix + "-" + UUID.randomUUID();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("databases")
	void linkWhenIdentityIsFreeThenFoundByIdAndByUsername(String name, DataSource dataSource) {
		JdbcTelegramAccountLinks links = links(name, dataSource);
		String id = unique("tg");
		String alice = unique("alice");

		assertThat(links.link(new TelegramAccountLink(TelegramLoginFlow.BONDIFY, id, alice))).isTrue();
		assertThat(links.link(new TelegramAccountLink(TelegramLoginFlow.XELLAR, id, alice))).isTrue();

		assertThat(links.findUsername(TelegramLoginFlow.BONDIFY, id)).isEqualTo(alice);
		assertThat(links.findUsername(TelegramLoginFlow.BONDIFY, unique("tg"))).isNull();
		assertThat(links.findByUsername(alice)).containsExactly(
				new TelegramAccountLink(TelegramLoginFlow.BONDIFY, id, alice),
				new TelegramAccountLink(TelegramLoginFlow.XELLAR, id, alice));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("databases")
	void linkWhenIdentityBelongsToAnotherUserThenFalseAndUnchanged(String name, DataSource dataSource) {
		JdbcTelegramAccountLinks links = links(name, dataSource);
		String id = unique("tg");
		String alice = unique("alice");
		String bob = unique("bob");
		links.link(new TelegramAccountLink(TelegramLoginFlow.BONDIFY, id, alice));

		assertThat(links.link(new TelegramAccountLink(TelegramLoginFlow.BONDIFY, id, bob))).isFalse();
		assertThat(links.link(new TelegramAccountLink(TelegramLoginFlow.BONDIFY, id, alice))).isTrue();
		assertThat(links.findUsername(TelegramLoginFlow.BONDIFY, id)).isEqualTo(alice);
		assertThat(links.findByUsername(bob)).isEmpty();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("databases")
	void unlinkWhenOtherUsersLinkThenFalseAndOwnLinkThenRemoved(String name, DataSource dataSource) {
		JdbcTelegramAccountLinks links = links(name, dataSource);
		String id = unique("uid");
		String alice = unique("alice");
		links.link(new TelegramAccountLink(TelegramLoginFlow.XELLAR, id, alice));

		assertThat(links.unlink(new TelegramAccountLink(TelegramLoginFlow.XELLAR, id, unique("bob")))).isFalse();
		assertThat(links.findUsername(TelegramLoginFlow.XELLAR, id)).isEqualTo(alice);
		assertThat(links.unlink(new TelegramAccountLink(TelegramLoginFlow.XELLAR, id, alice))).isTrue();
		assertThat(links.findUsername(TelegramLoginFlow.XELLAR, id)).isNull();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("databases")
	void linkWhenUsersRaceForOneIdentityThenExactlyOneWins(String name, DataSource dataSource) throws Exception {
		JdbcTelegramAccountLinks links = links(name, dataSource);
		String id = unique("tg");
		ExecutorService executor = Executors.newFixedThreadPool(8);
		try {
			List<Callable<Boolean>> calls = new ArrayList<>();
			for (int i = 0; i < 16; i++) {
				String user = "user-" + i + "-" + id;
				calls.add(() -> links.link(new TelegramAccountLink(TelegramLoginFlow.BONDIFY, id, user)));
			}
			int wins = 0;
			for (Future<Boolean> result : executor.invokeAll(calls)) {
				wins += result.get() ? 1 : 0;
			}
			assertThat(wins).isEqualTo(1);
			assertThat(links.findUsername(TelegramLoginFlow.BONDIFY, id)).startsWith("user-");
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void findUsernameWhenTheTableIsMissingThenStoreUnavailable() {
		JdbcDataSource h2 = new JdbcDataSource();
		h2.setURL("jdbc:h2:mem:tglogin-links-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
		JdbcTelegramAccountLinks links = new JdbcTelegramAccountLinks(h2);

		assertThatExceptionOfType(StoreUnavailableException.class)
			.isThrownBy(() -> links.findUsername(TelegramLoginFlow.BONDIFY, "1"))
			.withMessageContaining("SQL state");
	}

}
