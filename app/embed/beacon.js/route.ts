import { BEACON_CACHE_CONTROL, beaconScript } from "@/lib/traffic";

/** GET /embed/beacon.js: the storefront beacon (see lib/traffic/README.md for the snippet). */
export async function GET(req: Request): Promise<Response> {
  const { body, etag } = await beaconScript();
  const headers = {
    "Content-Type": "text/javascript; charset=utf-8",
    "Cache-Control": BEACON_CACHE_CONTROL,
    ETag: etag,
    "X-Content-Type-Options": "nosniff",
    // Lets a storefront load it with crossorigin="anonymous" (e.g. for subresource integrity).
    "Access-Control-Allow-Origin": "*",
  };
  if (req.headers.get("if-none-match") === etag) return new Response(null, { status: 304, headers });
  return new Response(body, { headers });
}
