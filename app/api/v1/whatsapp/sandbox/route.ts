import { z } from "zod";
import { apiRoute } from "@/lib/http";
import { listSandboxRequests } from "@/lib/whatsapp/cockpit/sandbox-log";

export const dynamic = "force-dynamic";

const query = z.strictObject({
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

/** GET /api/v1/whatsapp/sandbox?before&limit: what the sandbox received instead of Meta, newest first. */
export const GET = apiRoute({ auth: "owner", query }, async ({ db, query }) =>
  listSandboxRequests(db, { channel: "whatsapp", ...query }),
);
