/**
 * The flow-independent model of a Telegram login: the user, the authentication token, the user mapper, the factor and the upstream exceptions.
 */
@NullMarked
package dev.tglogin.core;

import org.jspecify.annotations.NullMarked;
