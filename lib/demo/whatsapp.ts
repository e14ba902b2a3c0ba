import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import { queryRows } from "@/db/client";
import { addDays, istDay, type Clock } from "@/lib/time";
import { bookMessageCosts } from "@/lib/whatsapp/costs";
import { importCustomerConsent } from "@/lib/whatsapp/consent-import";
import { defaultWhatsAppSettings } from "@/lib/whatsapp/settings";

/*
 * The demo store's WhatsApp history, derived from the seeded mirror in a few set-based
 * statements (no per-row work, so it adds seconds, not minutes, to the seed): the templates
 * the owner would have had approved, the opt-ins the customers gave at checkout / by keyword / QR,
 * a few opt-outs, and 60 days of messages — order updates, cart recovery with its conversions,
 * and one Diwali broadcast to the VIP segment — with realistic delivery, read and failure rates.
 * Everything is a pure function of the mirror (hashes of ids), so the same seed gives the same
 * history.
 */

const TEMPLATES: { name: string; category: string; status: string; body: string; problem?: string }[] = [
  {
    name: "cart_reminder",
    category: "MARKETING",
    status: "APPROVED",
    body: "Hi {{1}}, your {{2}} is still waiting in your cart. Complete your order: {{3}}",
  },
  {
    name: "cart_last_call",
    category: "MARKETING",
    status: "APPROVED",
    body: "{{1}}, last call: the piece you picked is hand-printed in small batches. Your cart: {{2}}",
  },
  {
    name: "order_placed",
    category: "UTILITY",
    status: "APPROVED",
    body: "Thank you {{1}}! Order #{{2}} of {{3}} is confirmed. We will message you when it ships.",
  },
  {
    name: "order_shipped",
    category: "UTILITY",
    status: "APPROVED",
    body: "Order #{{1}} has shipped. Track it: {{2}}",
  },
  {
    name: "order_delivered",
    category: "UTILITY",
    status: "APPROVED",
    body: "Order #{{1}} was delivered. Wash block prints cold, dry in shade.",
  },
  {
    name: "cod_confirm",
    category: "UTILITY",
    status: "APPROVED",
    body: "Please confirm your cash-on-delivery order #{{1}} of {{2}}, or pay online and skip the COD fee.",
  },
  {
    name: "festive_drop",
    category: "MARKETING",
    status: "APPROVED",
    body: "{{1}}, our {{2}} collection is live: hand block-printed in Bagru and Sanganer. Shop: {{3}}",
  },
  {
    name: "winter_razai",
    category: "MARKETING",
    status: "PENDING",
    body: "Jaipuri razai season is here, {{1}}. Light as a feather, warm as a hug: {{2}}",
  },
  {
    name: "flash_sale_70",
    category: "MARKETING",
    status: "REJECTED",
    body: "70% OFF EVERYTHING!!! Buy now {{1}}",
    problem: "Rejected by Meta: promotional content with misleading urgency",
  },
];

