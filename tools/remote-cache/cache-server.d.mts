export declare const DEFAULT_MAX_ENTRY_BYTES: number;

export interface CacheServerOptions {
  /** Folder holding one file per entry, named by its hash. Created when missing. */
  dir: string;
  /** Bearer token allowed to read and write. */
  token: string;
  /** Bearer tokens allowed to read only: their PUTs get 403, which Nx takes as "not stored". */
  readOnlyTokens?: string[];
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: a free port. */
  port?: number;
  /** Largest entry a PUT may announce; default 256 MiB. */
  maxEntryBytes?: number;
  onEvent?: (event: CacheEvent) => void;
}

export type CacheOutcome =
  | 'hit'
  | 'miss'
  | 'stored'
  | 'conflict'
  | 'forbidden'
  | 'unauthorized'
  | 'no-length'
  | 'too-large'
  | 'incomplete'
  | 'aborted'
  | 'bad-hash'
  | 'error';

export interface CacheEvent {
  time: string;
  method?: string;
  hash?: string;
  /** HTTP status sent; 0 when the client went away first. */
  status: number;
  outcome: CacheOutcome;
  bytes?: number;
  error?: string;
}

export interface CacheServer {
  url: string;
  port: number;
  dir: string;
  /** The latest requests (up to 10,000), oldest first. */
  events: CacheEvent[];
  stats(): Partial<Record<CacheOutcome, number>>;
  close(): Promise<void>;
}

export declare function startCacheServer(options: CacheServerOptions): Promise<CacheServer>;
