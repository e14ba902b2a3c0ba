import type { Db } from "@/db";

/*
 * PLACEHOLDER being replaced by the owner-access work (next-auth session or Bearer API token).
 * Until then every request is anonymous, so every owner-only route answers 401.
 */
export type Identity =
  { kind: "session"; ownerId: string; email: string } | { kind: "token"; tokenId: string; name: string };

export async function authenticateRequest(_req: Request, _db: Db): Promise<Identity | null> {
  return null;
}
