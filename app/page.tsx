import { redirect } from "next/navigation";

/** The cockpit's front door is the dashboard (which sends anyone not signed in to /login). */
export default function Home() {
  redirect("/dashboard");
}
