import type { TestProject } from "vitest/node";
import { engines } from "./db";
import { startApp, type AppServerInfo, type RunningApp } from "./app-server";

declare module "vitest" {
  export interface ProvidedContext {
    servers: AppServerInfo[];
  }
}

let running: RunningApp[] = [];

/** One running app per engine under test, shared by every HTTP test file. */
export async function setup(project: TestProject) {
  running = await Promise.all(engines.map((engine) => startApp(engine)));
  project.provide(
    "servers",
    running.map(({ stop: _stop, ...info }) => info),
  );
}

export async function teardown() {
  await Promise.all(running.map((r) => r.stop()));
}
