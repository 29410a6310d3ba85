/**
 * Telegram's own "Log In With Telegram" over OpenID Connect ({@code https://oauth.telegram.org}), on Spring Security's
 * {@code oauth2Login()}: the client registration, the ID-token decoder with the algorithm pinned, and the user service
 * that turns Telegram's claims into a {@link dev.tglogin.core.TelegramUser}. Needs
 * {@code spring-security-oauth2-client} and {@code spring-security-oauth2-jose} on the class path.
 */
@NullMarked
package dev.tglogin.oidc;

import org.jspecify.annotations.NullMarked;
