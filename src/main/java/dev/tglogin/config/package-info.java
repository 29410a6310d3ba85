/**
 * The Spring Security DSL that adds Telegram login to a {@code SecurityFilterChain}.
 */
@NullMarked
package dev.tglogin.config;

import org.jspecify.annotations.NullMarked;
