import styles from "./whatsapp.module.css";
import { count, istDateTime } from "./format";

export interface TransportBannerProps {
  mode: "live" | "sandbox";
  /** Requests the sandbox has recorded, and when the last one came in. */
  sandboxRequests: number;
  lastSandboxAt: Date | null;
}

/**
 * Whether messages really go out. In sandbox mode nothing reaches a customer: every request is
 * recorded instead, and the owner must never mistake that for a sent campaign.
 */
export function TransportBanner({ mode, sandboxRequests, lastSandboxAt }: TransportBannerProps) {
  const live = mode === "live";
  return (
    <div
      className={`${styles.banner} ${live ? styles.live : ""}`}
      data-testid="transport-mode"
      data-mode={mode}
      role="status"
    >
      <span className={styles.mode}>{live ? "Live" : "Sandbox"}</span>
      {live ? (
        <span>Messages go to customers through the WhatsApp Cloud API.</span>
      ) : (
        <>
          <span>
            No credentials set: <strong>nothing reaches a customer</strong>. Every request is checked as Meta
            would and recorded instead.
          </span>
          <a href="/whatsapp/sandbox" data-testid="sandbox-count" data-value={sandboxRequests}>
            {count(sandboxRequests)} requests recorded
            {lastSandboxAt ? `, last ${istDateTime(lastSandboxAt)}` : ""}
          </a>
          <span>Set WHATSAPP_TOKEN and WHATSAPP_PHONE_NUMBER_ID to go live.</span>
        </>
      )}
    </div>
  );
}
