/**
 * Telegram Mini App login: validation of the init data Telegram signs for a Mini App (with the bot token's key, or
 * with Telegram's Ed25519 key for third parties) and the authentication provider built on it.
 */
@NullMarked
package dev.tglogin.miniapp;

import org.jspecify.annotations.NullMarked;
