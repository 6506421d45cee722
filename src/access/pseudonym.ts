import { createHmac } from 'node:crypto';
import { AppError } from '../errors.js';

/**
 * The pseudonymous person key for analytics, features, scores and exports: HMAC-SHA256 of the stored person key
 * under `OMSX_PSEUDONYM_KEY`, 128 bits in hex. The same person gets the same pseudonym within an installation (so
 * analyses can link a person's cases); without the key it cannot be reversed or recomputed from an ENP or a name.
 */
export function pseudonym(key: string, personKey: string): string {
  return createHmac('sha256', key).update(personKey, 'utf8').digest('hex').slice(0, 32);
}

/** The pseudonymiser of a configuration; refuses to work without a key (checked when the API starts). */
export function pseudonymizer(config: { pseudonymKey?: string }): (personKey: string) => string {
  const key = config.pseudonymKey;
  if (!key || key.length < 32) throw new AppError('INTERNAL', 'OMSX_PSEUDONYM_KEY is not configured (≥ 32 characters)');
  return (personKey) => pseudonym(key, personKey);
}
