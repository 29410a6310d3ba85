/**
 * Test support: a Telegram login in the {@code SecurityContext} of a test, with {@link WithMockTelegramUser} or built
 * with {@link MockTelegramAuthentication}.
 */
@NullMarked
package dev.tglogin.test.context;

import org.jspecify.annotations.NullMarked;
