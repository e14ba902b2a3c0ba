import type { z } from "zod";
import { errorReply, replyResponse } from "./reply";

/** An error that is the caller's to fix: answered as `{ error: { code, message, issues? } }`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues?: unknown[],
  ) {
    super(message);
    this.name = "HttpError";
  }
}

export function errorResponse(status: number, code: string, message: string, issues?: unknown[]): Response {
  return replyResponse(errorReply(status, code, message, issues));
}

/** zod issues as `{ path, message }` so a client can point at the bad field. */
export function zodIssues(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message }));
}

export function describeIssues(issues: { path: string; message: string }[]): string {
  return issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join("; ");
}
