/**
 * Xellar OTP login over HTTP: the OTP request filter and the OTP verification (authentication) filter.
 */
@NullMarked
package dev.tglogin.web.xellar;

import org.jspecify.annotations.NullMarked;
