import { createApiToken, createApiTokenSchema, listApiTokens } from "@/lib/auth";
import { apiRoute } from "@/lib/http";

export const dynamic = "force-dynamic";

/** The API tokens, newest first (never the tokens themselves). */
export const GET = apiRoute({ auth: "owner" }, async ({ db }) => ({ tokens: await listApiTokens(db) }));

/** Creates a token; the answer carries the plain `token`, shown this once and never again. */
export const POST = apiRoute({ auth: "owner", body: createApiTokenSchema }, async ({ db, body }) =>
  Response.json(await createApiToken(db, body), { status: 201 }),
);
