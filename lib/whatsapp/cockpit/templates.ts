import { asc } from "drizzle-orm";
import type { Db } from "@/db";
import { waTemplates } from "@/db/schema";

/*
 * Templates as the owner reads them: name, category, Meta's verdict and why, and the body text
 * with its {{n}} placeholders (the part a broadcast fills in).
 */
export interface TemplateRow {
  name: string;
  language: string;
  category: string;
  status: string;
  problem: string | null;
  body: string;
  /** How many {{n}} placeholders the body has: the parameters a send must fill. */
  params: number;
  updatedAt: Date;
}

export function templateBody(components: unknown): string {
  if (!Array.isArray(components)) return "";
  const body = components.find(
    (c): c is { text: string } =>
      typeof c === "object" && c !== null && String((c as { type?: unknown }).type).toUpperCase() === "BODY",
  );
  return typeof body?.text === "string" ? body.text : "";
}

export function placeholderCount(text: string): number {
  return new Set([...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1])).size;
}

export async function listTemplates(db: Db): Promise<TemplateRow[]> {
  const rows = await db.select().from(waTemplates).orderBy(asc(waTemplates.name), asc(waTemplates.language));
  return rows.map((t) => {
    const body = templateBody(t.components);
    return {
      name: t.name,
      language: t.language,
      category: t.category,
      status: t.status,
      problem: t.problem,
      body,
      params: placeholderCount(body),
      updatedAt: t.updatedAt,
    };
  });
}
