/**
 * Telegram Mini App login over HTTP: the init data exchange filter and the per-request init data authentication
 * filter.
 */
@NullMarked
package dev.tglogin.web.miniapp;

import org.jspecify.annotations.NullMarked;
