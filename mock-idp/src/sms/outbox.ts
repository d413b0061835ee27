import { randomBytes, randomInt } from 'node:crypto'
import type { Storage } from '../storage/storage.js'

/** One simulated SMS, as the development outbox shows it. */
export interface SmsMessage {
  id: string
  to: string
  text: string
  sentAt: number
}

const NS = 'sms'
const RETENTION_SEC = 24 * 3600

/**
 * The development SMS gateway: messages are stored, never sent, and listed at `/dev/sms` and in the
 * admin API so a tester (or a browser test) can read the one-time code.
 */
export class SmsOutbox {
  readonly #storage: Storage

  constructor(storage: Storage) {
    this.#storage = storage
  }

  async send(to: string, text: string, now: number): Promise<SmsMessage> {
    const message = { id: randomBytes(8).toString('hex'), to, text, sentAt: now }
    await this.#storage.set(NS, message.id, message, { ttlSec: RETENTION_SEC })
    return message
  }

  async list(limit = 50): Promise<SmsMessage[]> {
    return (await this.#storage.list<SmsMessage>(NS, { limit })).map((entry) => entry.value)
  }
}

/** A 6-digit one-time code from a CSPRNG. */
export function newOtp(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0')
}
