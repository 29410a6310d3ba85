/**
 * Throttling of the login endpoints, and the resolution of the client address it counts by.
 */
@NullMarked
package dev.tglogin.web.throttle;

import org.jspecify.annotations.NullMarked;
