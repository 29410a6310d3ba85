package dev.tglogin.link;

import java.io.Serial;

import org.springframework.context.ApplicationEvent;

/**
 * A signed-in local user disconnected a Telegram identity from their account (the source is the removed
 * {@link TelegramAccountLink}). Published after the link is removed.
 */
public final class TelegramAccountUnlinkedEvent extends ApplicationEvent {

	@Serial
	private static final long serialVersionUID = 1L;

	public TelegramAccountUnlinkedEvent(TelegramAccountLink link) {
		super(link);
	}

	/** Returns the link. */
	public TelegramAccountLink getLink() {
		return (TelegramAccountLink) getSource();
	}

}
