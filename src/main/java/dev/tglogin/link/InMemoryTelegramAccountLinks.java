package dev.tglogin.link;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

import dev.tglogin.core.TelegramLoginFlow;

/**
 * {@link TelegramAccountLinks} in this JVM's memory: for tests and demos (links are lost on restart and not shared
 * between instances; use {@link JdbcTelegramAccountLinks} otherwise).
 * <p>
 * This class is thread-safe.
 */
public final class InMemoryTelegramAccountLinks implements TelegramAccountLinks {

	private final ConcurrentHashMap<Identity, String> usernames = new ConcurrentHashMap<>();

	@Override
	public @Nullable String findUsername(TelegramLoginFlow flow, String telegramId) {
		Assert.notNull(flow, "flow cannot be null");
		Assert.notNull(telegramId, "telegramId cannot be null");
		return this.usernames.get(new Identity(flow, telegramId));
	}

	@Override
	public List<TelegramAccountLink> findByUsername(String username) {
		Assert.notNull(username, "username cannot be null");
		return this.usernames.entrySet()
			.stream()
			.filter((entry) -> entry.getValue().equals(username))
			.map((entry) -> new TelegramAccountLink(entry.getKey().flow(), entry.getKey().telegramId(), username))
			.toList();
	}

	@Override
	public boolean link(TelegramAccountLink link) {
		Assert.notNull(link, "link cannot be null");
		String owner = this.usernames.putIfAbsent(Identity.of(link), link.username());
		return owner == null || owner.equals(link.username());
	}

	@Override
	public boolean unlink(TelegramAccountLink link) {
		Assert.notNull(link, "link cannot be null");
		return this.usernames.remove(Identity.of(link), link.username());
	}

	private record Identity(TelegramLoginFlow flow, String telegramId) {

		static Identity of(TelegramAccountLink link) {
			return new Identity(link.flow(), link.telegramId());
		}

	}

}
