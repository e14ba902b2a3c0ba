"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { formatInr } from "@/lib/money";
import { istDay } from "@/lib/time";
import styles from "@/components/ui/cockpit-page.module.css";

const PAGE = 50;

interface Member {
  customerId: string;
  email: string | null;
  phone: string | null;
  firstName: string | null;
  lastName: string | null;
  city: string | null;
  since: string;
  reason: string;
  ordersCount: number | null;
  lifetimePaise: number | null;
  lastOrderAt: string | null;
}

interface MembersPage {
  items: Member[];
  total: number;
}

async function fetchMembers(key: string, offset: number): Promise<MembersPage> {
  const res = await fetch(
    `/api/v1/segments/${encodeURIComponent(key)}/members?limit=${PAGE}&offset=${offset}`,
  );
  const body = await res.json();
  if (!res.ok) throw new Error(body?.error?.message ?? `HTTP ${res.status}`);
  return body as MembersPage;
}

/** One segment's members, a page at a time from the API, with a CSV export of all of them. */
export function SegmentMembers({ segmentKey, label }: { segmentKey: string; label: string }) {
  const [offset, setOffset] = useState(0);
  const q = useQuery({
    queryKey: ["segment-members", segmentKey, offset],
    queryFn: () => fetchMembers(segmentKey, offset),
  });
  const total = q.data?.total ?? 0;
  return (
    <div className={styles.card} aria-labelledby="members">
      <div className={styles.row}>
        <h2 id="members">{label}: members</h2>
        <a
          className={styles.button}
          href={`/api/v1/segments/${encodeURIComponent(segmentKey)}/members?format=csv`}
          download
        >
          Export CSV
        </a>
      </div>
      {q.isError && <p className={styles.error}>{(q.error as Error).message}</p>}
      {q.isPending && <p className={styles.empty}>Loading…</p>}
      {q.data && q.data.items.length === 0 && <p className={styles.empty}>Nobody is in this segment yet.</p>}
      {q.data && q.data.items.length > 0 && (
        <table className={styles.table}>
          <thead>
            <tr>
              <th>Customer</th>
              <th>City</th>
              <th>Why</th>
              <th>In since</th>
              <th className={styles.num}>Orders</th>
              <th className={styles.num}>Lifetime</th>
            </tr>
          </thead>
          <tbody>
            {q.data.items.map((m) => (
              <tr key={m.customerId}>
                <td>
                  {[m.firstName, m.lastName].filter(Boolean).join(" ") || m.email || m.phone || m.customerId}
                  {m.email && <div className={styles.rule}>{m.email}</div>}
                </td>
                <td>{m.city ?? ""}</td>
                <td>{m.reason}</td>
                {/* The IST calendar day: slicing the UTC string would show the day before for evening entries. */}
                <td>{istDay(new Date(m.since))}</td>
                <td className={styles.num}>{m.ordersCount ?? 0}</td>
                <td className={styles.num}>{formatInr(m.lifetimePaise ?? 0)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className={styles.row}>
        <button
          className={styles.button}
          disabled={offset === 0}
          onClick={() => setOffset(Math.max(0, offset - PAGE))}
        >
          Previous
        </button>
        <span className={styles.hint}>
          {total === 0 ? "0" : `${offset + 1}–${Math.min(offset + PAGE, total)}`} of{" "}
          {total.toLocaleString("en-IN")}
        </span>
        <button
          className={styles.button}
          disabled={offset + PAGE >= total}
          onClick={() => setOffset(offset + PAGE)}
        >
          Next
        </button>
      </div>
    </div>
  );
}
