/**
 * The library's HTTP and JSON client for the upstream services, with bounded bodies, deadlines and its own small thread
 * pools; and {@link dev.tglogin.http.JsonCodec}, the one home of the library's JSON object reading and writing.
 */
@NullMarked
package dev.tglogin.http;

import org.jspecify.annotations.NullMarked;