/** Seeds the demo's WhatsApp side. Idempotent (keys and upserts), so a re-run changes nothing. */
export async function seedDemoWhatsApp(db: Db, clock: Clock): Promise<Record<string, number>> {
  const now = clock.now();
  const nowIso = now.toISOString();
  const prices = defaultWhatsAppSettings().pricePaise;

  for (const t of TEMPLATES) {
    const components: object[] = [{ type: "BODY", text: t.body }];
    // The COD prompt's two answers come back as quick-reply payloads (lib/whatsapp/flows/order-updates.ts).
    if (t.name === "cod_confirm")
      components.push({
        type: "BUTTONS",
        buttons: [
          { type: "QUICK_REPLY", text: "Confirm COD" },
          { type: "QUICK_REPLY", text: "Pay online" },
        ],
      });
    await db.execute(
      sql`insert into wa_templates (name, language, category, status, external_id, components, problem, updated_at)
          values (${t.name}, 'en', ${t.category}, ${t.status}, ${"demo_" + t.name}, ${JSON.stringify(components)}::jsonb,
                  ${t.problem ?? null}, ${nowIso}::timestamptz)
          on conflict (name, language) do nothing`,
    );
  }

  await importCustomerConsent(db, clock);
  // Link every customer's phone (opted in or not), so the owner sees who could still be asked.
  await db.execute(
    sql`insert into wa_subscribers (phone, customer_id, name, consent, updated_at)
        select distinct on (regexp_replace(phone, '[^0-9]', '', 'g')) regexp_replace(phone, '[^0-9]', '', 'g'), id, first_name, 'unknown', ${nowIso}::timestamptz
        from customers where phone is not null and length(regexp_replace(phone, '[^0-9]', '', 'g')) between 11 and 15
        order by regexp_replace(phone, '[^0-9]', '', 'g'), created_at
        on conflict (phone) do nothing`,
  );
  // About 3% of opted-in subscribers later sent STOP (or its Hindi equivalent).
  await db.execute(
    sql`with chosen as (
          select phone, opted_in_at + (interval '1 day' * (1 + ${sql.raw(hashExpr("phone"))} % 90)) as at,
                 case when ${sql.raw(hashExpr("phone || 'kw'"))} % 3 = 0 then 'बंद करो' else 'STOP' end as word
          from wa_subscribers where consent = 'opted_in' and ${sql.raw(hashExpr("phone || 'out'"))} < 30
        ), ins as (
          insert into wa_consent_events (phone, action, source, evidence, at, dedupe_key)
          select phone, 'opt_out', 'keyword', 'demo inbound "' || word || '"', least(at, ${nowIso}::timestamptz), 'demo-out:' || phone
          from chosen on conflict (dedupe_key) do nothing returning phone, at
        )
        update wa_subscribers s set consent = 'opted_out', opted_out_at = ins.at, opt_out_source = 'keyword',
          last_inbound_at = ins.at, updated_at = ${nowIso}::timestamptz
        from ins where s.phone = ins.phone`,
  );

  const since = new Date(now.getTime() - 60 * 86_400_000).toISOString();
  const statusCols = (key: string, at: string) =>
    sql.raw(`case when ${hashExpr(key)} < 25 then 'failed' when ${hashExpr(key)} < 600 then 'read' else 'delivered' end,
      case when ${hashExpr(key)} < 25 then 131026 end,
      case when ${hashExpr(key)} < 25 then 'Message undeliverable (131026)' end,
      ${at} + interval '2 seconds',
      case when ${hashExpr(key)} >= 25 then ${at} + interval '6 seconds' end,
      case when ${hashExpr(key)} between 25 and 599 then ${at} + (interval '1 minute' * (1 + ${hashExpr(key)} % 240)) end,
      case when ${hashExpr(key)} < 25 then ${at} + interval '3 seconds' end`);
  const msgCols =
    sql.raw(`idempotency_key, phone, customer_id, kind, category, template_name, body, flow, broadcast_id, cart_id, order_id,
      attribution, not_before, created_at, wamid, cost_paise, status, error_code, reason, sent_at, delivered_at, read_at, failed_at,
      converted_order_id, converted_paise`);
  const tpl = (name: string, params: string) =>
    sql.raw(`jsonb_build_object('type', 'template', 'template', jsonb_build_object('name', '${name}', 'language',
      jsonb_build_object('code', 'en'), 'components', jsonb_build_array(jsonb_build_object('type', 'body', 'parameters',
      (select jsonb_agg(jsonb_build_object('type', 'text', 'text', coalesce(p, '-'))) from unnest(array[${params}]) as p)))))`);

  // Order updates: placed for every recent order of an opted-in phone; shipped and delivered as far as it got.
  for (const step of ["placed", "shipped", "delivered"] as const) {
    const offset = step === "placed" ? "0 hours" : step === "shipped" ? "30 hours" : "100 hours";
    const stepFilter =
      step === "placed"
        ? sql``
        : step === "shipped"
          ? sql`and o.fulfillment_status in ('shipped', 'delivered')`
          : sql`and o.fulfillment_status = 'delivered'`;
    const at = `(o.placed_at + interval '${offset}')`;
    const key = `'order_update:' || o.id || ':${step}'`;
    await db.execute(
      sql`insert into wa_messages (${msgCols})
          select ${sql.raw(key)}, s.phone, o.customer_id, 'template', 'utility', ${"order_" + step},
                 ${tpl("order_" + step, "o.display_id::text, c.first_name")}, 'order_update', null, null, o.id,
                 null, ${sql.raw(at)}, ${sql.raw(at)}, 'wamid.demo.' || md5(${sql.raw(key)}), ${prices.utility},
                 ${statusCols(key, at)}, null, null
          from orders o join customers c on c.id = o.customer_id
          join wa_subscribers s on s.customer_id = c.id and s.consent = 'opted_in'
          where o.placed_at >= ${since}::timestamptz and ${sql.raw(at)} <= ${nowIso}::timestamptz
            and o.status <> 'canceled' ${stepFilter}
          on conflict (idempotency_key) do nothing`,
    );
  }

  // Cart recovery: one reminder an hour after the cart went quiet; converted when it became an order.
  {
    const at = `(ct.last_activity_at + interval '1 hour')`;
    const key = `'cart_recovery:' || ct.id || ':1'`;
    await db.execute(
      sql`insert into wa_messages (${msgCols})
          select ${sql.raw(key)}, s.phone, ct.customer_id, 'template', 'marketing', 'cart_reminder',
                 ${tpl("cart_reminder", "coalesce(s.name, 'there'), 'block-print pick', ct.id")}, 'cart_recovery', null, ct.id, null,
                 'cart_recovery', ${sql.raw(at)}, ${sql.raw(at)}, 'wamid.demo.' || md5(${sql.raw(key)}), ${prices.marketing},
                 ${statusCols(key, at)}, o.id, case when o.id is not null then o.total_paise end
          from carts ct
          join wa_subscribers s on s.phone = regexp_replace(ct.phone, '[^0-9]', '', 'g') and s.consent = 'opted_in'
            and s.opted_in_at <= ct.last_activity_at
          left join orders o on o.cart_id = ct.id and o.status <> 'canceled'
          where ct.last_activity_at >= ${since}::timestamptz and ${sql.raw(at)} <= ${nowIso}::timestamptz
            and (o.id is null or o.placed_at > ${sql.raw(at)})
            and exists (select 1 from cart_items ci where ci.cart_id = ct.id)
          on conflict (idempotency_key) do nothing`,
    );
  }

  // One festive broadcast to the VIP segment, 30 days ago, credited with the first order within 7 days.
  const bDay = addDays(istDay(now), -30);
  const bAt = `(timestamptz '${bDay}T14:00:00+05:30' + (interval '1 millisecond' * (${hashExpr("s.phone")} * 60)))`;
  const [existing] = await queryRows<{ id: number }>(
    db,
    sql`select id from wa_broadcasts where name = 'Diwali drop (demo)'`,
  );
  const broadcastId =
    existing?.id ??
    (
      await queryRows<{ id: number }>(
        db,
        sql`insert into wa_broadcasts (name, segment_key, template_name, language, skus, params, status, rate_per_second,
              created_at, started_at, finished_at)
            values ('Diwali drop (demo)', 'vip', 'festive_drop', 'en', '[]'::jsonb, '["Diwali"]'::jsonb, 'done', 80,
              ${`${bDay}T13:40:00+05:30`}::timestamptz, ${`${bDay}T14:00:00+05:30`}::timestamptz, ${`${bDay}T14:05:00+05:30`}::timestamptz)
            returning id`,
      )
    )[0]!.id;
  {
    const key = `'broadcast:${broadcastId}:' || s.phone`;
    await db.execute(
      sql`insert into wa_messages (${msgCols})
          select ${sql.raw(key)}, s.phone, s.customer_id, 'template', 'marketing', 'festive_drop',
                 ${tpl("festive_drop", "coalesce(s.name, 'there'), 'Diwali', 'https://shop.example.in/collections/diwali'")},
                 'broadcast', ${broadcastId}, null, null, ${"broadcast_" + broadcastId}, ${sql.raw(bAt)}, ${sql.raw(bAt)},
                 'wamid.demo.' || md5(${sql.raw(key)}), ${prices.marketing}, ${statusCols(key, bAt)},
                 conv.id, conv.total_paise
          from segment_members sm join wa_subscribers s on s.customer_id = sm.customer_id and s.consent = 'opted_in'
          left join lateral (
            select o.id, o.total_paise from orders o where o.customer_id = s.customer_id and o.status <> 'canceled'
              and o.placed_at > ${sql.raw(bAt)} and o.placed_at <= ${sql.raw(bAt)} + interval '7 days'
            order by o.placed_at limit 1) conv on true
          where sm.segment_key = 'vip'
          on conflict (idempotency_key) do nothing`,
    );
    await db.execute(
      sql`update wa_broadcasts b set recipients = x.n, queued = 0, sent = x.sent, failed = x.failed, skipped = 0,
            estimated_cost_paise = x.n * ${prices.marketing}
          from (select count(*)::int n, count(*) filter (where status <> 'failed')::int sent,
                       count(*) filter (where status = 'failed')::int failed
                from wa_messages where broadcast_id = ${broadcastId}) x
          where b.id = ${broadcastId}`,
    );
  }

  // Clicks: every converted message was clicked; about a third of the other read ones too.
  await db.execute(
    sql`update wa_messages set clicked_at = coalesce(read_at, delivered_at) + interval '2 minutes'
        where clicked_at is null and flow in ('cart_recovery', 'broadcast') and delivered_at is not null
          and (converted_order_id is not null or (read_at is not null and ${sql.raw(hashExpr("idempotency_key || 'click'"))} < 350))`,
  );

  const days: string[] = [];
  for (let d = istDay(new Date(since)); d <= istDay(now); d = addDays(d, 1)) days.push(d);
  await bookMessageCosts(db, clock, days);

  const counts = await queryRows<{ what: string; n: number | string }>(
    db,
    sql`select 'subscribers_opted_in' as what, count(*) as n from wa_subscribers where consent = 'opted_in'
        union all select 'subscribers_opted_out', count(*) from wa_subscribers where consent = 'opted_out'
        union all select 'messages', count(*) from wa_messages
        union all select 'templates', count(*) from wa_templates`,
  );
  return Object.fromEntries(counts.map((r) => [r.what, Number(r.n)]));
}

function hashExpr(expr: string): string {
  return `(abs(hashtext(${expr})) % 1000)`;
}
