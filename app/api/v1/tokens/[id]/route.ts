import { revokeApiToken } from "@/lib/auth";
import { apiRoute, HttpError } from "@/lib/http";

export const dynamic = "force-dynamic";

/** Revokes a token: it stops working at once and stays listed as revoked. */
export const DELETE = apiRoute({ auth: "owner" }, async ({ db, params }) => {
  const token = await revokeApiToken(db, params.id ?? "");
  if (!token) throw new HttpError(404, "not_found", `No API token with id ${params.id}.`);
  return token;
});
