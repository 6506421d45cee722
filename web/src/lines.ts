// The worklist line a case card was opened from (its score and reasons), kept for the browser tab.
import type { WorklistLine } from './api/worklists.js';

export function rememberLine(l: WorklistLine): void {
  sessionStorage.setItem(`line.${l.id}`, JSON.stringify(l));
}

export function recallLine(itemId: string | null): WorklistLine | null {
  if (!itemId) return null;
  const s = sessionStorage.getItem(`line.${itemId}`);
  return s ? (JSON.parse(s) as WorklistLine) : null;
}
