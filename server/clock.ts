/** The server's clock. With the simulator sped up, simulated time runs `speed` times faster. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that starts at the real time and runs `speed` times faster. */
export function scaledClock(speed: number, realNow: () => number = Date.now): Clock {
  if (speed === 1) return { now: realNow };
  const origin = realNow();
  return { now: () => origin + (realNow() - origin) * speed };
}
