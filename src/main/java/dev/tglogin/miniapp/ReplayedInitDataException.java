package dev.tglogin.miniapp;

import java.io.Serial;

/**
 * Valid init data was exchanged for a session a second time: each init data completes one session exchange.
 */
public final class ReplayedInitDataException extends InvalidInitDataException {

	@Serial
	private static final long serialVersionUID = 1L;

	public ReplayedInitDataException() {
		super("replayed", "The Mini App init data was already used to log in");
	}

}
