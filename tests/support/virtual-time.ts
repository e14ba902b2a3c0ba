import { fixedClock } from "@/lib/time";

/**
 * A clock and a sleep for code that paces itself: sleepers wake in order of their wake-up time,
 * each moving the clock to exactly that instant, so concurrent waits behave as in real time but
 * take none. `sleeps` lists every requested wait.
 */
export function virtualTime(start: string | Date) {
  const clock = fixedClock(start);
  const queue: { at: number; seq: number; resolve: () => void }[] = [];
  const sleeps: number[] = [];
  let seq = 0;
  let draining = false;
  const step = () => {
    if (queue.length === 0) {
      draining = false;
      return;
    }
    queue.sort((a, b) => a.at - b.at || a.seq - b.seq);
    const next = queue.shift()!;
    if (next.at > clock.now().getTime()) clock.set(new Date(next.at));
    next.resolve();
    setImmediate(step);
  };
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      sleeps.push(ms);
      queue.push({ at: clock.now().getTime() + Math.max(0, ms), seq: seq++, resolve });
      if (!draining) {
        draining = true;
        setImmediate(step);
      }
    });
  return { clock, sleep, sleeps };
}
