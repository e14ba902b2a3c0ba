/** Injected wherever "now" matters, so tests pass a fixed clock instead of mocking Date. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export function fixedClock(
  at: Date | string,
): Clock & { advance(ms: number): void; set(to: Date | string): void } {
  let t = new Date(at).getTime();
  return {
    now: () => new Date(t),
    advance(ms) {
      t += ms;
    },
    set(to) {
      t = new Date(to).getTime();
    },
  };
}
