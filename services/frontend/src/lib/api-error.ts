// The API's error envelope: { error: { code, message, details? } } (api-contract.md, "Errors").

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: readonly unknown[] = [],
    readonly requestId?: string,
  ) {
    super(message);
  }
}

/** A network failure (API unreachable): different words for the user than an error the API sent. */
export class NetworkError extends Error {
  override readonly name = 'NetworkError';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function toApiError(status: number, body: unknown, fallback: string): ApiError {
  const envelope = isRecord(body) && isRecord(body.error) ? body.error : undefined;
  const code = typeof envelope?.code === 'string' ? envelope.code : `HTTP_${status}`;
  const message = typeof envelope?.message === 'string' ? envelope.message : fallback;
  const details = Array.isArray(envelope?.details) ? (envelope.details as unknown[]) : [];
  const requestId = typeof envelope?.requestId === 'string' ? envelope.requestId : undefined;
  return new ApiError(status, code, message, details, requestId);
}

/** One sentence for the user: what failed, from the error we got. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status >= 500) {
      return `The server failed (${error.status})${error.requestId ? `, request id ${error.requestId}` : ''}.`;
    }
    if (error.status === 429) return 'Too many requests; wait a moment and try again.';
    return error.message;
  }
  if (error instanceof NetworkError) return 'Cannot reach the server. Check your connection.';
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}

export { isRecord };
