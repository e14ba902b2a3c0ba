/**
 * The client address used to rate-limit sign-ins. Next.js fills X-Forwarded-For with the socket
 * address only when the header is absent, and a reverse proxy appends the address it saw, so the
 * last entry is the one hop we can trust. Without a proxy a client can set the header itself: the
 * per-email limit, not this one, is what protects the owner's account.
 */
export function clientIp(headers: Headers | Record<string, string | string[] | undefined>): string {
  const get = (name: string): string | undefined => {
    if (headers instanceof Headers) return headers.get(name) ?? undefined;
    const v = headers[name];
    return Array.isArray(v) ? v.join(",") : v;
  };
  const forwarded = get("x-forwarded-for")
    ?.split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  return forwarded?.at(-1) ?? get("x-real-ip")?.trim() ?? "unknown";
}
