/**
 * The servlet side of Telegram login: the endpoint filters, pending logins kept with the browser, the success and failure handlers, and the JSON error contract.
 */
@NullMarked
package dev.tglogin.web;

import org.jspecify.annotations.NullMarked;
