/** Codes of broken invariants and bad input, mapped to HTTP statuses by the API and to non-retryable job failures. */
export const ERROR_STATUS = {
  BAD_INPUT: 400,
  PACKAGE_REJECTED: 422,
  NOT_FOUND: 404,
  CONFLICT: 409,
  TOO_LARGE: 413,
  CATALOG_INVALID: 422,
  INTERNAL: 500,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  TOO_MANY: 429,
  UNAVAILABLE: 503,
} as const;
export type ErrorCode = keyof typeof ERROR_STATUS;

/** An expected failure with a code; `details` carries what the user needs (file, record, rule). */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
  get status(): number {
    return ERROR_STATUS[this.code];
  }
}
