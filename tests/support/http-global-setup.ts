import type { TestProject } from "vitest/node";
import { engines } from "./db";
import { startApp, type AppServerInfo, type RunningApp } from "./app-server";
import { startFakeMedusa, type FakeMedusa } from "./fake-medusa";

declare module "vitest" {
  export interface ProvidedContext {
    servers: AppServerInfo[];
  }
}

let running: RunningApp[] = [];
let medusa: FakeMedusa | undefined;

/** One running app per engine under test, shared by every HTTP test file. */
export async function setup(project: TestProject) {
  // The apps read Medusa from a local fake speaking the Admin API (fixtures set by the tests).
  medusa = await startFakeMedusa();
  const medusaEnv = { MEDUSA_URL: medusa.url, MEDUSA_API_KEY: medusa.apiKey };
  running = await Promise.all(engines.map((engine) => startApp(engine, medusaEnv)));
  project.provide(
    "servers",
    running.map(({ stop: _stop, ...info }) => info),
  );
}

export async function teardown() {
  await Promise.all(running.map((r) => r.stop()));
  await medusa?.close();
}
