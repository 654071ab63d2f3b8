// Typed errors that decide what happens to a job: a permanent error goes to failed/ at once, others retry.
// BullMQ's error class alone, from the file its CommonJS entry (the one Node loads for 'bullmq') exports it from, so
// the class is the same one its workers test with instanceof: importing 'bullmq' itself loads the queue library,
// a fifth of a second at start-up of `copydesk process`, which never touches a queue
import { UnrecoverableError } from 'bullmq/dist/cjs/classes/errors/unrecoverable-error.js';

/** Codes a person reads in failed/*.error.json and in `copydesk process` output. */
export type ErrorCode =
  | 'EMPTY_FILE'
  | 'TOO_LARGE'
  | 'BINARY'
  | 'BAD_ENCODING'
  | 'UNKNOWN_FORMAT'
  | 'MALFORMED'
  | 'UNSAFE_XML'
  | 'NO_CONTENT'
  | 'NOT_A_FILE'
  | 'OUTSIDE_INBOX'
  | 'RAW_MISSING'
  | 'CONFIG'
  | 'STORE_REJECTED'
  /** workers died under the job too often (crashed or killed while processing it) */
  | 'STALLED'
  | 'INTERNAL';

/** Input that can never be processed however often it is retried. BullMQ fails it without retries. */
export class PermanentError extends UnrecoverableError {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'PermanentError';
    this.code = code;
  }
}

/** A fault that may pass (a store or Redis unreachable): retried with backoff. */
export class TransientError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TransientError';
  }
}

/** Configuration that does not validate: every problem listed, one per line. */
export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

export function isPermanent(err: unknown): err is PermanentError {
  return err instanceof PermanentError || (err instanceof Error && err.name === 'UnrecoverableError');
}

/** The error code to report for any thrown value. */
export function errorCode(err: unknown): ErrorCode {
  return err instanceof PermanentError ? err.code : 'INTERNAL';
}
