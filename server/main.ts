/** `npm start`: the whole app in one process. PORT (8080), DATA_DIR (./data), HOST (0.0.0.0). */
import { startJournalServer } from "./create-server.ts";
import { DEMO_PASSWORD } from "./seed/demo-school.ts";
import { StoreStartupError } from "./storage/sqlite-database.ts";

const port = Number(process.env.PORT ?? 8080);
const dataDir = process.env.DATA_DIR ?? "data";

try {
  const server = await startJournalServer({ port, dataDir, host: process.env.HOST });
  if (server.demoLogins) {
    console.log(`Created the demo school in ${dataDir}/journal.sqlite. Demo accounts (password «${DEMO_PASSWORD}»):`);
    for (const l of server.demoLogins) console.log(`  ${l.login.padEnd(22)} ${l.who}`);
  }
  // Tests and scripts wait for this exact line.
  console.log(`Журнал listening on ${server.url}`);
  const stop = () => {
    void server.close().then(() => process.exit(0));
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
} catch (err) {
  if (err instanceof StoreStartupError) {
    console.error(`Cannot start: ${err.message}`);
    process.exit(2);
  }
  throw err;
}
