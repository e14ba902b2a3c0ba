import { sql } from "drizzle-orm";
import { queryRows, type Db } from "@/db";
import { checkSkus, type CheckOptions } from "./check-skus";
import type { Verdict } from "./verdict";

const PAGE = 12;
const MAX_PAGES = 8;

export interface SubstituteOptions extends CheckOptions {
  /** SKUs not to offer (already in the list being promoted). */
  exclude?: readonly string[];
}

/**
 * The best promotable stand-in for a SKU: same category, same print or technique where possible,
 * then nearest price (ties by SKU so the answer is stable). Null when the SKU is unknown, has no
 * category, or nothing in its category passes the guard.
 */
export async function substituteFor(db: Db, sku: string, opts: SubstituteOptions): Promise<Verdict | null> {
  const [base] = await queryRows<{
    category: string | null;
    technique: string | null;
    price_paise: string | number;
  }>(
    db,
    sql`select p.category, p.technique, v.price_paise from variants v join products p on p.id = v.product_id
         where v.sku = ${sku}`,
  );
  if (!base || base.category === null) return null;
  const exclude = JSON.stringify([sku, ...(opts.exclude ?? [])]);
  for (let page = 0; page < MAX_PAGES; page++) {
    const candidates = await queryRows<{ sku: string }>(
      db,
      // SKUs whose stored verdict is blocked are skipped as candidates (a stale "blocked" only
      // costs a candidate); whatever is offered is still checked live below.
      sql`select v.sku from variants v join products p on p.id = v.product_id
            left join guard_verdicts gv on gv.sku = v.sku
           where p.category = ${base.category} and v.sku is not null and gv.promotable is not false
             and v.deleted_at is null and p.deleted_at is null and p.status = 'published' and not p.discontinued
             and v.sku not in (select jsonb_array_elements_text(${exclude}::jsonb))
           order by (p.technique is not distinct from ${base.technique}) desc,
                    abs(v.price_paise - ${Number(base.price_paise)}), v.sku
           limit ${PAGE} offset ${page * PAGE}`,
    );
    if (candidates.length === 0) return null;
    const verdicts = await checkSkus(
      db,
      candidates.map((c) => c.sku),
      opts,
    );
    for (const c of candidates) {
      const v = verdicts.get(c.sku);
      if (v?.promotable) return v;
    }
    if (candidates.length < PAGE) return null;
  }
  return null;
}
