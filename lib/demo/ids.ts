import type { Rng } from "./random";

/*
 * Medusa v2 ids are a prefix plus a ULID (`order_01JC…`): 10 Crockford base32 characters of
 * millisecond time, then 16 random ones. Drawing the random part from the seeded Rng keeps ids
 * realistic, time-sortable and deterministic.
 */
const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

export function medusaId(prefix: string, atMs: number, rng: Rng): string {
  let time = "";
  let t = Math.max(0, Math.floor(atMs));
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[t % 32]! + time;
    t = Math.floor(t / 32);
  }
  let rand = "";
  for (let w = 0; w < 3; w++) {
    let bits = rng.u32();
    const n = w === 2 ? 4 : 6;
    for (let i = 0; i < n; i++) {
      rand += CROCKFORD[bits & 31]!;
      bits >>>= 5;
    }
  }
  return `${prefix}_${time}${rand}`;
}
