import type { Metadata } from "next";

export const metadata: Metadata = { title: "Dashboard" };

/** Placeholder: the dashboard itself is built separately; this keeps the cockpit's landing page live. */
export default function DashboardPage() {
  return <h1>Dashboard</h1>;
}
