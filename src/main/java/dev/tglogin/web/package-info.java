/**
 * What the Telegram login endpoints share: pending logins kept with the browser and their lock, the success, failure
 * and logout handlers, the JSON error contract with its messages, and the JSON request and response helpers. The
 * endpoint filters are in the feature packages below ({@code bondify}, {@code xellar}, {@code miniapp}, {@code link},
 * {@code ui}).
 */
@NullMarked
package dev.tglogin.web;

import org.jspecify.annotations.NullMarked;
