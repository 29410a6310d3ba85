/**
 * The store of state shared beyond one HTTP session (single-use records, counters, outcomes), in memory and over JDBC.
 */
@NullMarked
package dev.tglogin.store;

import org.jspecify.annotations.NullMarked;
