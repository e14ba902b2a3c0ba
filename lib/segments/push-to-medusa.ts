import { asc, eq, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { segmentGroups, segmentMembers } from "@/db/schema";
import type { Clock } from "@/lib/time";
import { allSegments } from "./catalog";
import type { CustomerGroupsApi } from "./medusa-groups";
import { readSegmentSettings } from "./settings";

/** Medusa group names Kosha owns; the prefix keeps them apart from the owner's own groups. */
export const groupNameFor = (label: string) => `Kosha: ${label}`;

const BATCH = 500;

export interface PushResult {
  segmentKey: string;
  groupId: string;
  created: boolean;
  added: number;
  removed: number;
  members: number;
}

/**
 * Makes each segment a Medusa customer group with exactly the segment's members. Idempotent:
 * the group is found by its stored id or its name before one is created, and members are diffed
 * against what Medusa reports, so a second push with nothing changed writes nothing.
 */
export async function pushSegmentsToMedusa(
  db: Db,
  api: CustomerGroupsApi,
  opts: { clock: Clock; segmentKeys?: readonly string[] },
): Promise<PushResult[]> {
  const defs = await allSegments(db, await readSegmentSettings(db));
  const wanted = opts.segmentKeys ? defs.filter((d) => opts.segmentKeys!.includes(d.key)) : defs;
  const existing = await api.listCustomerGroups();
  const byId = new Map(existing.map((g) => [g.id, g]));
  const byName = new Map(existing.map((g) => [g.name, g]));
  const stored = new Map((await db.select().from(segmentGroups)).map((r) => [r.segmentKey, r]));
  const results: PushResult[] = [];

  for (const def of wanted) {
    const name = groupNameFor(def.label);
    const prior = stored.get(def.key);
    let group = (prior && byId.get(prior.medusaGroupId)) ?? byName.get(name);
    const members = (
      await db
        .select({ id: segmentMembers.customerId })
        .from(segmentMembers)
        .where(eq(segmentMembers.segmentKey, def.key))
        .orderBy(asc(segmentMembers.customerId))
    ).map((r) => r.id);
    // The calendar holds future festivals; their groups appear once someone buys in the window.
    if (!group && def.kind === "festival" && members.length === 0) continue;
    const created = !group;
    if (!group) group = await api.createCustomerGroup(name, { kosha_segment: def.key });

    const current = new Set(created ? [] : await api.listGroupCustomerIds(group.id));
    const want = new Set(members);
    const add = members.filter((id) => !current.has(id));
    const remove = [...current].filter((id) => !want.has(id)).sort();
    for (let i = 0; i < add.length; i += BATCH)
      await api.addCustomersToGroup(group.id, add.slice(i, i + BATCH));
    for (let i = 0; i < remove.length; i += BATCH) {
      await api.removeCustomersFromGroup(group.id, remove.slice(i, i + BATCH));
    }

    await db
      .insert(segmentGroups)
      .values({
        segmentKey: def.key,
        medusaGroupId: group.id,
        groupName: name,
        lastPushedAt: opts.clock.now(),
        members: members.length,
      })
      .onConflictDoUpdate({
        target: segmentGroups.segmentKey,
        set: {
          medusaGroupId: group.id,
          groupName: name,
          lastPushedAt: sql`excluded.last_pushed_at`,
          members: members.length,
        },
      });
    results.push({
      segmentKey: def.key,
      groupId: group.id,
      created,
      added: add.length,
      removed: remove.length,
      members: members.length,
    });
  }
  return results;
}
