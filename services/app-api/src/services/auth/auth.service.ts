/**
 * Sign-up, sign-in, refresh-token rotation with reuse detection (RFC 9700 §4.14.2), logout and
 * password change. Every refresh marks the presented token used and issues its child in the same
 * family; presenting a used or revoked token revokes the whole family (the legitimate holder then
 * has to sign in again, which is the point: one of the two holders is a thief).
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { AppError } from '../../http/errors.ts';
import * as refreshTokens from '../../db/refresh-tokens.repository.ts';
import * as users from '../../db/users.repository.ts';
import type { AppDatabase } from '../../db/schema.ts';
import type { ApiSettings } from '../../settings.ts';
import { RateLimiter } from '../rate-limiter.ts';
import { hashPassword, passwordProblems, verifyAgainstDummy, verifyPassword } from './passwords.ts';
import { hashRefreshToken, newRefreshToken, signAccessToken } from './tokens.ts';

export interface Session {
  readonly user: { readonly id: string; readonly email: string };
  readonly accessToken: string;
  readonly expiresIn: number;
  readonly refreshToken: string;
  readonly refreshExpiresAt: Date;
}

export interface AuthServiceDeps {
  readonly db: Kysely<AppDatabase>;
  readonly settings: ApiSettings;
  readonly clock: () => Date;
}

const LOGIN_FAILED = 'Email or password is incorrect';

export class AuthService {
  private readonly deps: AuthServiceDeps;
  private readonly perIp: RateLimiter;
  private readonly perAccount: RateLimiter;

  constructor(deps: AuthServiceDeps) {
    this.deps = deps;
    const now = (): number => deps.clock().getTime();
    this.perIp = new RateLimiter(deps.settings.rateLimits.authPerIp, now);
    this.perAccount = new RateLimiter(deps.settings.rateLimits.loginFailuresPerAccount, now);
  }

  async register(email: string, password: string, ip: string): Promise<Session> {
    this.throttle(this.perIp.check(ip).retryAfterSeconds);
    this.perIp.hit(ip);
    const problems = passwordProblems(password, email, 'body.password');
    if (problems.length > 0) {
      throw new AppError('VALIDATION_FAILED', 'The password does not meet the rules', { details: problems });
    }
    const user = await users.insertUser(this.deps.db, email, await hashPassword(password));
    if (!user) {
      throw new AppError(
        'CONFLICT',
        'This email cannot be registered; sign in instead, or use another email',
      );
    }
    return this.startSession(user);
  }

  async login(email: string, password: string, ip: string): Promise<Session> {
    const account = users.emailKey(email);
    // Both limits are checked before any work, and the same way for known and unknown accounts.
    this.throttle(
      Math.max(this.perIp.check(ip).retryAfterSeconds, this.perAccount.check(account).retryAfterSeconds),
    );
    this.perIp.hit(ip);
    const user = await users.findUserByEmail(this.deps.db, email);
    const ok =
      user === undefined
        ? await verifyAgainstDummy(password)
        : await verifyPassword(user.passwordHash, password);
    if (!user || !ok) {
      this.perAccount.hit(account);
      throw new AppError('UNAUTHENTICATED', LOGIN_FAILED);
    }
    this.perAccount.reset(account);
    return this.startSession(user);
  }

  async refresh(token: string | undefined): Promise<Session> {
    const invalid = new AppError(
      'UNAUTHENTICATED',
      'The refresh token is missing, invalid, expired or revoked; sign in again',
    );
    if (token === undefined || token === '') throw invalid;
    const now = this.deps.clock();
    const outcome = await this.deps.db.transaction().execute(async (tx) => {
      const row = await refreshTokens.findRefreshTokenForUpdate(tx, hashRefreshToken(token));
      if (!row) return { kind: 'invalid' as const };
      if (row.usedAt !== null || row.revokedAt !== null) {
        // Reuse of a rotated (or revoked) token: revoke the family, and commit that.
        await refreshTokens.revokeFamily(tx, row.familyId, 'reuse detected', now);
        return { kind: 'invalid' as const };
      }
      if (row.expiresAt.getTime() <= now.getTime()) return { kind: 'invalid' as const };
      const user = await users.findUserById(tx, row.userId);
      if (!user) return { kind: 'invalid' as const };
      await refreshTokens.markRefreshTokenUsed(tx, row.id, now);
      const next = await this.issueRefreshToken(tx, user.id, row.familyId, row.id, now);
      return { kind: 'ok' as const, user, next };
    });
    if (outcome.kind === 'invalid') throw invalid;
    return this.session(outcome.user, outcome.next, now);
  }

  /** Revokes the family of the given refresh token; unknown tokens are ignored (logout is idempotent). */
  async logout(token: string | undefined): Promise<void> {
    if (token === undefined || token === '') return;
    const now = this.deps.clock();
    await this.deps.db.transaction().execute(async (tx) => {
      const row = await refreshTokens.findRefreshTokenForUpdate(tx, hashRefreshToken(token));
      if (row) await refreshTokens.revokeFamily(tx, row.familyId, 'logout', now);
    });
  }

  async changePassword(userId: string, currentPassword: string, newPassword: string): Promise<void> {
    const user = await users.findUserById(this.deps.db, userId);
    if (!user) throw new AppError('UNAUTHENTICATED', 'The account no longer exists');
    const account = users.emailKey(user.email);
    this.throttle(this.perAccount.check(account).retryAfterSeconds);
    if (!(await verifyPassword(user.passwordHash, currentPassword))) {
      this.perAccount.hit(account);
      throw new AppError('UNPROCESSABLE', 'The current password is incorrect', {
        details: [{ path: 'body.currentPassword', message: 'is incorrect' }],
      });
    }
    const problems = passwordProblems(newPassword, user.email, 'body.newPassword');
    if (problems.length > 0) {
      throw new AppError('VALIDATION_FAILED', 'The new password does not meet the rules', {
        details: problems,
      });
    }
    const now = this.deps.clock();
    const newHash = await hashPassword(newPassword);
    await this.deps.db.transaction().execute(async (tx) => {
      await users.updatePasswordHash(tx, userId, newHash, now);
      // Every session (every device) ends with a credential change (ASVS V7.4.3).
      await refreshTokens.revokeAllForUser(tx, userId, 'password changed', now);
    });
  }

  private throttle(retryAfterSeconds: number): void {
    if (retryAfterSeconds <= 0) return;
    throw new AppError('RATE_LIMITED', `Too many attempts; try again in ${retryAfterSeconds} s`, {
      headers: { 'retry-after': String(retryAfterSeconds) },
    });
  }

  private async startSession(user: users.UserRow): Promise<Session> {
    const now = this.deps.clock();
    const next = await this.issueRefreshToken(this.deps.db, user.id, randomUUID(), null, now);
    return this.session(user, next, now);
  }

  private async issueRefreshToken(
    db: Parameters<typeof refreshTokens.insertRefreshToken>[0],
    userId: string,
    familyId: string,
    parentId: string | null,
    now: Date,
  ): Promise<{ token: string; expiresAt: Date }> {
    const token = newRefreshToken();
    const expiresAt = new Date(now.getTime() + this.deps.settings.refreshTokenTtlDays * 86_400_000);
    await refreshTokens.insertRefreshToken(db, {
      userId,
      familyId,
      parentId,
      tokenHash: hashRefreshToken(token),
      expiresAt,
      now,
    });
    return { token, expiresAt };
  }

  private async session(
    user: users.UserRow,
    refresh: { token: string; expiresAt: Date },
    now: Date,
  ): Promise<Session> {
    return {
      user: { id: user.id, email: user.email },
      accessToken: await signAccessToken(user.id, this.deps.settings, now),
      expiresIn: this.deps.settings.accessTokenTtlSeconds,
      refreshToken: refresh.token,
      refreshExpiresAt: refresh.expiresAt,
    };
  }
}
