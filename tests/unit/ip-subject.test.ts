// ipSubject: the key per-address rate limits count under. An IPv6 client is counted per /64
// (one subscriber's allocation), an IPv4-mapped IPv6 address as its IPv4 address. Checked
// against literal cases and, for random addresses, against node:net's BlockList.
import net from "node:net";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ipSubject } from "../../server/auth/rate-limit.ts";

const mapped = new net.BlockList();
mapped.addSubnet("::ffff:0:0", 96, "ipv6");

/** A BlockList holding the /64 that ipSubject named. */
function subnetOf(subject: string): net.BlockList {
  expect(subject).toMatch(/^[0-9a-f]{1,4}(:[0-9a-f]{1,4}){3}::\/64$/);
  const list = new net.BlockList();
  list.addSubnet(subject.slice(0, -"/64".length), 64, "ipv6");
  return list;
}

const hextet = fc.integer({ min: 0, max: 0xffff }).map((n) => n.toString(16));

describe("ipSubject", () => {
  it("keeps IPv4 addresses and non-addresses as they are", () => {
    expect(ipSubject("203.0.113.9")).toBe("203.0.113.9");
    expect(ipSubject("127.0.0.1")).toBe("127.0.0.1");
    expect(ipSubject("unknown")).toBe("unknown");
    expect(ipSubject("someone@example.com")).toBe("someone@example.com");
    expect(ipSubject("")).toBe("");
  });

  it("counts an IPv4-mapped IPv6 address as its IPv4 address, in either notation", () => {
    expect(ipSubject("::ffff:203.0.113.9")).toBe("203.0.113.9");
    expect(ipSubject("::FFFF:203.0.113.9")).toBe("203.0.113.9");
    expect(ipSubject("::ffff:cb00:7109")).toBe("203.0.113.9");
    expect(ipSubject("0:0:0:0:0:ffff:cb00:7109")).toBe("203.0.113.9");
    expect(ipSubject("::ffff:0.0.0.0")).toBe("0.0.0.0");
  });

  it("counts an IPv6 address as its /64, whatever its notation", () => {
    expect(ipSubject("2001:db8:1:2:3:4:5:6")).toBe("2001:db8:1:2::/64");
    expect(ipSubject("2001:0DB8:0001:0002:ffff:ffff:ffff:ffff")).toBe("2001:db8:1:2::/64");
    expect(ipSubject("2001:db8:1:2::")).toBe("2001:db8:1:2::/64");
    expect(ipSubject("2001:db8:1:3::1")).toBe("2001:db8:1:3::/64");
    expect(ipSubject("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(ipSubject("::1")).toBe("0:0:0:0::/64");
    expect(ipSubject("::")).toBe("0:0:0:0::/64");
    expect(ipSubject("64:ff9b::192.0.2.33")).toBe("64:ff9b:0:0::/64");
    expect(ipSubject("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
  });

  it("names the /64 that BlockList finds the address in (random addresses)", () => {
    fc.assert(
      fc.property(fc.ipV6(), (a) => {
        fc.pre(!mapped.check(a, "ipv6"));
        expect(subnetOf(ipSubject(a)).check(a, "ipv6")).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it("gives two addresses the same subject exactly when they share a /64 (random pairs)", () => {
    fc.assert(
      fc.property(fc.ipV6(), fc.ipV6(), (a, b) => {
        fc.pre(!mapped.check(a, "ipv6") && !mapped.check(b, "ipv6"));
        expect(ipSubject(a) === ipSubject(b)).toBe(subnetOf(ipSubject(a)).check(b, "ipv6"));
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.ipV6(), fc.array(hextet, { minLength: 4, maxLength: 4 }), (a, low) => {
        fc.pre(!mapped.check(a, "ipv6"));
        const prefix = ipSubject(a).slice(0, -"::/64".length);
        const sibling = `${prefix}:${low.join(":")}`;
        fc.pre(!mapped.check(sibling, "ipv6"));
        expect(ipSubject(sibling)).toBe(ipSubject(a));
      }),
      { numRuns: 2000 },
    );
  });

  it("maps every IPv4-mapped address to the IPv4 address (random addresses)", () => {
    fc.assert(
      fc.property(fc.ipV4(), (v4) => {
        expect(ipSubject(`::ffff:${v4}`)).toBe(v4);
        const [a, b, c, d] = v4.split(".").map(Number) as [number, number, number, number];
        expect(ipSubject(`::ffff:${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`)).toBe(v4);
      }),
      { numRuns: 1000 },
    );
  });
});
