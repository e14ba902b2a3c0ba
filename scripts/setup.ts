import { randomInt } from "node:crypto";
import { writeFileSync } from "node:fs";
import { dbOptionsFromEnv, openDb } from "@/db";
import { migrateDb } from "@/db/migrate";
import { authSecret, countOwners, ownerCredentialsSchema, upsertOwner } from "@/lib/auth";

const help = `Usage: npm run setup [-- --credentials-file <path>]

Prepares the database and the owner account:
  1. applies the migrations (safe to repeat);
  2. with OWNER_EMAIL and OWNER_PASSWORD set, creates that owner or sets their new password
     (email must be valid, password at least 12 characters);
  3. with neither set and no owner yet, creates demo credentials (owner@kosha.local and a random
     passphrase) and prints them once;
  4. with neither set and an owner already present, changes nothing.

Options:
  --credentials-file <path>  also write generated demo credentials to <path> as JSON
                             {"email","password"} (mode 600), for a launcher to show again
  -h, --help                 this help

Environment:
  OWNER_EMAIL, OWNER_PASSWORD   the owner account to create or update
  DATABASE_URL                  Postgres (unset: embedded PGlite in $KOSHA_DATA_DIR/pglite)
  AUTH_SECRET                   session key; unset, one is generated and kept in the database`;

const DEMO_EMAIL = "owner@kosha.local";

/** Four groups of five letters and digits (no look-alikes): about 103 bits, easy to type. */
function passphrase(): string {
  const alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
  const group = () => Array.from({ length: 5 }, () => alphabet[randomInt(alphabet.length)]).join("");
  return [group(), group(), group(), group()].join("-");
}

function fail(message: string): never {
  console.error(`setup: ${message}`);
  process.exit(1);
}

const args = process.argv.slice(2);
if (args.includes("--help") || args.includes("-h")) {
  console.log(help);
  process.exit(0);
}
let credentialsFile: string | undefined;
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--credentials-file") {
    credentialsFile = args[++i];
    if (!credentialsFile) fail("--credentials-file needs a path");
  } else {
    fail(`unknown argument ${args[i]} (see --help)`);
  }
}

const email = process.env.OWNER_EMAIL?.trim() || undefined;
const password = process.env.OWNER_PASSWORD || undefined;
if (Boolean(email) !== Boolean(password)) fail("set both OWNER_EMAIL and OWNER_PASSWORD, or neither");
if (email && password) {
  const parsed = ownerCredentialsSchema.safeParse({ email, password });
  if (!parsed.success) {
    fail(parsed.error.issues.map((i) => `OWNER_${String(i.path[0]).toUpperCase()} ${i.message}`).join("; "));
  }
}

const handle = await openDb(dbOptionsFromEnv());
try {
  await migrateDb(handle);
  const { db } = handle;
  // Generated now rather than on the first request, so the app's first sign-in does no extra writes.
  await authSecret(db);

  if (email && password) {
    const { owner, created } = await upsertOwner(db, { email, password });
    console.log(created ? `Created owner ${owner.email}.` : `Updated the password of owner ${owner.email}.`);
  } else if ((await countOwners(db)) > 0) {
    console.log(
      "An owner account already exists; nothing to do. Set OWNER_EMAIL and OWNER_PASSWORD to change it.",
    );
  } else {
    const demo = { email: DEMO_EMAIL, password: passphrase() };
    await upsertOwner(db, demo);
    if (credentialsFile)
      writeFileSync(credentialsFile, JSON.stringify(demo, null, 2) + "\n", { mode: 0o600 });
    console.log(
      [
        "Created a demo owner account. These credentials are shown only now:",
        "",
        `  email:    ${demo.email}`,
        `  password: ${demo.password}`,
        "",
        credentialsFile ? `(also written to ${credentialsFile}, readable only by you)` : "",
        "Change them any time: OWNER_EMAIL=... OWNER_PASSWORD=... npm run setup",
      ]
        .filter((l, i, all) => l !== "" || all[i - 1] !== "")
        .join("\n"),
    );
  }
} finally {
  await handle.close();
}
