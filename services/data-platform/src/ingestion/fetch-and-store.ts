import type { BronzePartitionWriter } from './bronze/partition-writer.ts';
import { PayloadError, SourceRequestError } from './http/errors.ts';
import type { FetchResult, FetchSpec, Source } from './source.ts';

/**
 * One object: request it, validate it, store it in its bronze partition. Every failure of the
 * source (HTTP, network, unusable body) is recorded in the partition manifest and returned, never
 * thrown; only lake errors propagate, since they concern the whole run.
 */
export async function fetchAndStore(
  source: Source,
  spec: FetchSpec,
  writer: BronzePartitionWriter,
): Promise<FetchResult & { bytes: number }> {
  const method = spec.request.method ?? 'GET';
  let response;
  try {
    response = await source.http.request(spec.request);
  } catch (error) {
    if (!(error instanceof SourceRequestError)) throw error;
    await writer.recordFailure({
      key: spec.key,
      error: error.message,
      url: error.url,
      ...(error.status === undefined ? {} : { httpStatus: error.status }),
      kind: error.kind,
      attempts: error.attempts,
    });
    return { ok: false, error: error.message, bytes: 0 };
  }
  try {
    spec.validate(response.body, response.contentType);
  } catch (error) {
    if (!(error instanceof PayloadError)) throw error;
    const message = `${source.name}: ${method} ${response.url} returned HTTP ${response.status} with an unusable body: ${error.message}`;
    await writer.recordFailure(
      {
        key: spec.key,
        error: message,
        url: response.url,
        httpStatus: response.status,
        kind: 'payload',
        attempts: response.attempts,
      },
      response.body,
    );
    return { ok: false, error: message, bytes: 0 };
  }
  const outcome = await writer.store({
    key: spec.key,
    body: response.body,
    contentType: response.contentType,
    httpStatus: response.status,
    method,
    url: response.url,
    ...(spec.request.body === undefined ? {} : { requestBody: spec.request.body }),
    fetchedAt: response.fetchedAt,
    attempts: response.attempts,
  });
  return {
    ok: true,
    body: response.body,
    outcome,
    bytes: outcome === 'written' ? response.body.byteLength : 0,
  };
}
