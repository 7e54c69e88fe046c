const SECRET_PARAMS =
  /^(api[-_]?key|apikey|key|token|access[-_]?token|crumb|signature|x-amz-signature|password|secret)$/i;

/** The URL as it may be written to logs and manifests: secret query parameters masked. */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  if (parsed.username || parsed.password) {
    parsed.username = 'REDACTED';
    parsed.password = '';
  }
  for (const name of [...parsed.searchParams.keys()]) {
    if (SECRET_PARAMS.test(name)) parsed.searchParams.set(name, 'REDACTED');
  }
  return parsed.toString();
}
