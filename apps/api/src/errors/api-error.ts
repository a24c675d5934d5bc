import { HttpException } from '@nestjs/common';

/** The one error shape every Herald endpoint answers with. */
export interface ErrorBody {
  error: { code: string; message: string; field?: string };
}

export class ApiError extends HttpException {
  /** Sent as Retry-After with the answer (a 429 or 503 that will pass). */
  retryAfterSeconds?: number;

  constructor(status: number, code: string, message: string, field?: string) {
    const body: ErrorBody = { error: { code, message, ...(field ? { field } : {}) } };
    super(body, status);
  }

  static retryAfter(status: number, code: string, message: string, seconds: number): ApiError {
    const error = new ApiError(status, code, message);
    error.retryAfterSeconds = seconds;
    return error;
  }

  static validation(field: string, message: string): ApiError {
    return new ApiError(400, 'validation_failed', message, field);
  }

  static notFound(what: string): ApiError {
    return new ApiError(404, 'not_found', `${what} not found`);
  }
}
