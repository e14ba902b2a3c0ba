import { inject } from "vitest";
import type { AppServerInfo } from "./app-server";

/** The running apps (one per engine) started by the HTTP project's global setup. */
export function servers(): AppServerInfo[] {
  return inject("servers");
}
