import type { Metadata } from "next";
import { appDb } from "@/db";
import { requireOwner } from "@/lib/auth";
import { listAudit, listVerdicts, readGuardSettings } from "@/lib/guard";
import { formatInr } from "@/lib/money";
import { GuardSettingsForm } from "@/components/guard/guard-settings-form";
import page from "@/components/ui/cockpit-page.module.css";
import own from "@/components/guard/guard.module.css";
import { istDateTime as when } from "@/components/guard/ist-time";

const styles = { ...page, ...own };

export const metadata: Metadata = { title: "Inventory guard" };
export const dynamic = "force-dynamic";

export default async function GuardPage() {
  await requireOwner();
  const { db } = await appDb();
  const [verdicts, audit, settings] = await Promise.all([
    listVerdicts(db, { status: "blocked", limit: 200, offset: 0 }),
    listAudit(db, { limit: 100 }),
    readGuardSettings(db),
  ]);

  return (
    <div className={styles.page}>
      <header className={styles.header}>
        <h1>Inventory guard</h1>
        <p>
          Nothing is promoted that cannot be sold. Every channel, bundle, campaign, recovery message and agent
          asks the guard at the moment it acts; a blocked SKU is dropped or swapped for the nearest in-stock
          alternative (same category, same print where possible, nearest price). Margin is judged on a
          single-unit COD order at the promotional discount: (net − cost − shipping − COD fee) ÷ net.
        </p>
      </header>

      <section className={styles.card} aria-labelledby="blocked">
        <h2 id="blocked">Blocked SKUs</h2>
        <div className={styles.totals}>
          <strong>{verdicts.totals.blocked.toLocaleString("en-IN")} blocked</strong>
          <span>of {verdicts.totals.all.toLocaleString("en-IN")} judged</span>
          <span>
            Revenue at risk {formatInr(verdicts.totals.revenueAtRiskPaise)} a day (their average over the last
            28 days)
          </span>
        </div>
        {verdicts.items.length === 0 ? (
          <p className={styles.empty}>Nothing is blocked.</p>
        ) : (
          <table className={styles.table}>
            <thead>
              <tr>
                <th>SKU</th>
                <th>Why</th>
                <th className={styles.num}>Available</th>
                <th>Blocked since</th>
                <th>Offered instead</th>
                <th className={styles.num}>Revenue at risk / day</th>
              </tr>
            </thead>
            <tbody>
              {verdicts.items.map((v) => (
                <tr key={v.sku}>
                  <td>
                    <strong>{v.sku}</strong>
                    <div className={styles.rule}>
                      {v.title ?? ""}
                      {v.category ? ` · ${v.category}` : ""}
                    </div>
                  </td>
                  <td>
                    {v.reasons.map((r) => (
                      <div key={r.code}>
                        <span className={styles.code}>{r.code}</span>
                        <span className={styles.rule}>{r.detail}</span>
                      </div>
                    ))}
                  </td>
                  <td className={styles.num}>{v.available ?? "—"}</td>
                  <td>{when(v.since)}</td>
                  <td>{v.substituteSku ?? <span className={styles.rule}>none in stock</span>}</td>
                  <td className={styles.num}>{formatInr(v.dailyRevenuePaise)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className={styles.card} aria-labelledby="audit">
        <h2 id="audit">Suppressed promotions</h2>
        {audit.items.length === 0 ? (
          <p className={styles.empty}>No promotion has been stopped yet.</p>
        ) : (
          <table className={styles.table}>
            <thead>
              <tr>
                <th>When</th>
                <th>Surface</th>
                <th>SKU</th>
                <th>Outcome</th>
                <th>Why</th>
              </tr>
            </thead>
            <tbody>
              {audit.items.map((a) => (
                <tr key={a.id}>
                  <td>{when(a.at)}</td>
                  <td>{a.surface}</td>
                  <td>{a.sku}</td>
                  <td>{a.action === "swapped" ? `swapped for ${a.swappedTo}` : "blocked"}</td>
                  <td>{a.reasons.map((r) => r.code).join(", ")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className={styles.card} aria-labelledby="settings">
        <h2 id="settings">Thresholds</h2>
        <p className={styles.hint}>
          Per-SKU and per-category low-stock thresholds can be set through PUT /api/v1/guard/settings
          (lowStockBySku, lowStockByCategory).
        </p>
        <GuardSettingsForm initial={settings} />
      </section>
    </div>
  );
}
