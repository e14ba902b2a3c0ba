import type { Metadata } from "next";
import { appDb } from "@/db";
import { Dashboard } from "@/components/dashboard/dashboard";
import { Freshness } from "@/components/dashboard/freshness";
import { readView } from "@/components/dashboard/period";
import { lastDataAt, periodContext } from "@/components/dashboard/period-context";
import { requireOwner } from "@/lib/auth";
import { getKpis } from "@/lib/kpi";

export const metadata: Metadata = { title: "Dashboard" };
export const dynamic = "force-dynamic";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** Revenue first, then its seven drivers and the channels; the first view is rendered here. */
export default async function DashboardPage({ searchParams }: { searchParams: SearchParams }) {
  await requireOwner();
  const { db } = await appDb();
  const now = new Date();
  const ctx = await periodContext(db, now);
  const view = readView(await searchParams, ctx);
  const [kpis, last] = await Promise.all([
    getKpis(db, {
      from: view.from,
      to: view.to,
      compare: view.compare,
      channel: view.channel ?? undefined,
      segment: view.segment,
    }),
    lastDataAt(db),
  ]);
  return (
    <Dashboard
      initialView={view}
      initialData={kpis}
      ctx={ctx}
      freshness={<Freshness lastDataAt={last?.toISOString() ?? null} now={now.toISOString()} />}
    />
  );
}
