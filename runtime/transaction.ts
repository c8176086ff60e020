/** The transaction helper shared by `copyInto`, `copyTables` and `ensureRangePartitions`. */
import type { ClientBase } from 'pg';

/** SQLSTATE of "SAVEPOINT can only be used in transaction blocks". */
const NO_ACTIVE_TRANSACTION = '25P01';

/**
 * Runs `work` atomically: under a savepoint inside the caller's transaction (rolled back to
 * it on error, so the caller's transaction stays usable), or in a transaction of its own.
 */
export async function atomically<T>(client: ClientBase, work: () => Promise<T>): Promise<T> {
  let own = false;
  try {
    await client.query('SAVEPOINT pgtwin_atomic');
  } catch (err) {
    if ((err as { code?: string }).code !== NO_ACTIVE_TRANSACTION) throw err;
    await client.query('BEGIN');
    own = true;
  }
  try {
    const result = await work();
    await client.query(own ? 'COMMIT' : 'RELEASE SAVEPOINT pgtwin_atomic');
    return result;
  } catch (err) {
    await client.query(own ? 'ROLLBACK' : 'ROLLBACK TO SAVEPOINT pgtwin_atomic; RELEASE SAVEPOINT pgtwin_atomic').catch(() => {});
    throw err;
  }
}
