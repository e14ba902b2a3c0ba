import { serve } from "inngest/next";
import { inngest } from "@/inngest/client";
import { functions } from "@/inngest/functions";

export const dynamic = "force-dynamic";

/** The endpoint an Inngest server (Dev Server, Cloud, self-hosted) calls to sync and run functions. */
export const { GET, POST, PUT } = serve({ client: inngest, functions });
