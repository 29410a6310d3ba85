/**
 * Xellar Telegram OTP login: the client and its wire protocol, the OTP authentication provider, and the wallet credentials and service.
 */
@NullMarked
package dev.tglogin.xellar;

import org.jspecify.annotations.NullMarked;
