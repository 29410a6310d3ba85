/**
 * Bondify deeplink login: the client and its wire protocol, the proof and webhook verifiers, and the authentication provider.
 */
@NullMarked
package dev.tglogin.bondify;

import org.jspecify.annotations.NullMarked;
