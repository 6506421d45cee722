// A GET that belongs to the page's current choice: when the choice changes before the answer comes (two filters
// changed in a row), the earlier request's answer is dropped instead of drawn over the later one's.
import { useEffect, useState } from 'preact/hooks';
import { api } from './client.js';

/**
 * Fetches `path` (null: nothing to fetch) and again whenever it or `tick` changes. Returns the latest answer, or
 * null while the first is on its way (and, with `keep` false, while any later one is), and the error's message.
 */
export function useGet<T>(
  path: string | null,
  {
    tick = 0,
    keep = true,
    message = (e: unknown) => (e instanceof Error ? e.message : String(e)),
  }: { tick?: number; keep?: boolean; message?: (e: unknown) => string } = {},
): [T | null, string] {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    let stale = false;
    setError('');
    if (!keep) setData(null);
    if (path === null) return;
    api<T>('GET', path)
      .then((d) => !stale && setData(d))
      .catch((e: unknown) => !stale && setError(message(e)));
    return () => {
      stale = true;
    };
  }, [path, tick]);
  return [data, error];
}
