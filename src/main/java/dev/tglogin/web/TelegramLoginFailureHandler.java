package dev.tglogin.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * Answers a failed login with the JSON error contract ({@link TelegramLoginError#from(Exception)}), never a redirect
 * and never a stack trace.
 */
public final class TelegramLoginFailureHandler implements AuthenticationFailureHandler {

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException {
		JsonResponses.error(response, TelegramLoginError.from(exception));
	}

}
