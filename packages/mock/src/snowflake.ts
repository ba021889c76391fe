// Message ids as the servers make them: 63-bit snowflakes, far above 2^53, so a client that reads
// them as plain JSON numbers loses precision against the mock as it would against the server.

let last = 0n;

/** A new id, larger than every id this process gave before: the time in ms, shifted left 20 bits, plus a counter. */
export function nextSnowflake(): bigint {
  const fromClock = BigInt(Date.now()) << 20n;
  last = fromClock > last ? fromClock : last + 1n;
  return last;
}
