/**
 * The embedded YTsaurus-compatible cluster behind {@code --local} and {@code tractorun-local-cluster}.
 *
 * <p>Shape: {@link ai.tracto.tractorun.localcluster.LocalCluster} owns the root directory (an OS
 * file lock plus {@code server.json}), the HTTP proxy ({@code http}: v4 protocol, formats, errors),
 * Cypress ({@code cypress}: tree, transactions, locks, files, tables) and an
 * {@link ai.tracto.tractorun.localcluster.OperationService} for operations.
 *
 * <p>Isolation: every transaction has a copy-on-write overlay of node deltas over its parent's;
 * writes take the implicit locks a real cluster takes (exclusive for replacing a node, shared
 * with a child or attribute key for adding children or attributes), so commits merge deltas
 * without losing concurrent changes. One monitor serializes commands.
 *
 * <p>Durability: committed nodes live in a snapshot plus a write-ahead journal fsynced before a
 * command answers; file and table contents are immutable blob files written and fsynced before
 * the commit that references them. Uncommitted transactions do not survive a restart.
 */
package ai.tracto.tractorun.localcluster;
