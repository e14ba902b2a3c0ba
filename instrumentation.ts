/*
 * Runs once when a Next.js server starts. Without Inngest configured, this is where the
 * in-process inbox runner starts, so events stored while the app was down (or accepted under a
 * different runner) are processed without waiting for the next webhook.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // The webhook edge, when configured: the same webhook handlers without Next's request cost.
  // Awaited (a thread takes a second or two to load), so once the app answers, so does the edge.
  const { startAppWebhookEdge } = await import("@/lib/ingest/start-edge");
  await startAppWebhookEdge().catch((e) =>
    console.error(JSON.stringify({ level: "error", msg: "webhook edge did not start", error: String(e) })),
  );
  const { startAppRunnerIfInProcess } = await import("@/lib/runner/app-runner");
  // Not awaited: a slow or unreachable database must not hold up the server; health reports it.
  void startAppRunnerIfInProcess();
  // The WhatsApp outbox's in-process dispatcher, likewise only when Inngest is not configured.
  const { startWhatsAppDispatcherIfInProcess } = await import("@/lib/whatsapp/outbox/app-dispatcher");
  void startWhatsAppDispatcherIfInProcess();
  // The WhatsApp flows (cart recovery, order updates, catalog sync) as a poller, likewise.
  const { startWhatsAppFlowsIfInProcess } = await import("@/lib/whatsapp/flows/app-flows");
  void startWhatsAppFlowsIfInProcess();
}
