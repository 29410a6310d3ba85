/**
 * Test support for MockMvc: a request logged in as a Telegram user.
 */
@NullMarked
package dev.tglogin.test.web;

import org.jspecify.annotations.NullMarked;
