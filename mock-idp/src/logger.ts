import { type Logger as PinoLogger, pino } from 'pino'

/**
 * Structured logs (pino). At info level they carry events and opaque ids (interaction, consent, client),
 * never a personal ID number, a name, a code or a token.
 */
export type Logger = PinoLogger

/** A logger at `level`, writing JSON lines to stdout (or nowhere when `silent`). */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'mock-idp' },
    redact: {
      paths: [
        '*.personalId',
        '*.passcode',
        '*.otp',
        '*.token',
        '*.authorization',
        'req.headers.authorization',
      ],
      remove: true,
    },
  })
}
