import { registerPromotePath } from "@/lib/guard";
import { HttpError } from "@/lib/http";
import { guardAtSend } from "./advance";
import { composeGuard } from "./compose";
import { broadcastMessageBuilder } from "./message";
import type { Broadcast } from "./schema";

/*
 * The broadcast's promote paths, so the guard's "nothing blocked gets through" test runs them:
 * compose (a blocked SKU refuses the broadcast: nothing is promoted) and send (what a batch's
 * message actually carries, read back from the checkout link it builds after the guard's swaps
 * and drops).
 */
registerPromotePath({
  name: "whatsapp.broadcast.compose",
  surface: "whatsapp",
  run: async (db, skus, ctx) => {
    try {
      return [...(await composeGuard(db, skus, true, ctx.clock)).allowed];
    } catch (e) {
      if (e instanceof HttpError && e.code === "guard_blocked") return [];
      throw e;
    }
  },
});

registerPromotePath({
  name: "whatsapp.broadcast.send",
  surface: "whatsapp",
  run: async (db, skus, ctx) => {
    // A broadcast that is not stored: the guard's notes go nowhere, the decision is the same.
    const b = { id: -1, skus, templateName: "promote_path_probe", language: "en" } as unknown as Broadcast;
    const guard = await guardAtSend(db, b, ctx.clock);
    if (guard.allowed.length === 0) return [];
    const message = broadcastMessageBuilder({
      broadcastId: 1,
      templateName: "promote_path_probe",
      language: "en",
      params: ["{{link}}"],
      storefrontUrl: "https://shop.example.in",
      skus: guard.allowed,
      products: guard.products,
    })({ name: null });
    const body = message.template.components.find((c) => c.type === "body");
    const link = body?.parameters[0];
    const url = new URL(link && link.type === "text" ? link.text : "https://x");
    return (url.searchParams.get("items") ?? "")
      .split(",")
      .filter(Boolean)
      .map((i) => i.replace(/:\d+$/, ""));
  },
});
