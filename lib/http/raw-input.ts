import { HttpError } from "./errors";
import { errorReply, type Reply } from "./reply";
import { readText } from "./api-route";

/**
 * A request reduced to what a webhook receiver reads: a header lookup and the raw body, already
 * read. The webhook edge builds one straight from node:http (no Request object or body stream
 * per webhook); a Request becomes one through readRawInput.
 */
export interface RawInput {
  header(name: string): string | null;
  body: string;
}

/** The request's body read under the cap (413 answered here when over), with its headers. */
export async function readRawInput(req: Request, maxBytes: number): Promise<RawInput | Reply> {
  try {
    const body = req.method === "GET" || req.method === "HEAD" ? "" : await readText(req, maxBytes);
    return { header: (name) => req.headers.get(name), body };
  } catch (e) {
    if (e instanceof HttpError) return errorReply(e.status, e.code, e.message);
    throw e;
  }
}
