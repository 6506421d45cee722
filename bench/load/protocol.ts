/** What bench/worklist-load.bench.ts sends its load-generator process (bench/load/client.ts) and gets back. */
export interface ClientPlan {
  base: string;
  period: string;
  smos: string[];
  users: { login: string; password: string; role: string; smo: string | null }[];
  /** Shares of the requests: worklist pages, case cards, personal data (sum 1). */
  mix: { worklist: number; card: number; person: number };
  /** Mean of the exponential think time; 0 = none (saturation). */
  thinkMs: number;
  rampMs: number;
  warmupMs: number;
  durationMs: number;
  pageSize: number;
  /** Deepest page a user jumps to (a fifth of the pages it asks for are drawn up to it). */
  maxPage: number;
  seed: number;
}

export interface EndpointStats {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  errors: number;
  statuses: Record<string, number>;
}

export interface ClientResult {
  endpoints: Record<string, EndpointStats>;
  seconds: number;
  signInSeconds: number;
  signInP50: number;
  signInMax: number;
  lastError: string;
}
