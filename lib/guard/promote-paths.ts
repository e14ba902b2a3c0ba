import type { Db } from "@/db";
import type { Clock } from "@/lib/time";
import { guardPromotion } from "./guard-promotion";
import { substituteFor } from "./substitute";
import { promoteSurfaces, type Surface } from "./verdict";

/*
 * Every function that promotes, lists or recommends SKUs registers here, with an adapter that
 * runs it for a given list and returns the SKUs it would put in front of a customer. The
 * "nothing blocked gets through" test imports every lib/<domain>/index.ts and calls each
 * registered path with a blocked SKU, so a new channel is covered as soon as it registers.
 */
export interface PromotePath {
  /** Unique, e.g. "channels.whatsapp.broadcast". */
  name: string;
  surface: Surface;
  run(db: Db, skus: string[], ctx: { clock: Clock }): Promise<readonly string[]>;
}

const registry = new Map<string, PromotePath>();

export function registerPromotePath(path: PromotePath): void {
  if (registry.has(path.name) && registry.get(path.name) !== path) {
    throw new Error(`promote path "${path.name}" is registered twice`);
  }
  registry.set(path.name, path);
}

export function promotePaths(): PromotePath[] {
  return [...registry.values()];
}

// The guard's own entry points.
for (const surface of promoteSurfaces) {
  for (const allowSwap of [false, true]) {
    registerPromotePath({
      name: `guard.guardPromotion.${surface}${allowSwap ? ".swap" : ""}`,
      surface,
      run: async (db, skus, ctx) => (await guardPromotion(db, { surface, skus, allowSwap }, ctx)).allowed,
    });
  }
}

registerPromotePath({
  name: "guard.substituteFor",
  surface: "agent",
  run: async (db, skus, ctx) => {
    const subs = await Promise.all(skus.map((s) => substituteFor(db, s, ctx)));
    return subs.filter((v) => v !== null).map((v) => v.sku);
  },
});
