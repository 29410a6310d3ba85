/**
 * The library's HTTP and JSON client for the upstream services, with bounded bodies, deadlines and its own small thread pools.
 */
@NullMarked
package dev.tglogin.http;

import org.jspecify.annotations.NullMarked;
