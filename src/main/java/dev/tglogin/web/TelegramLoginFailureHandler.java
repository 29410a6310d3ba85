package dev.tglogin.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.MessageSource;
import org.springframework.context.MessageSourceAware;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * Answers a failed login with the JSON error contract ({@link TelegramLoginError#from(Exception)}), never a redirect
 * and never a stack trace; the {@code message} is in the request's language ({@link TelegramLoginMessages}).
 */
public final class TelegramLoginFailureHandler implements AuthenticationFailureHandler, MessageSourceAware {

	private TelegramLoginMessages messages = TelegramLoginMessages.library();

	/**
	 * Sets the application's messages, asked before the library's own. Defaults to the library's messages only.
	 * @param messageSource the application's messages, e.g. the {@code ApplicationContext}
	 */
	@Override
	public void setMessageSource(MessageSource messageSource) {
		this.messages = TelegramLoginMessages.withOverrides(messageSource);
	}

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException {
		JsonResponses.error(response, this.messages.localize(TelegramLoginError.from(exception), request));
	}

}
