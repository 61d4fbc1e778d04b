/**
 * Storage, in four layers, each in its own files:
 * <ul>
 *   <li>the door the loop uses: {@link todo.store.Store} (futures completed on the loop), {@link todo.store.StoreOp}
 *       and {@link todo.store.Repo}, which hands an op the repositories of its connection;</li>
 *   <li>one repository per aggregate, in SQL every dialect runs: {@link todo.store.Accounts},
 *       {@link todo.store.Lists}, {@link todo.store.Tasks} (with {@code Pruner}, {@code Rows} and {@code Sql});</li>
 *   <li>the JDBC machinery, for any dialect: {@code Writer} (one thread, group commit), {@code ReadPool},
 *       {@code JobQueue} and {@code Job}, {@code Statements} (cached prepared statements), {@code Migrations};</li>
 *   <li>the dialect: {@code Dialect}, and for SQLite {@code SqliteDialect} (connections, PRAGMAs,
 *       {@code BEGIN IMMEDIATE}, {@code COLLATE NOCASE}, upsert) and {@code SqliteSchema}; assembled by
 *       {@link todo.store.SqliteStore}. Another database is a new dialect, schema and store beside these.</li>
 * </ul>
 * Errors a client may see are {@link todo.error.ApiException}; database failures are
 * {@link todo.store.StorageException}.
 */
package todo.store;
