/**
 * Linking a Telegram account to a signed-in user: the link and unlink endpoints, the linking success handler and
 * pending login repository.
 */
@NullMarked
package dev.tglogin.web.link;

import org.jspecify.annotations.NullMarked;
