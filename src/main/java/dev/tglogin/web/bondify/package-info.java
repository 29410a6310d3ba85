/**
 * Bondify deeplink login over HTTP: the start, status (with its long-poll), proof and webhook endpoints, one filter
 * each.
 */
@NullMarked
package dev.tglogin.web.bondify;

import org.jspecify.annotations.NullMarked;
