import type { Metadata } from "next";
import { appDb } from "@/db";
import { requireOwner } from "@/lib/auth";
import { formatInr } from "@/lib/money";
import { addDays, istDay, systemClock } from "@/lib/time";
import { consentSummary, recentConsentEvents } from "@/lib/whatsapp/cockpit/subscribers";
import { listTemplates } from "@/lib/whatsapp/cockpit/templates";
import { figuresWindowSchema, whatsappFigures } from "@/lib/whatsapp/figures";
import { FLOW_SWITCHES } from "@/lib/whatsapp/flow-switches";
import { readWhatsAppSettings } from "@/lib/whatsapp/settings";
import { ConsentPanel } from "@/components/whatsapp/consent-panel";
import { DailyChart } from "@/components/whatsapp/daily-chart";
import { FlowFiguresTable } from "@/components/whatsapp/flow-figures-table";
import { FlowFunnelChart } from "@/components/whatsapp/flow-funnel-chart";
import { count } from "@/components/whatsapp/format";
import { TemplateTable } from "@/components/whatsapp/template-table";
import page from "@/components/ui/cockpit-page.module.css";
import own from "@/components/whatsapp/whatsapp.module.css";

const styles = { ...page, ...own };

export const metadata: Metadata = { title: "WhatsApp" };
export const dynamic = "force-dynamic";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function WhatsAppPage({ searchParams }: { searchParams: SearchParams }) {
  await requireOwner();
  const params = await searchParams;
  const asked = Object.fromEntries(
    (["from", "to"] as const).flatMap((k) => (typeof params[k] === "string" ? [[k, params[k]]] : [])),
  );
  const schema = figuresWindowSchema(systemClock);
  const parsed = schema.safeParse(asked);
  const window = parsed.success ? parsed.data : schema.parse({});
  const { db } = await appDb();
  const [figures, settings, templates, summary, events] = await Promise.all([
    whatsappFigures(db, window),
    readWhatsAppSettings(db),
    listTemplates(db),
    consentSummary(db, systemClock.now()),
    recentConsentEvents(db, 15),
  ]);
  const switches = FLOW_SWITCHES.map((s) => ({ ...s, enabled: settings.flows[s.key].enabled }));
  const days: string[] = [];
  for (let d = window.from; d <= window.to; d = addDays(d, 1)) days.push(d);
  const today = istDay(systemClock.now());

  return (
    <>
      <section className={styles.card} aria-labelledby="flows">
        <h2 id="flows">
          Flows, {window.from} to {window.to}
        </h2>
        <p className={styles.hint}>
          Messages counted on the IST day they were sent; delivered, read, clicked and converted are what
          became of those same messages. Revenue is the orders credited to a message; cost is the price of the
          delivered ones (Meta bills on delivery).
        </p>
        <div className={styles.row} data-testid="figures-window" data-from={window.from} data-to={window.to}>
          {[7, 30, 90].map((n) => (
            <a key={n} className={styles.button} href={`?from=${addDays(today, -(n - 1))}&to=${today}`}>
              Last {n} days
            </a>
          ))}
          <form className={styles.row} method="get">
            <input type="date" name="from" defaultValue={window.from} aria-label="From" />
            <input type="date" name="to" defaultValue={window.to} aria-label="To" />
            <button className={styles.button} type="submit">
              Show
            </button>
          </form>
        </div>
        {!parsed.success && (
          <p className={styles.error}>That window is not valid; showing the last 30 days.</p>
        )}
        <div className={styles.totals}>
          <strong>{count(figures.total.sent)} sent</strong>
          <span>{count(figures.total.converted)} converted</span>
          <span>revenue {formatInr(figures.total.revenuePaise, { decimals: false })}</span>
          <span>cost {formatInr(figures.total.costPaise)}</span>
        </div>
        <FlowFiguresTable rows={figures.byFlow} switches={switches} />
        {figures.byFlow.length > 0 && (
          <div className={styles.grid}>
            <div>
              <h3>Funnel (share of sent)</h3>
              <FlowFunnelChart rows={figures.byFlow} />
            </div>
            <div>
              <h3>Messages and cost per day</h3>
              <DailyChart rows={figures.byDay} days={days} />
            </div>
          </div>
        )}
      </section>

      <section className={styles.card} aria-labelledby="templates">
        <h2 id="templates">Templates</h2>
        <p className={styles.hint}>
          Business-initiated messages must use a template Meta approved. Pending ones wait for Meta&apos;s
          review; rejected and paused ones cannot be sent.
        </p>
        <TemplateTable templates={templates} />
      </section>

      <section className={styles.card} aria-labelledby="subscribers">
        <h2 id="subscribers">Subscribers and consent</h2>
        <ConsentPanel summary={summary} events={events} />
      </section>
    </>
  );
}
