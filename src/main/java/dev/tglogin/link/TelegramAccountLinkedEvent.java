package dev.tglogin.link;

import java.io.Serial;

import org.springframework.context.ApplicationEvent;

/**
 * A signed-in local user connected a Telegram identity to their account (the source is the new
 * {@link TelegramAccountLink}). Published after the link is recorded; a refused link (the identity belongs to another
 * user) publishes nothing.
 */
public final class TelegramAccountLinkedEvent extends ApplicationEvent {

	@Serial
	private static final long serialVersionUID = 1L;

	public TelegramAccountLinkedEvent(TelegramAccountLink link) {
		super(link);
	}

	/** Returns the link. */
	public TelegramAccountLink getLink() {
		return (TelegramAccountLink) getSource();
	}

}
