// SHA-256 (FIPS 180-4) and HMAC-SHA256 (RFC 2104), what the AK/SK signer needs and nothing more:
// synchronous, in any runtime (no `node:` module, no WebCrypto, whose digests are asynchronous), with
// no allocation per message. Written here rather than taken from @noble/hashes, which this package
// used before: noble's hashes with their generic checks and hash framework were 2.9 kB gzipped of the
// /otc entry, 14% of it (bench part 5); this is about 0.6 kB. Checked against node:crypto on random
// messages and keys, and against FIPS 180-4's examples (test/otc-sha256.test.ts).

/**
 * The round constants K and the initial hash value, as FIPS 180-4 defines them: the first 32 bits of
 * the fractional parts of the cube roots of the first 64 primes, and of the square roots of the first
 * 8. Computed exactly (a float estimate, corrected with BigInt) rather than written out as 72 numbers.
 */
const K = new Int32Array(64);
const INITIAL = new Int32Array(8);
{
  const fraction = (prime: number, power: bigint, estimate: number) => {
    const scaled = BigInt(prime) << (32n * power);
    let root = BigInt(Math.floor(estimate * 2 ** 32));
    while (root ** power > scaled) root--;
    while ((root + 1n) ** power <= scaled) root++;
    return Number(root & 0xffffffffn) | 0;
  };
  for (let candidate = 2, found = 0; found < 64; candidate++) {
    let prime = true;
    for (let d = 2; d * d <= candidate; d++) if (candidate % d === 0) prime = false;
    if (!prime) continue;
    if (found < 8) INITIAL[found] = fraction(candidate, 2n, Math.sqrt(candidate));
    K[found++] = fraction(candidate, 3n, Math.cbrt(candidate));
  }
}

// Scratch space, reused: hashing is synchronous, so no two messages are ever hashed at once.
const schedule = new Int32Array(64);
const state = new Int32Array(8);
const tail = new Uint8Array(128);
const inner = new Uint8Array(32);

/** Runs the compression function over the 64-byte blocks of bytes[0, end) into `into`. */
function compress(into: Int32Array, bytes: Uint8Array, end: number): void {
  const w = schedule;
  for (let at = 0; at < end; at += 64) {
    for (let i = 0; i < 16; i++) {
      const j = at + i * 4;
      w[i] = (bytes[j]! << 24) | (bytes[j + 1]! << 16) | (bytes[j + 2]! << 8) | bytes[j + 3]!;
    }
    for (let i = 16; i < 64; i++) {
      const x = w[i - 15]!;
      const y = w[i - 2]!;
      const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
      const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
      w[i] = (s1 + w[i - 7]! + s0 + w[i - 16]!) | 0;
    }
    let a = into[0]!;
    let b = into[1]!;
    let c = into[2]!;
    let d = into[3]!;
    let e = into[4]!;
    let f = into[5]!;
    let g = into[6]!;
    let h = into[7]!;
    for (let i = 0; i < 64; i++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const t1 = (h + S1 + ((e & f) ^ (~e & g)) + K[i]! + w[i]!) | 0;
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      h = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    into[0] = (into[0]! + a) | 0;
    into[1] = (into[1]! + b) | 0;
    into[2] = (into[2]! + c) | 0;
    into[3] = (into[3]! + d) | 0;
    into[4] = (into[4]! + e) | 0;
    into[5] = (into[5]! + f) | 0;
    into[6] = (into[6]! + g) | 0;
    into[7] = (into[7]! + h) | 0;
  }
}

/**
 * The hash of a prefix already hashed into `start` (`prefixLength` bytes, whole blocks) followed by
 * `message`: the shared state array, valid until the next call.
 */
function digest(start: Int32Array, prefixLength: number, message: Uint8Array): Int32Array {
  state.set(start);
  const whole = message.length & ~63;
  compress(state, message, whole);
  const rest = message.length - whole;
  const end = rest < 56 ? 64 : 128;
  tail.fill(0);
  tail.set(message.subarray(whole));
  tail[rest] = 0x80;
  // The length in bits, a 64-bit big-endian number (a message is far below 2^53 bytes).
  const bits = (prefixLength + message.length) * 8;
  const high = Math.floor(bits / 0x100000000);
  for (let i = 0; i < 4; i++) {
    tail[end - 8 + i] = high >>> (24 - i * 8);
    tail[end - 4 + i] = bits >>> (24 - i * 8);
  }
  compress(state, tail, end);
  return state;
}

function hex(words: Int32Array): string {
  let out = "";
  for (let i = 0; i < 8; i++) out += (words[i]! >>> 0).toString(16).padStart(8, "0");
  return out;
}

function bytesOf(words: Int32Array, out: Uint8Array): Uint8Array {
  for (let i = 0; i < 32; i++) out[i] = words[i >> 2]! >>> (24 - (i & 3) * 8);
  return out;
}

/** Hex SHA-256 of `message`. */
export function sha256Hex(message: Uint8Array): string {
  return hex(digest(INITIAL, 0, message));
}

/** Hex HMAC-SHA256 under one key: the key's two pad blocks are hashed here, once, not per message. */
export function hmacSha256Hex(key: Uint8Array): (message: Uint8Array) => string {
  const block = new Uint8Array(64);
  block.set(key.length > 64 ? bytesOf(digest(INITIAL, 0, key), inner) : key);
  const keyed = (pad: number) => {
    const start = INITIAL.slice();
    compress(
      start,
      block.map((byte) => byte ^ pad),
      64,
    );
    return start;
  };
  const innerStart = keyed(0x36);
  const outerStart = keyed(0x5c);
  return (message) => hex(digest(outerStart, 64, bytesOf(digest(innerStart, 64, message), inner)));
}
