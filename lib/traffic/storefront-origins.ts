/*
 * Which storefront origins may post to /api/collect from a browser (KOSHA_STOREFRONT_ORIGINS,
 * comma-separated, e.g. "https://shop.example.in,https://www.shop.example.in"). "*" (the
 * default, for the demo and first setup) lets any origin post. The endpoint takes no cookies and
 * returns nothing secret, so CORS here only keeps other websites' pages from posting through
 * their visitors' browsers; a script can post without a browser whatever this says, which is
 * what the schema, bot filter and rate limits are for.
 */
export type StorefrontOrigins = "*" | ReadonlySet<string>;

export function parseStorefrontOrigins(value: string | undefined): StorefrontOrigins {
  const items = (value ?? "*")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (items.length === 0 || items.includes("*")) return "*";
  return new Set(
    items.map((item) => {
      const url = new URL(item);
      if (url.protocol !== "http:" && url.protocol !== "https:") {
        throw new Error(`KOSHA_STOREFRONT_ORIGINS: "${item}" is not an http(s) origin`);
      }
      return url.origin;
    }),
  );
}

export function originAllowed(origin: string | null, allowed: StorefrontOrigins): boolean {
  if (origin === null) return true; // not a cross-origin browser request (server-side post, curl)
  return allowed === "*" || allowed.has(origin);
}

/** CORS headers for an allowed origin: the origin echoed (never "*" with credentials), and Vary. */
export function corsHeaders(origin: string | null, allowed: StorefrontOrigins): Record<string, string> {
  const headers: Record<string, string> = { Vary: "Origin" };
  if (origin !== null && originAllowed(origin, allowed)) headers["Access-Control-Allow-Origin"] = origin;
  return headers;
}
