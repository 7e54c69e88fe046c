/**
 * Access tokens: JWT, HS256 only, typ `at+jwt`, issuer/audience fixed, lifetime ≤ 15 min (RFC 8725,
 * ASVS V9). The verifier allows exactly one algorithm and checks signature, exp/nbf, iss, aud, typ
 * and the required claims; `kid`/`jku`/`jwk` headers are ignored (the key is ours, never fetched).
 * Refresh tokens: 256 random bits, opaque, stored only as SHA-256.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';
import { AppError } from '../../http/errors.ts';
import type { ApiSettings } from '../../settings.ts';

export const ACCESS_TOKEN_TYPE = 'at+jwt';
const ALGORITHM = 'HS256';
const CLOCK_TOLERANCE_SECONDS = 5;

export type TokenSettings = Pick<ApiSettings, 'jwtSecret' | 'issuer' | 'audience' | 'accessTokenTtlSeconds'>;

export async function signAccessToken(userId: string, settings: TokenSettings, now: Date): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: ALGORITHM, typ: ACCESS_TOKEN_TYPE })
    .setSubject(userId)
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setIssuedAt(iat)
    .setNotBefore(iat)
    .setExpirationTime(iat + settings.accessTokenTtlSeconds)
    .setJti(randomUUID())
    .sign(settings.jwtSecret);
}

/**
 * Tokens that passed every check, remembered per settings object (so a token is never accepted under
 * other settings than it was verified with). A client sends the same token for up to 15 minutes, and
 * verifying one (WebCrypto key import + HMAC + claims) was most of an authenticated cache hit's CPU.
 * A remembered token is still re-checked against `now` exactly as jose checks exp, nbf and iat; a
 * failure is never remembered. Access tokens cannot be revoked before expiry anyway (stateless JWT).
 */
interface VerifiedToken {
  readonly sub: string;
  readonly exp: number;
  readonly nbf: number;
  readonly iat: number;
}
const verifiedTokens = new WeakMap<TokenSettings, Map<string, VerifiedToken>>();
const MAX_VERIFIED_TOKENS = 10_000;

/** jose's time checks (seconds, floor of now), applied to a token whose signature was verified. */
function withinLifetime(token: VerifiedToken, settings: TokenSettings, now: Date): boolean {
  const t = Math.floor(now.getTime() / 1000);
  const tolerance = CLOCK_TOLERANCE_SECONDS;
  const maxAge = settings.accessTokenTtlSeconds + CLOCK_TOLERANCE_SECONDS;
  return (
    token.exp > t - tolerance &&
    token.nbf <= t + tolerance &&
    token.iat <= t + tolerance &&
    t - token.iat - tolerance <= maxAge
  );
}

/** The user id of a valid access token; a 401 AppError otherwise (without saying which check failed). */
export async function verifyAccessToken(token: string, settings: TokenSettings, now: Date): Promise<string> {
  let remembered = verifiedTokens.get(settings);
  const hit = remembered?.get(token);
  if (hit !== undefined && withinLifetime(hit, settings, now)) return hit.sub;
  try {
    const { payload } = await jwtVerify(token, settings.jwtSecret, {
      algorithms: [ALGORITHM],
      issuer: settings.issuer,
      audience: settings.audience,
      typ: ACCESS_TOKEN_TYPE,
      requiredClaims: ['sub', 'exp', 'iat', 'nbf', 'jti'],
      maxTokenAge: settings.accessTokenTtlSeconds + CLOCK_TOLERANCE_SECONDS,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      currentDate: now,
    });
    const { sub, exp, nbf, iat } = payload;
    if (typeof sub !== 'string' || sub === '') throw new Error('no subject');
    if (exp !== undefined && nbf !== undefined && iat !== undefined) {
      if (remembered === undefined) {
        remembered = new Map();
        verifiedTokens.set(settings, remembered);
      }
      if (remembered.size >= MAX_VERIFIED_TOKENS) remembered.clear(); // crude, bounded, rare
      remembered.set(token, { sub, exp, nbf, iat });
    }
    return sub;
  } catch (error) {
    remembered?.delete(token);
    throw new AppError(
      'UNAUTHENTICATED',
      'The access token is missing, invalid or expired; sign in again or refresh it',
      {
        cause: error,
      },
    );
  }
}

export function newRefreshToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
