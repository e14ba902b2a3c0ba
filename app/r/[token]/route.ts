import { appDb } from "@/db";
import { systemClock } from "@/lib/time";
import { followLink } from "@/lib/whatsapp/links";

export const dynamic = "force-dynamic";

/** A tracked link from a WhatsApp message: note the click, then on to the stored target. */
export async function GET(_req: Request, ctx: { params: Promise<{ token: string }> }): Promise<Response> {
  const { token } = await ctx.params;
  const { db } = await appDb();
  const target = await followLink(db, token, systemClock);
  if (!target) {
    return new Response("This link is not valid or has expired.", {
      status: 404,
      headers: { "content-type": "text/plain; charset=utf-8" },
    });
  }
  return new Response(null, { status: 302, headers: { location: target, "cache-control": "no-store" } });
}
