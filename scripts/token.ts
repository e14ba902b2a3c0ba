import { dbOptionsFromEnv, openDb } from "@/db";
import { createApiToken, listApiTokens, revokeApiToken } from "@/lib/auth";

const help = `Usage:
  npm run token -- create --name <name>   create an API token and print it (shown this once)
  npm run token -- list                   list tokens (never the tokens themselves)
  npm run token -- revoke <id>            revoke a token; it stops working at once

Use a token as \`Authorization: Bearer <token>\` on /api/v1/*. Works on the configured database
(DATABASE_URL, else embedded PGlite in $KOSHA_DATA_DIR/pglite). The embedded PGlite database can
be opened by one process at a time: stop the app first, or create tokens in Settings → API tokens.`;

function fail(message: string, showHelp = true): never {
  console.error(showHelp ? `token: ${message}\n\n${help}` : `token: ${message}`);
  process.exit(1);
}

const [command, ...rest] = process.argv.slice(2);
if (!command || command === "--help" || command === "-h" || rest.includes("--help")) {
  console.log(help);
  process.exit(command ? 0 : 1);
}

function fmt(d: Date | null): string {
  return d ? d.toISOString() : "-";
}

const handle = await openDb(dbOptionsFromEnv());
try {
  const { db } = handle;
  if (command === "create") {
    const i = rest.indexOf("--name");
    const name = i >= 0 ? rest[i + 1] : undefined;
    if (!name) fail("create needs --name <name>");
    const created = await createApiToken(db, { name });
    console.log(`Created token "${created.name}" (id ${created.id}). Copy it now; it is not shown again:\n`);
    console.log(created.token);
  } else if (command === "list") {
    const tokens = await listApiTokens(db);
    if (tokens.length === 0) console.log("No API tokens.");
    for (const t of tokens) {
      console.log(
        [t.id, t.name, `${t.prefix}…`, `created ${fmt(t.createdAt)}`, `last used ${fmt(t.lastUsedAt)}`]
          .concat(t.revokedAt ? [`REVOKED ${fmt(t.revokedAt)}`] : ["active"])
          .join("  "),
      );
    }
  } else if (command === "revoke") {
    const id = rest[0];
    if (!id) fail("revoke needs the token id (see `npm run token -- list`)");
    const token = await revokeApiToken(db, id);
    if (!token) fail(`no token with id ${id}`, false);
    console.log(`Revoked "${token.name}" (id ${token.id}) at ${fmt(token.revokedAt)}.`);
  } else {
    fail(`unknown command ${command}`);
  }
} finally {
  await handle.close();
}
