/**
 * Password policy and storage (OWASP Password Storage Cheat Sheet, ASVS V6.2): argon2id with explicit
 * parameters (m = 19 MiB, t = 2, p = 1: OWASP's minimum; never trust library defaults), length
 * 8..128 characters counted as code points and never truncated, no composition rules, a check
 * against common passwords.
 */
import { hash, verify, type Options } from '@node-rs/argon2';
import type { ErrorDetail } from '../../http/errors.ts';
import { COMMON_PASSWORDS } from './common-passwords.ts';

// `algorithm` is left at the library's default, Argon2id: its `Algorithm` type is a const enum that
// isolatedModules cannot reference. The tests read the stored PHC string and require `$argon2id$`.
export const ARGON2_OPTIONS: Options = {
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
};

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

/** Problems with a new password, as error details (empty when acceptable). */
export function passwordProblems(password: string, email: string, path: string): ErrorDetail[] {
  // Code points, not UTF-16 units: an emoji is one character of the user's password.
  const length = Array.from(password).length;
  if (length < PASSWORD_MIN) return [{ path, message: `must be at least ${PASSWORD_MIN} characters` }];
  if (length > PASSWORD_MAX) return [{ path, message: `must be at most ${PASSWORD_MAX} characters` }];
  const lowered = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lowered)) {
    return [
      { path, message: 'is one of the most common passwords; choose another (a passphrase works well)' },
    ];
  }
  if (lowered === email.trim().toLowerCase()) return [{ path, message: 'must not be your email address' }];
  return [];
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the same work as a real verification when the account does not exist, so that response
 * time does not tell whether an email is registered (ASVS V6.3.8).
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword('dummy password for timing equalisation');
  await verifyPassword(await dummyHash, password);
  return false;
}
