// Node's fetch keeps no cookies. The browser does, and the session depends on it (the refresh token is an
// HttpOnly cookie scoped to /api/v1/auth), so tests wrap fetch with a small cookie jar that follows the
// same rules the client relies on: Set-Cookie stores, Max-Age=0 deletes, and a cookie is sent only to
// paths under its Path.

interface StoredCookie {
  value: string;
  path: string;
}

export interface CookieFetch {
  fetch: typeof fetch;
  cookies: Map<string, StoredCookie>;
}

export function createCookieFetch(): CookieFetch {
  const cookies = new Map<string, StoredCookie>();
  const cookieFetch: typeof fetch = async (input, init) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const headers = new Headers(init?.headers);
    const matching = [...cookies.entries()].filter(([, cookie]) => url.pathname.startsWith(cookie.path));
    if (matching.length > 0)
      headers.set('cookie', matching.map(([name, cookie]) => `${name}=${cookie.value}`).join('; '));
    const response = await fetch(url, { ...init, headers });
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
      const separator = pair.indexOf('=');
      const name = pair.slice(0, separator);
      const value = pair.slice(separator + 1);
      const path =
        attributes.find((attribute) => attribute.toLowerCase().startsWith('path='))?.slice(5) ?? '/';
      const expired = attributes.some((attribute) => /^max-age=0$/i.test(attribute)) || value === '';
      if (expired) cookies.delete(name);
      else cookies.set(name, { value, path });
    }
    return response;
  };
  return { fetch: cookieFetch, cookies };
}
