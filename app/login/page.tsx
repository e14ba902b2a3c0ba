import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { currentOwner, parseSignInError, signInErrorMessage } from "@/lib/auth";
import { LoginForm } from "./login-form";
import styles from "./login.module.css";

export const metadata: Metadata = { title: "Sign in" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** Only paths on this site, so a crafted link cannot bounce a fresh session elsewhere. */
function safeCallbackUrl(value: string | string[] | undefined): string {
  const v = Array.isArray(value) ? value[0] : value;
  return v && v.startsWith("/") && !v.startsWith("//") && !v.startsWith("/\\") ? v : "/dashboard";
}

export default async function LoginPage({ searchParams }: Props) {
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(params.callbackUrl);
  if (await currentOwner()) redirect(callbackUrl);
  const error = parseSignInError(Array.isArray(params.error) ? params.error[0] : params.error);
  return (
    <main className={styles.page}>
      <section className={styles.card} aria-labelledby="login-title">
        <div className={styles.brand}>
          <span className={styles.mark} aria-hidden>
            K
          </span>
          <span>Kosha</span>
        </div>
        <h1 id="login-title" className={styles.title}>
          Sign in to your cockpit
        </h1>
        <p className={styles.lede}>Owner access for the store&apos;s revenue, journeys and campaigns.</p>
        <LoginForm callbackUrl={callbackUrl} initialError={error ? signInErrorMessage(error) : null} />
      </section>
    </main>
  );
}
