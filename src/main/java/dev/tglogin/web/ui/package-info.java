/**
 * The default Telegram login page: the page itself, its section on Spring Security's generated login page, and its
 * static resources.
 */
@NullMarked
package dev.tglogin.web.ui;

import org.jspecify.annotations.NullMarked;
