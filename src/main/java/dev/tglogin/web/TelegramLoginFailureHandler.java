package dev.tglogin.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.util.Assert;

/**
 * Answers a failed login with the JSON error contract ({@link TelegramLoginError#from(Exception)}), never a redirect
 * and never a stack trace; the {@code message} is in the request's language ({@link TelegramLoginMessages}).
 */
public final class TelegramLoginFailureHandler implements AuthenticationFailureHandler {

	private TelegramLoginMessages messages = TelegramLoginMessages.library();

	/**
	 * Sets the texts of the error messages. Defaults to the library's own ({@link TelegramLoginMessages#library()}).
	 * @param messages the texts, e.g. {@link TelegramLoginMessages#withOverrides} of the app's {@code MessageSource}
	 */
	public void setMessages(TelegramLoginMessages messages) {
		Assert.notNull(messages, "messages cannot be null");
		this.messages = messages;
	}
	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException {
		JsonResponses.error(response, this.messages.localize(TelegramLoginError.from(exception), request));
	}

}
