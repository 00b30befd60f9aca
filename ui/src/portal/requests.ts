import type { Key } from '../common/i18n';
import type { RequestType } from './portalApi';

/**
 * What is wrong with a request before it is sent (the server checks the same): a correction must say what is wrong.
 * Returns the message key, or null when it can be sent.
 */
export function requestProblem(type: RequestType, details: string): Key | null {
  if (type === 'CORRECTION' && details.trim() === '') return 'portal.requests.detailsRequired';
  return null;
}
