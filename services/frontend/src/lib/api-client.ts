// The one door to the API. Keeps the access token in memory (never in storage), sends it as a Bearer
// token, and keeps the session alive silently: it refreshes shortly before the token expires and, if a
// request still gets 401, refreshes once (the refresh token lives in an HttpOnly cookie) and retries.
// When refreshing fails the session ends cleanly and listeners hear why.
import { ApiError, NetworkError, isRecord, toApiError } from './api-error.ts';

export interface SessionUser {
  id: string;
  email: string;
}

export interface Session {
  user: SessionUser;
  accessToken: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

export type SessionEndReason = 'expired' | 'signed-out';

export interface SessionChange {
  session: Session | null;
  reason?: SessionEndReason;
}

type Query = Record<string, string | number | undefined>;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  query?: Query;
  /** JSON body (an object), or a raw body with its content type. */
  json?: unknown;
  body?: { content: string | Blob; contentType: string };
  /** false for requests that must not carry or refresh the session (sign in, sign up). */
  auth?: boolean;
  /** The path is at the server's root, not under the API base (the /readyz probe). */
  root?: boolean;
  signal?: AbortSignal;
}

export interface ApiClientOptions {
  /** "/api/v1" in the browser; an absolute URL in tests. */
  baseUrl: string;
  fetch?: typeof fetch;
  /** Refresh this long before the access token expires. */
  refreshLeadMs?: number;
}

export interface ApiClient {
  request<T>(path: string, options?: RequestOptions): Promise<T>;
  requestBlob(path: string, options?: RequestOptions): Promise<{ blob: Blob; filename: string | undefined }>;
  register(email: string, password: string): Promise<Session>;
  login(email: string, password: string): Promise<Session>;
  logout(): Promise<void>;
  /** Tries the refresh cookie; resolves to the session or null. Concurrent calls share one request. */
  refresh(): Promise<Session | null>;
  getSession(): Session | null;
  subscribe(listener: (change: SessionChange) => void): () => void;
  dispose(): void;
}

interface AuthResponse {
  user: { id: string | number; email: string };
  accessToken: string;
  expiresIn: number;
}

