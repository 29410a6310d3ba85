/**
 * Account linking: which local user a Telegram identity belongs to ({@link dev.tglogin.link.TelegramAccountLinks},
 * in memory and over JDBC), and the user mapper that signs a linked Telegram login in as that local user.
 */
@NullMarked
package dev.tglogin.link;

import org.jspecify.annotations.NullMarked;
