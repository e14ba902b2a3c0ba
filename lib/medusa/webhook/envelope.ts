import { z } from "zod";

/** The body Kosha's Medusa subscriber posts: one Medusa event with a stable id derived by the sender. */
export const medusaEnvelopeSchema = z.object({
  id: z.string().min(1).max(200),
  name: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[a-z0-9_-]+(\.[a-z0-9_-]+)+$/, "expected a Medusa event name such as order.placed"),
  data: z.record(z.string(), z.unknown()),
  occurred_at: z.iso.datetime({ offset: true }),
});
export type MedusaEnvelope = z.infer<typeof medusaEnvelopeSchema>;
