/**
 * The single error handler: AppError as-is, Fastify's own client errors mapped to the contract's
 * codes, request validation issues as details; everything else is a 500 with a generic message and
 * the request id (the cause goes to the log, never to the client).
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, ERROR_STATUS, type ErrorBody, type ErrorCode, type ErrorDetail } from './errors.ts';
import type { App } from './types.ts';

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'VALIDATION_FAILED',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'VALIDATION_FAILED',
  FST_ERR_CTP_INVALID_JSON_BODY: 'VALIDATION_FAILED',
};

function toAppError(error: FastifyError | Error, request: FastifyRequest): AppError {
  if (error instanceof AppError) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where = (error as FastifyError).validationContext ?? 'request';
    const details: ErrorDetail[] = error.validation.map((issue) => ({
      path: `${where}${issue.instancePath === '/' ? '' : issue.instancePath.replaceAll('/', '.')}`,
      message: issue.message ?? 'is invalid',
    }));
    return new AppError('VALIDATION_FAILED', `The request ${where} is invalid; see details`, { details });
  }
  const raw = error as { code?: unknown; statusCode?: unknown };
  const code = typeof raw.code === 'string' ? raw.code : '';
  const mapped: ErrorCode | undefined = FASTIFY_CODES[code];
  if (mapped) return new AppError(mapped, error.message, { cause: error });
  if (raw.statusCode === 400 && code.startsWith('FST_ERR_CTP')) {
    return new AppError('VALIDATION_FAILED', error.message, { cause: error });
  }
  request.log.error({ err: error }, 'unhandled error');
  return new AppError(
    'INTERNAL',
    'Something went wrong on our side; try again, and report the request id if it persists',
    {
      cause: error,
    },
  );
}

export function registerErrorHandling(app: App): void {
  app.setErrorHandler((error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) => {
    const appError = toAppError(error, request);
    const body: ErrorBody = {
      error: {
        code: appError.code,
        message: appError.message,
        ...(appError.details === undefined ? {} : { details: [...appError.details] }),
        ...(appError.code === 'INTERNAL' ? { requestId: request.id } : {}),
      },
    };
    for (const [name, value] of Object.entries(appError.headers)) void reply.header(name, value);
    // Sent as a string: bypasses the route's response schema (errors have their own, see errors.ts).
    return reply
      .code(ERROR_STATUS[appError.code])
      .type('application/json; charset=utf-8')
      .send(JSON.stringify(body));
  });
  app.setNotFoundHandler((request, reply) => {
    const body: ErrorBody = {
      error: {
        code: 'NOT_FOUND',
        message: `There is no route ${request.method} ${request.url.split('?')[0] ?? ''}`,
      },
    };
    return reply.code(404).type('application/json; charset=utf-8').send(JSON.stringify(body));
  });
}
