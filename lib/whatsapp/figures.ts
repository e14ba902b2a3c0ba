import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import { queryRows } from "@/db/client";
import { istDayWindowSchema, istWindow, type Clock } from "@/lib/time";

/*
 * What each WhatsApp flow did in a window of IST days: messages sent, and of those how many were
 * delivered, read, clicked and converted, the revenue credited to them and what they cost.
 *
 * Messages are counted by the IST day they were SENT (accepted by Meta), and every later stage is
 * the fate of that same message, whenever it happened. That keeps the funnel honest (delivered
 * never exceeds sent for a day) at the price of cost landing on the send day here, while the KPI
 * spend (lib/whatsapp/costs.ts) books it on the delivery day as Meta bills it; the two differ only
 * for messages delivered after midnight IST.
 */

export const FIGURES_MAX_DAYS = 366;

/** ?from&to: IST days, both inclusive; the last 30 days when omitted. */
export function figuresWindowSchema(clock: Clock) {
  return istDayWindowSchema(clock, FIGURES_MAX_DAYS);
}

export interface FlowFigures {
  sent: number;
  delivered: number;
  read: number;
  clicked: number;
  converted: number;
  /** Sum of converted_paise of the converted messages. */
  revenuePaise: number;
  /** Sum of cost_paise of the delivered messages (Meta bills a template on delivery). */
  costPaise: number;
}

export interface FlowFiguresRow extends FlowFigures {
  flow: string;
}

export interface FlowDayFiguresRow extends FlowFiguresRow {
  day: string;
}

export interface WhatsAppFigures {
  from: string;
  to: string;
  /** Per flow, every flow that sent something in the window, busiest first. */
  byFlow: FlowFiguresRow[];
  /** Per flow and IST day, only the days with sends, in day order. */
  byDay: FlowDayFiguresRow[];
  total: FlowFigures;
}

export const emptyFigures = (): FlowFigures => ({
  sent: 0,
  delivered: 0,
  read: 0,
  clicked: 0,
  converted: 0,
  revenuePaise: 0,
  costPaise: 0,
});

type Raw = Record<keyof FlowFigures, string | number> & { flow: string; day: string };

export async function whatsappFigures(
  db: Db,
  window: { from: string; to: string },
): Promise<WhatsAppFigures> {
  const { start, end } = istWindow(window.from, window.to);
  const rows = await queryRows<Raw>(
    db,
    sql`select flow, to_char(sent_at at time zone 'Asia/Kolkata', 'YYYY-MM-DD') as day,
               count(*) as sent,
               count(delivered_at) as delivered,
               count(read_at) as read,
               count(clicked_at) as clicked,
               count(converted_order_id) as converted,
               coalesce(sum(converted_paise) filter (where converted_order_id is not null), 0) as "revenuePaise",
               coalesce(sum(cost_paise) filter (where delivered_at is not null), 0) as "costPaise"
        from wa_messages
        where sent_at >= ${start.toISOString()}::timestamptz and sent_at < ${end.toISOString()}::timestamptz
        group by 1, 2
        order by 2, 1`,
  );
  const byDay: FlowDayFiguresRow[] = rows.map((r) => ({ flow: r.flow, day: r.day, ...numbers(r) }));
  const flows = new Map<string, FlowFigures>();
  const total = emptyFigures();
  for (const r of byDay) {
    const f = flows.get(r.flow) ?? emptyFigures();
    addInto(f, r);
    addInto(total, r);
    flows.set(r.flow, f);
  }
  const byFlow = [...flows]
    .map(([flow, f]) => ({ flow, ...f }))
    .sort((a, b) => b.sent - a.sent || a.flow.localeCompare(b.flow));
  return { ...window, byFlow, byDay, total };
}

function numbers(r: Raw): FlowFigures {
  return {
    sent: Number(r.sent),
    delivered: Number(r.delivered),
    read: Number(r.read),
    clicked: Number(r.clicked),
    converted: Number(r.converted),
    revenuePaise: Number(r.revenuePaise),
    costPaise: Number(r.costPaise),
  };
}

function addInto(into: FlowFigures, add: FlowFigures): void {
  for (const k of Object.keys(into) as (keyof FlowFigures)[]) into[k] += add[k];
}
