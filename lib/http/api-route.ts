import { randomUUID } from "node:crypto";
import { z } from "zod";
import { appDb, type Db } from "@/db";
import { authenticateRequest, type Identity } from "@/lib/auth";
import { describeIssues, errorResponse, HttpError, zodIssues } from "./errors";

type Schema = z.ZodType | undefined;
type Parsed<S extends Schema> = S extends z.ZodType ? z.infer<S> : undefined;

export interface ApiContext<Q extends Schema, B extends Schema, A extends "owner" | "public"> {
  req: Request;
  params: Record<string, string>;
  query: Parsed<Q>;
  body: Parsed<B>;
  db: Db;
  identity: A extends "owner" ? Identity : Identity | null;
  requestId: string;
}

export interface ApiRouteOptions<Q extends Schema, B extends Schema, A extends "owner" | "public"> {
  /** "owner": a signed-in session or a Bearer API token, else 401. */
  auth: A;
  query?: Q;
  body?: B;
  /** Larger JSON bodies are refused with 413 before parsing. Default 1 MiB. */
  maxBodyBytes?: number;
}

type RouteContext = { params: Promise<Record<string, string | string[]>> };

/**
 * The one way a JSON API route is written: check who is asking, parse input with the domain's zod
 * schema, call the handler; errors become `{ error: { code, message, issues? } }` with a 4xx, and
 * anything unexpected is logged with the request id and answered 500 without internals.
 */
export function apiRoute<
  Q extends Schema = undefined,
  B extends Schema = undefined,
  A extends "owner" | "public" = "owner",
>(opts: ApiRouteOptions<Q, B, A>, handler: (ctx: ApiContext<Q, B, A>) => Promise<Response | unknown>) {
  return async (req: Request, routeCtx?: RouteContext): Promise<Response> => {
    const requestId = req.headers.get("x-request-id") ?? randomUUID();
    try {
      const { db } = await appDb();
      const identity = await authenticateRequest(req, db);
      if (opts.auth === "owner" && !identity) {
        return errorResponse(
          401,
          "unauthorized",
          "Sign in or send an API token as `Authorization: Bearer <token>`.",
        );
      }
      // Next.js 16 resolves `params` to undefined for routes without dynamic segments.
      const rawParams = (routeCtx ? await routeCtx.params : undefined) ?? {};
      const params = Object.fromEntries(
        Object.entries(rawParams).map(([k, v]) => [k, Array.isArray(v) ? v.join("/") : v]),
      );
      const query = opts.query
        ? parseOrThrow(opts.query, Object.fromEntries(new URL(req.url).searchParams), "query")
        : undefined;
      const body = opts.body
        ? parseOrThrow(opts.body, await readJson(req, opts.maxBodyBytes ?? 1024 * 1024), "body")
        : undefined;
      const result = await handler({
        req,
        params,
        query: query as Parsed<Q>,
        body: body as Parsed<B>,
        db,
        identity: identity as ApiContext<Q, B, A>["identity"],
        requestId,
      });
      return result instanceof Response ? result : Response.json(result);
    } catch (e) {
      if (e instanceof HttpError) return errorResponse(e.status, e.code, e.message, e.issues);
      console.error(
        JSON.stringify({ level: "error", requestId, url: req.url, error: String((e as Error)?.stack ?? e) }),
      );
      return errorResponse(500, "internal", `Something went wrong; quote request id ${requestId}.`);
    }
  };
}

function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, where: "query" | "body"): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issues = zodIssues(parsed.error);
    throw new HttpError(400, `invalid_${where}`, `Invalid ${where}: ${describeIssues(issues)}`, issues);
  }
  return parsed.data;
}

/** Reads a JSON body with a size cap, so an oversized post is refused without buffering it all. */
export async function readJson(req: Request, maxBytes: number): Promise<unknown> {
  const text = await readText(req, maxBytes);
  if (text.trim() === "") throw new HttpError(400, "invalid_body", "Request body is empty; send JSON.");
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, "invalid_body", "Request body is not valid JSON.");
  }
}

export async function readText(req: Request, maxBytes: number): Promise<string> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw new HttpError(413, "payload_too_large", `Body over ${maxBytes} bytes.`);
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new HttpError(413, "payload_too_large", `Body over ${maxBytes} bytes.`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}
