// Plain-JS entry of the webhook edge thread: loads the TypeScript worker through tsx's API
// (a worker thread does not take --import loader hooks on Node 20). See edge-thread.ts.
import { tsImport } from "tsx/esm/api";

await tsImport("./edge-worker.ts", import.meta.url);
