package dev.tglogin.emulator;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * One part of the emulator's HTTP surface: an upstream's API, the Telegram page or the control endpoint.
 */
interface EmulatorRoute {

	/**
	 * Answers the request when the route is one of this part's.
	 * @param route the path below the mount point
	 * @param request the request
	 * @param response the response
	 * @return whether the request was answered
	 * @throws IOException when the client went away
	 */
	boolean handle(String route, HttpServletRequest request, HttpServletResponse response) throws IOException;

}
