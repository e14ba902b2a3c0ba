import type { MedusaClient } from "@/lib/medusa";

/*
 * What pushing segments needs from Medusa's customer groups. lib/medusa's client satisfies it
 * through `medusaGroupsApi`; tests and the demo use `recordingGroupsApi`.
 */
export interface CustomerGroupsApi {
  listCustomerGroups(): Promise<{ id: string; name: string }[]>;
  createCustomerGroup(name: string, metadata: Record<string, string>): Promise<{ id: string; name: string }>;
  listGroupCustomerIds(groupId: string): Promise<string[]>;
  addCustomersToGroup(groupId: string, customerIds: string[]): Promise<void>;
  removeCustomersFromGroup(groupId: string, customerIds: string[]): Promise<void>;
}

export type GroupsCall =
  | { op: "listCustomerGroups" }
  | { op: "createCustomerGroup"; name: string }
  | { op: "listGroupCustomerIds"; groupId: string }
  | { op: "addCustomersToGroup"; groupId: string; customerIds: string[] }
  | { op: "removeCustomersFromGroup"; groupId: string; customerIds: string[] };

/** In-memory customer groups that record every call, as a sandbox for pushes. */
export function recordingGroupsApi(): CustomerGroupsApi & {
  calls: GroupsCall[];
  groups: Map<string, { id: string; name: string; members: Set<string> }>;
} {
  const groups = new Map<string, { id: string; name: string; members: Set<string> }>();
  const calls: GroupsCall[] = [];
  let seq = 0;
  const group = (id: string) => {
    const g = groups.get(id);
    if (!g) throw new Error(`Customer group with id: ${id} was not found`);
    return g;
  };
  return {
    calls,
    groups,
    async listCustomerGroups() {
      calls.push({ op: "listCustomerGroups" });
      return [...groups.values()].map(({ id, name }) => ({ id, name }));
    },
    async createCustomerGroup(name) {
      calls.push({ op: "createCustomerGroup", name });
      const id = `cusgroup_sbx_${++seq}`;
      groups.set(id, { id, name, members: new Set() });
      return { id, name };
    },
    async listGroupCustomerIds(groupId) {
      calls.push({ op: "listGroupCustomerIds", groupId });
      return [...group(groupId).members].sort();
    },
    async addCustomersToGroup(groupId, customerIds) {
      calls.push({ op: "addCustomersToGroup", groupId, customerIds: [...customerIds] });
      for (const c of customerIds) group(groupId).members.add(c);
    },
    async removeCustomersFromGroup(groupId, customerIds) {
      calls.push({ op: "removeCustomersFromGroup", groupId, customerIds: [...customerIds] });
      for (const c of customerIds) group(groupId).members.delete(c);
    },
  };
}

const PAGE = 200;

/**
 * Customer groups over the Medusa Admin API (live or lib/medusa's sandbox transport):
 * GET/POST /admin/customer-groups, GET /admin/customers?groups[]=…, and
 * POST /admin/customer-groups/{id}/customers { add, remove }.
 */
export function medusaGroupsApi(client: MedusaClient): CustomerGroupsApi {
  async function call(
    method: "GET" | "POST",
    path: string,
    query?: Record<string, string | number | string[]>,
    body?: unknown,
  ) {
    const res = await client.send({ method, path, query, body });
    if (res.status >= 300) {
      const msg = (res.body as { message?: string } | null)?.message ?? `status ${res.status}`;
      throw new Error(`Medusa ${method} ${path} failed: ${msg}`);
    }
    return res.body as Record<string, unknown>;
  }
  async function pages<T>(
    path: string,
    key: string,
    query: Record<string, string | number | string[]>,
  ): Promise<T[]> {
    const out: T[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const body = await call("GET", path, { ...query, limit: PAGE, offset });
      const rows = (body[key] as T[] | undefined) ?? [];
      out.push(...rows);
      if (rows.length < PAGE) return out;
    }
  }
  return {
    async listCustomerGroups() {
      const rows = await pages<{ id: string; name: string }>("/admin/customer-groups", "customer_groups", {
        fields: "id,name",
      });
      return rows.map(({ id, name }) => ({ id, name }));
    },
    async createCustomerGroup(name, metadata) {
      const body = await call("POST", "/admin/customer-groups", undefined, { name, metadata });
      const g = body.customer_group as { id: string; name: string };
      return { id: g.id, name: g.name };
    },
    async listGroupCustomerIds(groupId) {
      // Filter again on our side: the groups filter narrows the page, the groups field confirms.
      const rows = await pages<{ id: string; groups?: { id: string }[] }>("/admin/customers", "customers", {
        "groups[]": [groupId],
        fields: "id,*groups",
      });
      return rows
        .filter((c) => (c.groups ?? []).some((g) => g.id === groupId))
        .map((c) => c.id)
        .sort();
    },
    async addCustomersToGroup(groupId, customerIds) {
      await call("POST", `/admin/customer-groups/${encodeURIComponent(groupId)}/customers`, undefined, {
        add: customerIds,
      });
    },
    async removeCustomersFromGroup(groupId, customerIds) {
      await call("POST", `/admin/customer-groups/${encodeURIComponent(groupId)}/customers`, undefined, {
        remove: customerIds,
      });
    },
  };
}
