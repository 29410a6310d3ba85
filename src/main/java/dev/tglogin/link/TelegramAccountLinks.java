package dev.tglogin.link;

import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.tglogin.core.TelegramLoginFlow;

/**
 * Which local account each linked Telegram identity belongs to: {@code (flow, Telegram id or Xellar user id) -> local
 * username}. An identity belongs to at most one local user; a local user may link several identities.
 * <p>
 * Implementations must be thread-safe and {@link #link} atomic: {@link InMemoryTelegramAccountLinks} for tests and
 * single instances that may lose links on restart, {@link JdbcTelegramAccountLinks} for real use. When the app deletes
 * or renames a local user, it removes or moves that user's links itself ({@link #findByUsername}, {@link #unlink}).
 */
public interface TelegramAccountLinks {

	/**
	 * Returns the local username an identity is linked to.
	 * @param flow the flow
	 * @param telegramId the identity's stable id within the flow
	 * @return the username, or {@code null} when the identity is not linked
	 */
	@Nullable
	String findUsername(TelegramLoginFlow flow, String telegramId);

	/**
	 * Returns the identities linked to a local user.
	 * @param username the local username
	 * @return the links, empty when there are none
	 */
	List<TelegramAccountLink> findByUsername(String username);

	/**
	 * Links an identity to a local user, atomically, unless it is linked to another user.
	 * @param link the link
	 * @return {@code true} when the identity is now linked to the link's user (newly or already), {@code false} when
	 * it belongs to another user (nothing changed)
	 */
	boolean link(TelegramAccountLink link);

	/**
	 * Removes a link, when the identity is linked to the link's user.
	 * @param link the link
	 * @return {@code true} when it was removed, {@code false} when there was no such link for that user
	 */
	boolean unlink(TelegramAccountLink link);

}
