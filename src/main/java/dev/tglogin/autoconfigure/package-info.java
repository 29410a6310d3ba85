/**
 * Spring Boot auto-configuration of Telegram login from the {@code tglogin.*} properties, and the emulator's Boot integration.
 */
@NullMarked
package dev.tglogin.autoconfigure;

import org.jspecify.annotations.NullMarked;
