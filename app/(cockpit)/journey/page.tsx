import type { Metadata } from "next";
import { appDb } from "@/db";
import { CHANNEL_LABELS } from "@/components/dashboard/labels";
import styles from "@/components/dashboard/dashboard.module.css";
import { PRESET_LABELS, readView } from "@/components/dashboard/period";
import { periodContext } from "@/components/dashboard/period-context";
import { PeriodLinks } from "@/components/dashboard/period-links";
import { JourneyStage } from "@/components/journey/journey-stage";
import { requireOwner } from "@/lib/auth";
import { getJourney } from "@/lib/journey";
import { formatInr } from "@/lib/money";

export const metadata: Metadata = { title: "Journey" };
export const dynamic = "force-dynamic";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const n = (x: number) => x.toLocaleString("en-IN");
const pct = (num: number, den: number) => (den > 0 ? `${((num / den) * 100).toFixed(1)}%` : "—");

/** The customer journey (seed §2): what each stage measured in the window, and what serves it. */
export default async function JourneyPage({ searchParams }: { searchParams: SearchParams }) {
  await requireOwner();
  const { db } = await appDb();
  const ctx = await periodContext(db, new Date());
  const view = readView(await searchParams, ctx);
  const j = await getJourney(db, { from: view.from, to: view.to });
  const { discovery: d, consideration: c, purchase: p, retention: r, advocacy: a } = j;
  return (
    <div className={styles.page}>
      <header className={styles.header}>
        <div>
          <h1>Customer journey</h1>
          <p className={styles.sub}>
            {PRESET_LABELS[view.preset]}: {view.from} to {view.to} (IST). From the storefront beacon, the
            Medusa mirror and the KPI cart facts.
          </p>
        </div>
      </header>
      <PeriodLinks view={view} ctx={ctx} withCompare={false} />
      <div className={styles.cards} data-testid="journey">
        <JourneyStage
          id="discovery"
          title="1. Discovery"
          numbers={[
            { label: "Sessions", value: n(d.sessions), raw: d.sessions, testId: "journey-sessions" },
            ...d.byChannel.map((ch) => ({
              label: `· ${CHANNEL_LABELS[ch.channel] ?? ch.channel}`,
              value: `${n(ch.sessions)} (${pct(ch.sessions, d.sessions)})`,
            })),
          ]}
          features={[
            { label: "Dashboard: sessions and revenue by channel", href: "/dashboard" },
            { label: "Ad and influencer spend", href: "/spend" },
          ]}
        />
        <JourneyStage
          id="consideration"
          title="2. Consideration"
          numbers={[
            {
              label: "Product views",
              value: n(c.productViews),
              raw: c.productViews,
              testId: "journey-product-views",
            },
            { label: "Sessions viewing products", value: n(c.sessionsViewingProducts) },
            {
              label: "Add-to-carts",
              value: n(c.addToCarts),
              raw: c.addToCarts,
              testId: "journey-add-to-carts",
            },
            {
              label: "Sessions adding to cart",
              value: `${n(c.sessionsAddingToCart)} (${pct(c.sessionsAddingToCart, d.sessions)})`,
            },
          ]}
          features={[
            { label: "Segments: who is browsing (new, repeat, gifting, wholesale)", href: "/segments" },
            { label: "Guard: stock and price checks before you promote", href: "/guard" },
          ]}
        />
        <JourneyStage
          id="purchase"
          title="3. Purchase"
          numbers={[
            {
              label: "Checkouts started",
              value: n(p.checkouts),
              raw: p.checkouts,
              testId: "journey-checkouts",
            },
            { label: "Orders", value: n(p.orders), raw: p.orders, testId: "journey-orders" },
            { label: "Revenue", value: formatInr(p.revenuePaise, { decimals: false }) },
            {
              label: "Recovered carts",
              value: n(p.recoveredCarts),
              raw: p.recoveredCarts,
              testId: "journey-recovered",
            },
            { label: "Recovered revenue", value: formatInr(p.recoveredRevenuePaise, { decimals: false }) },
          ]}
          features={[
            { label: "Dashboard: revenue, conversion, AOV, cart recovery", href: "/dashboard" },
            { label: "5-number report", href: "/report" },
          ]}
        />
        <JourneyStage
          id="retention"
          title="4. Retention"
          numbers={[
            {
              label: "Repeat orders",
              value: n(r.repeatOrders),
              raw: r.repeatOrders,
              testId: "journey-repeat-orders",
            },
            { label: "Repeat customers", value: n(r.repeatCustomers) },
            { label: "Share of orders", value: pct(r.repeatOrders, p.orders) },
          ]}
          features={[
            { label: "Segments: repeat, VIP and festival buyers", href: "/segments" },
            { label: "Dashboard: repeat rate and LTV by segment", href: "/dashboard" },
          ]}
        />
        <JourneyStage
          id="advocacy"
          title="5. Advocacy"
          numbers={[
            {
              label: "Orders with a referral code",
              value: n(a.referralOrders),
              raw: a.referralOrders,
              testId: "journey-referral-orders",
            },
            { label: "Their revenue", value: formatInr(a.referralRevenuePaise, { decimals: false }) },
            { label: "Codes used", value: n(a.referralCodesUsed) },
            { label: "Reviews", value: "not measured yet", hint: "Kosha does not read reviews yet." },
          ]}
          features={[{ label: "Influencer channel in the dashboard", href: "/dashboard?channel=influencer" }]}
        />
      </div>
    </div>
  );
}
