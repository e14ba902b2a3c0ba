import type { HandlerResolver, InboundHandler } from "@/lib/inbox";
import { medusaInboundLookup } from "@/lib/medusa";
import { whatsappInboundLookup } from "@/lib/whatsapp/webhook";

/*
 * The composition root for inbound events: which domain handles what, by source and then by
 * event name. Each source contributes one lookup, e.g.
 *   medusa: (name) => medusaHandlers[name],
 * An event whose source or name has no entry is kept and marked ignored with the reason, so it
 * can be replayed once a handler exists.
 */
const bySource: Record<string, (name: string) => InboundHandler | undefined> = {
  medusa: medusaInboundLookup,
  whatsapp: whatsappInboundLookup,
};

export const resolveInboundHandler: HandlerResolver = (source, name) =>
  Object.hasOwn(bySource, source) ? bySource[source]!(name) : undefined;
