/**
 * The emulator's Spring Boot integration: {@code tglogin.emulator.enabled=true} mounts it in a development app.
 */
@NullMarked
package dev.tglogin.emulator.boot;

import org.jspecify.annotations.NullMarked;
