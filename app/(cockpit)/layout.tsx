import { AppShell } from "@/components/shell/app-shell";
import { Providers } from "@/components/providers";
import { requireOwner } from "@/lib/auth";

/** Every cockpit page is owner-only: no session, straight to /login. */
export default async function CockpitLayout({ children }: { children: React.ReactNode }) {
  const owner = await requireOwner();
  return (
    <AppShell ownerEmail={owner.email}>
      <Providers>{children}</Providers>
    </AppShell>
  );
}
