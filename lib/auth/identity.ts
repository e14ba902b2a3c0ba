/** Who is asking: the signed-in owner (session cookie) or a script holding an API token. */
export type Identity =
  { kind: "session"; ownerId: string; email: string } | { kind: "token"; tokenId: string; name: string };

export type SessionIdentity = Extract<Identity, { kind: "session" }>;
