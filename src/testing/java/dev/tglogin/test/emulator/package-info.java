/**
 * Test support: the emulator of Bondify and Xellar inside a {@code @SpringBootTest}, and a helper that plays the
 * user in Telegram.
 */
@NullMarked
package dev.tglogin.test.emulator;

import org.jspecify.annotations.NullMarked;
