/**
 * Reading transactions files for the commands that analyse them ({@code kith rfm}, {@code kith models clv}): which
 * columns hold what, found by their usual names or named on the command line, and the rows read with the importer's
 * CSV reader, bad ones counted by reason.
 */
package io.kith.cli.transactions;
