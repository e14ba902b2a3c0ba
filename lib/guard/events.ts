import { z } from "zod";

/*
 * Payloads of the guard's Inngest events. inngest/events.ts wraps them with eventType(); they live
 * here so lib code and tests can build and check them without the Inngest client.
 */
export const SKU_BLOCKED = "inventory/sku.blocked";
export const SKU_UNBLOCKED = "inventory/sku.unblocked";

export const skuVerdictEventSchema = z.object({
  sku: z.string(),
  reasons: z.array(z.object({ code: z.string(), detail: z.string() })),
  substituteSku: z.string().nullable(),
  at: z.string(),
});

export type SkuVerdictEvent = z.infer<typeof skuVerdictEventSchema>;

export function verdictEvents(
  changes: {
    sku: string;
    promotable: boolean;
    reasons: { code: string; detail: string }[];
    substituteSku: string | null;
  }[],
  at: Date,
): { name: typeof SKU_BLOCKED | typeof SKU_UNBLOCKED; data: SkuVerdictEvent }[] {
  return changes.map((c) => ({
    name: c.promotable ? SKU_UNBLOCKED : SKU_BLOCKED,
    data: { sku: c.sku, reasons: c.reasons, substituteSku: c.substituteSku, at: at.toISOString() },
  }));
}
