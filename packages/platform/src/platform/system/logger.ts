/** The process's logger: pino, one JSON line per event, on stdout (servers) or stderr (commands). */
import { pino } from 'pino';
import type { Logger } from '../../kernel/ports.js';

export function createLogger(level: string, to: 'stdout' | 'stderr' = 'stdout'): Logger & pino.Logger {
  return pino(
    { level, redact: ['req.headers.authorization', 'req.headers.cookie'] },
    pino.destination({ dest: to === 'stdout' ? 1 : 2, sync: to === 'stderr' }),
  );
}
