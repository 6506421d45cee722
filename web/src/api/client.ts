// The API client: same origin, the session cookie, and the CSRF token on state-changing requests.
// Every failure becomes an ApiError with a message in Russian a user can read (never a stack trace).
// The types of the API's answers are in the modules beside this one, one per area of the application.
import type { Got, Posted } from './schema.js';

/** The signed-in user and the session's CSRF token (GET /api/auth/me). */
export type Me = Got<'/api/auth/me'>;
/** The answer of signing in (POST /api/auth/login). */
export type LoginAnswer = Posted<'/api/auth/login'>;
export type User = Me['user'];

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

let csrf: string | null = null;

/** Sets the CSRF token of the current session (from login or /api/auth/me). */
export function setCsrf(token: string | null): void {
  csrf = token;
}

/** The CSRF token of the current session, for requests made without `api` (an upload with progress). */
export const csrfToken = (): string | null => csrf;

const STATUS_TEXT: Record<number, string> = {
  400: 'Неверные данные запроса',
  401: 'Нужно войти в систему',
  403: 'Недостаточно прав для этого действия',
  404: 'Не найдено',
  409: 'Конфликт с текущим состоянием данных',
  413: 'Файл слишком большой',
  422: 'Данные отклонены',
  429: 'Слишком много попыток, повторите позже',
};

/** A readable message for a failed response: the status in Russian, then the server's own message. */
export function errorText(status: number, body: unknown): string {
  const head = STATUS_TEXT[status] ?? (status >= 500 ? 'Ошибка сервера' : `Ошибка ${status}`);
  const msg = body && typeof body === 'object' && 'message' in body ? String((body as { message: unknown }).message) : '';
  return msg && status < 500 ? `${head}: ${msg}` : head;
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrf) headers['x-csrf-token'] = csrf;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'Сервер недоступен: проверьте, что omsx serve запущен');
  }
  if (res.status === 204) return undefined as T;
  const data: unknown = await res.json().catch(() => null);
  if (!res.ok) throw new ApiError(res.status, errorText(res.status, data));
  return data as T;
}

export const qs = (params: Record<string, string | number | undefined>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
};
