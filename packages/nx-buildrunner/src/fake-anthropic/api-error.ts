/** The error bodies the Messages API sends, and the status each type travels with. */

export const ERROR_STATUS = {
  invalid_request_error: 400,
  authentication_error: 401,
  not_found_error: 404,
  rate_limit_error: 429,
  api_error: 500,
  overloaded_error: 529,
} as const;

export type ApiErrorType = keyof typeof ERROR_STATUS;

export interface ApiErrorBody {
  type: 'error';
  error: { type: ApiErrorType; message: string };
}

export function errorBody(type: ApiErrorType, message: string): ApiErrorBody {
  return { type: 'error', error: { type, message } };
}
