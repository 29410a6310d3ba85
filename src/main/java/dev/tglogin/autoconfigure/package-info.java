/**
 * Spring Boot auto-configuration of Telegram login from the {@code tglogin.*} properties.
 */
@NullMarked
package dev.tglogin.autoconfigure;

import org.jspecify.annotations.NullMarked;
