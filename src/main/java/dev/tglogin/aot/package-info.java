/**
 * Ahead-of-time processing and GraalVM native images: the runtime hints of the library's resources and reflective
 * lookups, registered in {@code META-INF/spring/aot.factories}.
 */
@NullMarked
package dev.tglogin.aot;

import org.jspecify.annotations.NullMarked;