function isAuthResponse(body: unknown): body is AuthResponse {
  return (
    isRecord(body) &&
    typeof body.accessToken === 'string' &&
    typeof body.expiresIn === 'number' &&
    isRecord(body.user) &&
    typeof body.user.email === 'string'
  );
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const refreshLeadMs = options.refreshLeadMs ?? 60_000;
  const baseUrl = options.baseUrl.replace(/\/$/, '');
  const rootUrl = baseUrl.replace(/\/api\/v\d+$/, '');
  const listeners = new Set<(change: SessionChange) => void>();
  let session: Session | null = null;
  let refreshInFlight: Promise<Session | null> | null = null;
  let refreshTimer: ReturnType<typeof setTimeout> | undefined;

  function url(path: string, query?: Query, root = false): string {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined && value !== '') search.set(key, String(value));
    }
    const qs = search.toString();
    return `${root ? rootUrl : baseUrl}${path}${qs ? `?${qs}` : ''}`;
  }

  function setSession(next: Session | null, reason?: SessionEndReason): void {
    session = next;
    clearTimeout(refreshTimer);
    refreshTimer = undefined;
    if (next) {
      // Silent refresh ahead of expiry, so an idle tab does not meet a 401 on its next click.
      const delay = Math.max(next.expiresAt - Date.now() - refreshLeadMs, 5_000);
      refreshTimer = setTimeout(() => void refresh(), delay);
    }
    const change: SessionChange = reason ? { session: next, reason } : { session: next };
    for (const listener of listeners) listener(change);
  }

  function sessionFrom(body: AuthResponse): Session {
    return {
      user: { id: String(body.user.id), email: body.user.email },
      accessToken: body.accessToken,
      expiresAt: Date.now() + body.expiresIn * 1000,
    };
  }

  async function send(path: string, opts: RequestOptions, token: string | undefined): Promise<Response> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    let body: string | Blob | undefined;
    if (opts.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(opts.json);
    } else if (opts.body) {
      headers['Content-Type'] = opts.body.contentType;
      body = opts.body.content;
    }
    if (token) headers.Authorization = `Bearer ${token}`;
    try {
      return await doFetch(url(path, opts.query, opts.root), {
        method: opts.method ?? (body === undefined ? 'GET' : 'POST'),
        headers,
        ...(body === undefined ? {} : { body }),
        credentials: 'same-origin',
        ...(opts.signal ? { signal: opts.signal } : {}),
      });
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') throw error;
      throw new NetworkError(`Cannot reach the API (${path})`, { cause: error });
    }
  }

  async function readBody(response: Response): Promise<unknown> {
    if (response.status === 204) return undefined;
    const text = await response.text();
    if (text === '') return undefined;
    const type = response.headers.get('content-type') ?? '';
    if (!type.includes('json')) return text;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }

  /** Sends with the session; on 401 refreshes once and retries; on a second failure ends the session. */
  async function sendAuthenticated(path: string, opts: RequestOptions): Promise<Response> {
    if (opts.auth === false) return send(path, opts, undefined);
    const usedToken = session?.accessToken;
    const first = await send(path, opts, usedToken);
    if (first.status !== 401) return first;
    // If another request refreshed while this one was in flight, retry with that token instead of
    // refreshing again (refresh tokens rotate, so a second refresh would use a spent cookie).
    const current = session;
    const renewed = current && current.accessToken !== usedToken ? current : await refresh();
    if (!renewed) return first;
    const second = await send(path, opts, renewed.accessToken);
    if (second.status === 401) setSession(null, 'expired');
    return second;
  }

  async function request<T>(path: string, opts: RequestOptions = {}): Promise<T> {
    const response = await sendAuthenticated(path, opts);
    const body = await readBody(response);
    if (!response.ok)
      throw toApiError(response.status, body, `${opts.method ?? 'GET'} ${path} failed (${response.status})`);
    return body as T;
  }

  async function requestBlob(path: string, opts: RequestOptions = {}) {
    const response = await sendAuthenticated(path, opts);
    if (!response.ok) {
      throw toApiError(
        response.status,
        await readBody(response),
        `Download ${path} failed (${response.status})`,
      );
    }
    const disposition = response.headers.get('content-disposition') ?? '';
    const filename = /filename="?([^";]+)"?/.exec(disposition)?.[1];
    return { blob: await response.blob(), filename };
  }

  async function authenticate(path: string, email: string, password: string): Promise<Session> {
    const body = await request<unknown>(path, { method: 'POST', json: { email, password }, auth: false });
    if (!isAuthResponse(body))
      throw new ApiError(502, 'BAD_RESPONSE', 'The server sent an unexpected sign-in answer.');
    const next = sessionFrom(body);
    setSession(next);
    return next;
  }

  function refresh(): Promise<Session | null> {
    refreshInFlight ??= (async () => {
      const hadSession = session !== null;
      try {
        const response = await send('/auth/refresh', { method: 'POST', auth: false }, undefined);
        const body = await readBody(response);
        if (response.ok && isAuthResponse(body)) {
          const next = sessionFrom(body);
          setSession(next);
          return next;
        }
        setSession(null, hadSession ? 'expired' : undefined);
        return null;
      } catch (error) {
        // Offline is not an expired session: keep the current one and let the request's error show.
        if (error instanceof NetworkError && hadSession) return null;
        setSession(null, hadSession ? 'expired' : undefined);
        return null;
      } finally {
        refreshInFlight = null;
      }
    })();
    return refreshInFlight;
  }

  return {
    request,
    requestBlob,
    register: (email, password) => authenticate('/auth/register', email, password),
    login: (email, password) => authenticate('/auth/login', email, password),
    async logout() {
      try {
        await send('/auth/logout', { method: 'POST' }, session?.accessToken);
      } finally {
        // Signed out locally even if the server could not be told; the cookie expires on its own.
        setSession(null, 'signed-out');
      }
    },
    refresh,
    getSession: () => session,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose() {
      clearTimeout(refreshTimer);
      listeners.clear();
    },
  };
}
