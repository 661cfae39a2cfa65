// The signer's SHA-256 and HMAC-SHA256 (src/otc/sha256.ts) against node:crypto, on random messages and
// keys of every length around the block boundaries, and against FIPS 180-4's and RFC 4231's examples.
import { createHash, createHmac } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hmacSha256Hex, sha256Hex } from "../src/otc/sha256.js";

const bytes = (text: string) => new TextEncoder().encode(text);
const nodeSha256 = (message: Uint8Array) => createHash("sha256").update(message).digest("hex");
const nodeHmac = (key: Uint8Array, message: Uint8Array) => createHmac("sha256", key).update(message).digest("hex");

describe("sha256Hex", () => {
  it("FIPS 180-4's examples", () => {
    expect(sha256Hex(bytes(""))).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(sha256Hex(bytes("abc"))).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(sha256Hex(bytes("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))).toBe(
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
    );
    expect(sha256Hex(new Uint8Array(1_000_000).fill(0x61))).toBe(
      "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
    );
  });

  it("every length from 0 to 200 bytes (one, two and more blocks, each padding case)", () => {
    const message = Uint8Array.from({ length: 200 }, (_, i) => (i * 151 + 7) & 0xff);
    for (let n = 0; n <= 200; n++)
      expect(sha256Hex(message.subarray(0, n)), `${n} bytes`).toBe(nodeSha256(message.subarray(0, n)));
  });

  it("equals node:crypto on random messages", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (message) => {
        expect(sha256Hex(message)).toBe(nodeSha256(message));
      }),
      { numRuns: 300 },
    );
  });
});

describe("hmacSha256Hex", () => {
  it("RFC 4231's test cases 1, 2, 6 and 7 (a key longer than a block is hashed first)", () => {
    expect(hmacSha256Hex(new Uint8Array(20).fill(0x0b))(bytes("Hi There"))).toBe(
      "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
    );
    expect(hmacSha256Hex(bytes("Jefe"))(bytes("what do ya want for nothing?"))).toBe(
      "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
    );
    const longKey = new Uint8Array(131).fill(0xaa);
    expect(hmacSha256Hex(longKey)(bytes("Test Using Larger Than Block-Size Key - Hash Key First"))).toBe(
      "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
    );
    expect(
      hmacSha256Hex(longKey)(
        bytes(
          "This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.",
        ),
      ),
    ).toBe("9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2");
  });

  it("equals node:crypto on random keys (empty, shorter and longer than a block) and messages, one keyed function for many messages", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 150 }),
        fc.array(fc.uint8Array({ maxLength: 300 }), { minLength: 1, maxLength: 4 }),
        (key, messages) => {
          const mac = hmacSha256Hex(key);
          for (const message of messages) expect(mac(message)).toBe(nodeHmac(key, message));
        },
      ),
      { numRuns: 200 },
    );
  });

  it("every key length from 0 to 130 bytes (shorter than, one and more than a block)", () => {
    const key = Uint8Array.from({ length: 130 }, (_, i) => (i * 37 + 11) & 0xff);
    const message = bytes("message");
    for (let n = 0; n <= 130; n++)
      expect(hmacSha256Hex(key.subarray(0, n))(message), `${n}-byte key`).toBe(nodeHmac(key.subarray(0, n), message));
  });

  it("two keyed functions do not disturb each other", () => {
    const a = hmacSha256Hex(bytes("key a"));
    const b = hmacSha256Hex(new Uint8Array(100).fill(7));
    const message = bytes("x".repeat(70));
    expect([a(message), b(message), a(message)]).toEqual([
      nodeHmac(bytes("key a"), message),
      nodeHmac(new Uint8Array(100).fill(7), message),
      nodeHmac(bytes("key a"), message),
    ]);
  });
});
