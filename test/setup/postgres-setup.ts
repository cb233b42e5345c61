/**
 * Global set-up of the PostgreSQL run of the server tests (issue 10): one
 * PostgreSQL on loopback for the whole run; each test server gets a database
 * of its own (test/support/server-process.ts).
 */
import { POSTGRES_AVAILABLE, startPostgres } from "../support/postgres-server.ts";

export default async function setup(): Promise<() => Promise<void>> {
  if (!POSTGRES_AVAILABLE) return async () => {};
  const pg = await startPostgres();
  process.env.JOURNAL_TEST_PG = pg.base;
  return () => pg.stop();
}
