// The logger factory: pretty lines for people on a terminal, JSON lines for machines; always on stderr,
// so that commands whose output is data (`copydesk process`) keep stdout clean.
import pino, { type Logger } from 'pino';

export type { Logger };

export interface LoggerOptions {
  level: string;
  /** Force JSON (true) or pretty (false); default: pretty when stderr is a terminal. */
  json?: boolean;
  name?: string;
}

export function createLogger(options: LoggerOptions): Logger {
  const json = options.json ?? (process.env.COPYDESK_LOG_FORMAT === 'json' || !process.stderr.isTTY);
  const base = { level: options.level, name: options.name ?? 'copydesk', redact: ['redisUrl', '*.password', 'token', 'secret', '*.secret', 'headers.authorization'] };
  if (json) return pino(base, pino.destination({ fd: 2, sync: false }));
  return pino({
    ...base,
    transport: { target: 'pino-pretty', options: { destination: 2, colorize: true, ignore: 'pid,hostname', translateTime: 'HH:MM:ss.l' } },
  });
}
