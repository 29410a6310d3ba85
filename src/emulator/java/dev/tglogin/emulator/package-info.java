/**
 * A local emulation of the Bondify and Xellar APIs and of the Telegram page, for development and tests only.
 */
@NullMarked
package dev.tglogin.emulator;

import org.jspecify.annotations.NullMarked;
