import { randomBytes, scrypt, timingSafeEqual, createHash } from 'node:crypto';

// N = 2^15, r = 8, p = 1: 32 MB and ~160 ms per hash on this machine (OWASP lists N = 2^17 as its first choice);
// the parameters are stored in each hash, so they can be raised later without invalidating existing ones
const N = 1 << 15;
const R = 8;
const P = 1;
const KEY_BYTES = 32;
const MAXMEM = 64 * 1024 * 1024;

function derive(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, KEY_BYTES, { N: n, r, p, maxmem: MAXMEM }, (e, key) => (e ? reject(e) : resolve(key))),
  );
}

/** `scrypt$N$r$p$salt$key` (base64url). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, N, R, P);
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/** Checks a password against a stored hash in constant time; a malformed hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [kind, n, r, p, salt, key] = stored.split('$');
  if (kind !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64url');
  const got = await derive(password, Buffer.from(salt, 'base64url'), Number(n), Number(r), Number(p));
  return got.length === expected.length && timingSafeEqual(got, expected);
}

/** A hash to verify against when the login is unknown, so that the answer takes as long as for a known one. */
export const DUMMY_HASH = `scrypt$${N}$${R}$${P}$${Buffer.alloc(16).toString('base64url')}$${Buffer.alloc(KEY_BYTES).toString('base64url')}`;

/** A random secret (session cookie, API token, CSRF token): 32 bytes, base64url. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** How a secret is stored: its SHA-256 (a stolen table gives no usable session or token). */
export function secretHash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Shortest password `users add` accepts. */
export const MIN_PASSWORD = 10;
