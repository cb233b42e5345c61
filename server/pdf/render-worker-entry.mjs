// The render worker's entry point: plain JavaScript, so it loads in any Node
// worker; it registers tsx's loader there, then runs the TypeScript worker.
import { register } from "tsx/esm/api";

register();
await import("./render-worker.ts");
