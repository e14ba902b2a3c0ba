import net from "node:net";

/*
 * The load benches' HTTP client: keep-alive HTTP/1.1 over plain sockets, one request in flight
 * per connection, each request written as one buffer and each answer read only for its status
 * and body. The bench shares the machine's two cores with the app and Postgres, and node:http's
 * client spent ~0.3-0.5 ms of CPU per request (agent, streams, events: profiled in bench:ingest),
 * CPU the app's figures paid for although a real sender posts from another machine. This costs a
 * tenth of that, as wrk or autocannon do.
 */

export interface LeanAnswer {
  status: number;
  body: string;
}

type Pending = { resolve: (a: LeanAnswer) => void; reject: (e: Error) => void; timer: NodeJS.Timeout };

class Connection {
  readonly socket: net.Socket;
  private buf: Buffer = Buffer.alloc(0);
  pending: Pending | undefined;
  closed = false;

  constructor(host: string, port: number, onFree: (c: Connection) => void, onGone: (c: Connection) => void) {
    this.socket = net.connect({ host, port, noDelay: true });
    this.socket.on("data", (chunk: Buffer) => {
      this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
      const answer = this.parse();
      if (!answer || !this.pending) return;
      const p = this.pending;
      this.pending = undefined;
      clearTimeout(p.timer);
      if (answer.close) this.close();
      else onFree(this);
      p.resolve({ status: answer.status, body: answer.body });
    });
    const fail = (e: Error) => {
      this.closed = true;
      onGone(this);
      const p = this.pending;
      this.pending = undefined;
      if (p) {
        clearTimeout(p.timer);
        p.reject(e);
      }
    };
    this.socket.on("error", fail);
    this.socket.on("close", () => fail(new Error("connection closed")));
  }

  send(request: Buffer, p: Pending): void {
    this.pending = p;
    this.socket.write(request);
  }

  close(): void {
    this.closed = true;
    this.socket.destroy();
  }

  /** One whole answer off the buffer, or undefined while it is still arriving. */
  private parse(): { status: number; body: string; close: boolean } | undefined {
    const end = this.buf.indexOf("\r\n\r\n");
    if (end < 0) return undefined;
    const head = this.buf.toString("latin1", 0, end);
    const status = Number(head.slice(9, 12));
    const lower = head.toLowerCase();
    const close = /\r\nconnection: *close/.test(lower);
    const length = /\r\ncontent-length: *(\d+)/.exec(lower);
    let bodyEnd: number;
    let body: string;
    if (length) {
      bodyEnd = end + 4 + Number(length[1]);
      if (this.buf.length < bodyEnd) return undefined;
      body = this.buf.toString("utf8", end + 4, bodyEnd);
    } else if (/\r\ntransfer-encoding: *chunked/.test(lower)) {
      const last = this.buf.indexOf("\r\n0\r\n\r\n", end);
      if (last < 0) return undefined;
      bodyEnd = last + 7;
      body = dechunk(this.buf.toString("utf8", end + 4, bodyEnd));
    } else {
      bodyEnd = end + 4;
      body = "";
    }
    this.buf = this.buf.subarray(bodyEnd);
    return { status, body, close };
  }
}

function dechunk(s: string): string {
  let out = "";
  let i = 0;
  for (;;) {
    const eol = s.indexOf("\r\n", i);
    const size = parseInt(s.slice(i, eol), 16);
    if (!size) return out;
    out += s.slice(eol + 2, eol + 2 + size);
    i = eol + 2 + size + 2;
  }
}

export class LeanHttpClient {
  private readonly idle: Connection[] = [];
  private readonly all = new Set<Connection>();
  private readonly host: string;
  private readonly port: number;
  private readonly hostHeader: string;

  constructor(
    base: string,
    private readonly timeoutMs = 10_000,
  ) {
    const url = new URL(base);
    this.host = url.hostname;
    this.port = Number(url.port || 80);
    this.hostHeader = url.host;
  }

  /** POSTs body to path with these headers (Content-Length is added) on a free connection. */
  post(path: string, headers: Record<string, string>, body: string): Promise<LeanAnswer> {
    const bytes = Buffer.from(body, "utf8");
    let head = `POST ${path} HTTP/1.1\r\nhost: ${this.hostHeader}\r\ncontent-length: ${bytes.length}\r\n`;
    for (const [k, v] of Object.entries(headers)) head += `${k}: ${v}\r\n`;
    const request = Buffer.concat([Buffer.from(`${head}\r\n`, "latin1"), bytes]);
    return new Promise((resolve, reject) => {
      const conn = this.take();
      const timer = setTimeout(() => {
        conn.close();
        reject(new Error("timed out"));
      }, this.timeoutMs);
      conn.send(request, { resolve, reject, timer });
    });
  }

  close(): void {
    for (const c of this.all) c.close();
    this.all.clear();
    this.idle.length = 0;
  }

  private take(): Connection {
    for (;;) {
      const c = this.idle.pop();
      if (!c) break;
      if (!c.closed) return c;
    }
    const c = new Connection(
      this.host,
      this.port,
      (free) => this.idle.push(free),
      (gone) => this.all.delete(gone),
    );
    this.all.add(c);
    return c;
  }
}
