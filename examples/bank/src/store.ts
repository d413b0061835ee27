/**
 * The bank's own records, in SQLite (better-sqlite3): accounts, the customer data copied from VNeID at
 * account opening, the signed consent receipts that prove what the citizen agreed to, and transfers
 * (including the large ones waiting for a level-2 confirmation).
 */
import { randomBytes, randomInt } from 'node:crypto'
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs'
import { dirname } from 'node:path'
import type { AttributeName, ConsentReceipt } from '@dinhdanh/client'
import type { SignInRecord } from '@dinhdanh/express'
import Database from 'better-sqlite3'

/** `ekyc`: opened online with VNeID; `demo`: an existing customer's account, created at first sign-in. */
export type AccountKind = 'ekyc' | 'demo'

/** One payment account (one per citizen in this demo). */
export interface Account {
  number: string
  subject: string
  kind: AccountKind
  /** Đồng. */
  balance: number
  openedAt: number
}

/** What the bank copied from VNeID at account opening (eKYC). `undefined` once deleted. */
export interface Customer {
  fullName: string
  personalId: string
  birthDate: string | undefined
  gender: string | undefined
  address: string | undefined
  phone: string | undefined
  idCardNumber: string | undefined
  idCardKind: string | undefined
  idCardIssued: string | undefined
  idCardExpires: string | undefined
  idCardIssuedBy: string | undefined
  /** When the bank deleted the data above after the citizen withdrew the consent (epoch seconds). */
  personalDataDeletedAt: number | undefined
}

/** A stored consent receipt: the provider's signed JWT and what it says. */
export interface StoredReceipt {
  consentId: string
  accountNumber: string
  receiptJwt: string
  purpose: string
  attributes: AttributeName[]
  method: string
  grantedAt: number
  verifiedAt: number
  status: 'active' | 'withdrawn'
  withdrawnAt: number | undefined
}

/** A transfer: `pending` waits for its strong confirmation; `cancelled` was refused or expired. */
export interface Transfer {
  id: string
  accountNumber: string
  subject: string
  recipient: string
  amount: number
  note: string
  status: 'pending' | 'done' | 'cancelled'
  /** The level of assurance of the session that executed it. */
  level: number | undefined
  createdAt: number
  /** When it was requested, in epoch milliseconds (sign-ins are ordered against it, not seconds). */
  createdAtMs: number
  /** The sign-in ({@link Authentication.signIn} id) that confirmed it, for a confirmed large transfer. */
  confirmedBySignIn: string | undefined
  executedAt: number | undefined
}

/** Above this amount (đồng), one online transfer needs strong authentication (level 2, every time). */
export const LARGE_TRANSFER_LIMIT = 10_000_000

/** Above this total of one Vietnamese calendar day (đồng), every further transfer needs it too. */
export const DAILY_TRANSFER_LIMIT = 20_000_000

/** Vietnam is UTC+7 all year (no daylight saving). */
const VIETNAM_OFFSET_SEC = 7 * 3600

/**
 * The start (epoch seconds) of the Vietnamese calendar day (UTC+7) that contains `epochSec`: the daily
 * limit counts from midnight in Hà Nội, not in UTC.
 *
 * @example
 * ```ts
 * vietnamDayStart(Date.UTC(2026, 0, 1, 17, 0, 0) / 1000) // 2026-01-02 00:00 in Hà Nội = 2026-01-01T17:00Z
 * ```
 */
export function vietnamDayStart(epochSec: number): number {
  return Math.floor((epochSec + VIETNAM_OFFSET_SEC) / 86_400) * 86_400 - VIETNAM_OFFSET_SEC
}

/**
 * Whether this authentication may confirm this pending transfer: level 2, and a sign-in that demanded a
 * new authentication from VNeID (`prompt=login`, not its single sign-on) and was started after the
 * transfer was requested (milliseconds on this server's clock). `auth_time` cannot decide it: it has a
 * one-second resolution, and a sign-in answered from the provider's single sign-on carries the old one.
 * The store also lets each sign-in confirm only one transfer ({@link BankStore.confirmTransfer}).
 *
 * @example
 * ```ts
 * confirms(transfer, { level: 2, signIn: req.eid.signIn }) // false for the sign-in that asked for it
 * ```
 */
export function confirms(transfer: Transfer, session: Authentication): boolean {
  return (
    session.level >= 2 &&
    session.signIn !== undefined &&
    session.signIn.reauthenticated &&
    session.signIn.startedAt > transfer.createdAtMs
  )
}

/** Opening balance of every demo account. */
export const OPENING_BALANCE = 50_000_000

const SCHEMA = `
CREATE TABLE IF NOT EXISTS accounts (
  number TEXT PRIMARY KEY,
  subject TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('ekyc', 'demo')),
  balance INTEGER NOT NULL CHECK (balance >= 0),
  opened_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS customers (
  account_number TEXT PRIMARY KEY REFERENCES accounts(number),
  full_name TEXT NOT NULL,
  personal_id TEXT NOT NULL,
  birth_date TEXT, gender TEXT, address TEXT, phone TEXT,
  id_card_number TEXT, id_card_kind TEXT, id_card_issued TEXT, id_card_expires TEXT, id_card_issued_by TEXT,
  personal_data_deleted_at INTEGER
);
CREATE TABLE IF NOT EXISTS consent_receipts (
  consent_id TEXT PRIMARY KEY,
  account_number TEXT NOT NULL REFERENCES accounts(number),
  receipt_jwt TEXT NOT NULL,
  purpose TEXT NOT NULL,
  attributes TEXT NOT NULL,
  method TEXT NOT NULL,
  granted_at INTEGER NOT NULL,
  verified_at INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('active', 'withdrawn')),
  withdrawn_at INTEGER
);
CREATE TABLE IF NOT EXISTS transfers (
  id TEXT PRIMARY KEY,
  account_number TEXT NOT NULL REFERENCES accounts(number),
  subject TEXT NOT NULL,
  recipient TEXT NOT NULL,
  amount INTEGER NOT NULL CHECK (amount > 0),
  note TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'done', 'cancelled')),
  level INTEGER,
  created_at INTEGER NOT NULL,
  created_at_ms INTEGER,
  confirmed_by_sign_in TEXT,
  executed_at INTEGER
);
CREATE INDEX IF NOT EXISTS transfers_by_day ON transfers (account_number, status, executed_at);
-- Every consent the provider told us was withdrawn, even one the bank holds no receipt for (yet): an
-- account opening that fetched its receipt just before the withdrawal checks it before storing.
CREATE TABLE IF NOT EXISTS withdrawn_consents (
  consent_id TEXT PRIMARY KEY,
  withdrawn_at INTEGER NOT NULL
);
`

type Row = Record<string, unknown>
const now = () => Math.floor(Date.now() / 1000)
const opt = (value: unknown) => (value === null || value === undefined ? undefined : String(value))

function toAccount(row: Row): Account {
  return {
    number: String(row.number),
    subject: String(row.subject),
    kind: row.kind as AccountKind,
    balance: Number(row.balance),
    openedAt: Number(row.opened_at),
  }
}

function toTransfer(row: Row): Transfer {
  return {
    id: String(row.id),
    accountNumber: String(row.account_number),
    subject: String(row.subject),
    recipient: String(row.recipient),
    amount: Number(row.amount),
    note: String(row.note),
    status: row.status as Transfer['status'],
    level: row.level === null ? undefined : Number(row.level),
    createdAt: Number(row.created_at),
    // A transfer stored before milliseconds were: the end of its second, so no sign-in of that second
    // counts as made after it.
    createdAtMs:
      row.created_at_ms === null || row.created_at_ms === undefined
        ? Number(row.created_at) * 1000 + 999
        : Number(row.created_at_ms),
    confirmedBySignIn: opt(row.confirmed_by_sign_in),
    executedAt: row.executed_at === null ? undefined : Number(row.executed_at),
  }
}

/** What opening an account stores, all in one database transaction. */
export interface OpeningRecord {
  subject: string
  customer: Omit<Customer, 'personalDataDeletedAt'>
  receipts: readonly { jwt: string; receipt: ConsentReceipt }[]
  /**
   * The consent given in the VNeID app (sharing by transaction, src/routes/share.ts): the gateway gives a
   * consent id, no signed receipt. Stored with the receipts, method `app`, no JWT.
   */
  appConsent?: { consentId: string; purpose: string; attributes: readonly AttributeName[]; grantedAt: number }
}

/**
 * The placeholder subject of an account opened by sharing from the VNeID app: no sign-in happened, so
 * there is no VNeID `sub` yet; the customer's first internet-banking sign-in takes the account over
 * ({@link BankStore.claimAppOpenedAccount}).
 */
export const appOpenedSubject = (personalId: string) => `vneid-app:${personalId}`

/** Thrown when a transfer cannot be made (the page explains it). */
export class TransferRefused extends Error {
  constructor(
    readonly reason:
      | 'insufficient_funds'
      | 'not_pending'
      | 'expired'
      /** The confirmation did not come from a level-2 authentication made after the request. */
      | 'reauthentication_required',
  ) {
    super(`transfer refused: ${reason}`)
  }
}

/** Thrown by {@link BankStore.openAccount} when one of its consents was withdrawn meanwhile. */
export class ConsentWithdrawnMeanwhile extends Error {
  constructor(readonly consentId: string) {
    super('a consent of this account opening was withdrawn')
  }
}

/** How long a large transfer waits for its level-2 confirmation. */
export const PENDING_TTL_SEC = 600

/** The authentication of the session making or confirming a transfer. */
export interface Authentication {
  level: number
  /** `req.eid.signIn`: the sign-in behind the session (a new id at every callback). */
  signIn: SignInRecord | undefined
}

/**
 * Creates the folder of the database file (mode 0700 when it creates it) and the file itself with mode
 * 0600 before SQLite opens it: it holds personal data (addresses, phone numbers, ID-card details).
 */
export function prepareDatabaseFile(file: string): void {
  if (file === ':memory:' || file === '') return
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 })
  closeSync(openSync(file, 'a', 0o600))
  restrictDatabaseFiles(file)
}

/** Mode 0600 on the database and, when they exist, its WAL and shared-memory files. */
function restrictDatabaseFiles(file: string): void {
  for (const path of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(path)) chmodSync(path, 0o600)
}

/**
 * The bank's SQLite database (`:memory:` by default; a file in `server.ts`).
 *
 * @example
 * ```ts
 * const bank = new BankStore('.data/bank.sqlite')
 * const account = bank.accountOf(req.eid.subject)
 * ```
 */
export class BankStore {
  readonly db: Database.Database

  constructor(file = ':memory:') {
    prepareDatabaseFile(file)
    this.db = new Database(file)
    if (file !== ':memory:') this.db.pragma('journal_mode = WAL')
    this.db.pragma('foreign_keys = ON')
    this.db.exec(SCHEMA)
    // A database made by an earlier version of this example: add what is new.
    const columns = (this.db.prepare('PRAGMA table_info(transfers)').all() as Row[]).map((c) => c.name)
    if (!columns.includes('created_at_ms')) {
      this.db.exec('ALTER TABLE transfers ADD COLUMN created_at_ms INTEGER')
    }
    if (!columns.includes('confirmed_by_sign_in')) {
      this.db.exec('ALTER TABLE transfers ADD COLUMN confirmed_by_sign_in TEXT')
    }
    // One authentication confirms one transfer, even with two confirmations racing (NULLs may repeat).
    this.db.exec(
      'CREATE UNIQUE INDEX IF NOT EXISTS transfers_confirmed_by ON transfers (confirmed_by_sign_in)',
    )
    if (file !== ':memory:') restrictDatabaseFiles(file)
  }

  accountOf(subject: string | undefined): Account | undefined {
    if (!subject) return undefined
    const row = this.db.prepare('SELECT * FROM accounts WHERE subject = ?').get(subject) as Row | undefined
    return row && toAccount(row)
  }

  #insertAccount(subject: string, kind: AccountKind): Account {
    const openedAt = now()
    for (;;) {
      // 12 digits starting with 68 (the demo bank's prefix); retried on the rare collision.
      const number = `68${String(randomInt(0, 10_000_000_000)).padStart(10, '0')}`
      const result = this.db
        .prepare(
          'INSERT OR IGNORE INTO accounts (number, subject, kind, balance, opened_at) VALUES (?, ?, ?, ?, ?)',
        )
        .run(number, subject, kind, OPENING_BALANCE, openedAt)
      if (result.changes === 1) return { number, subject, kind, balance: OPENING_BALANCE, openedAt }
      const existing = this.accountOf(subject)
      if (existing) return existing
    }
  }

  /** The account of an existing customer signing in to internet banking (demo: created on first sign-in). */
  ensureDemoAccount(subject: string): Account {
    return this.accountOf(subject) ?? this.#insertAccount(subject, 'demo')
  }

  /**
   * Opens an account after eKYC: the account, the customer data and every verified receipt, in one
   * transaction (all stored or nothing). Idempotent: when the citizen already has an account (a double
   * submit), nothing is stored and `created` is false. Throws {@link ConsentWithdrawnMeanwhile} (nothing
   * stored) when the provider reported one of the receipts' consents withdrawn, for instance between the
   * moment the receipt was fetched and now.
   */
  openAccount(record: OpeningRecord): { account: Account; created: boolean } {
    return this.db
      .transaction(() => {
        const existing = this.accountOf(record.subject)
        if (existing) return { account: existing, created: false }
        const withdrawn = this.db.prepare('SELECT 1 FROM withdrawn_consents WHERE consent_id = ?')
        for (const { receipt } of record.receipts) {
          if (withdrawn.get(receipt.consentId)) throw new ConsentWithdrawnMeanwhile(receipt.consentId)
        }
        const app = record.appConsent
        if (app && withdrawn.get(app.consentId)) throw new ConsentWithdrawnMeanwhile(app.consentId)
        const account = this.#insertAccount(record.subject, 'ekyc')
        const c = record.customer
        this.db
          .prepare(
            `INSERT INTO customers (account_number, full_name, personal_id, birth_date, gender, address, phone,
            id_card_number, id_card_kind, id_card_issued, id_card_expires, id_card_issued_by)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            account.number,
            c.fullName,
            c.personalId,
            c.birthDate ?? null,
            c.gender ?? null,
            c.address ?? null,
            c.phone ?? null,
            c.idCardNumber ?? null,
            c.idCardKind ?? null,
            c.idCardIssued ?? null,
            c.idCardExpires ?? null,
            c.idCardIssuedBy ?? null,
          )
        const insert = this.db.prepare(
          `INSERT INTO consent_receipts (consent_id, account_number, receipt_jwt, purpose, attributes, method,
          granted_at, verified_at, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'active')`,
        )
        for (const { jwt, receipt } of record.receipts) {
          insert.run(
            receipt.consentId,
            account.number,
            jwt,
            receipt.purpose,
            JSON.stringify(receipt.attributes),
            receipt.method,
            receipt.grantedAt,
            now(),
          )
        }
        if (app) {
          this.db
            .prepare(
              `INSERT INTO consent_receipts (consent_id, account_number, receipt_jwt, purpose, attributes, method,
              granted_at, verified_at, status) VALUES (?, ?, '', ?, ?, 'app', ?, ?, 'active')`,
            )
            .run(
              app.consentId,
              account.number,
              app.purpose,
              JSON.stringify(app.attributes),
              app.grantedAt,
              now(),
            )
        }
        return { account, created: true }
      })
      .immediate()
  }

  /** The account whose stored customer has this personal number (opened online, one way or the other). */
  accountOfPersonalId(personalId: string): Account | undefined {
    const row = this.db
      .prepare(
        'SELECT a.* FROM accounts a JOIN customers c ON c.account_number = a.number WHERE c.personal_id = ?',
      )
      .get(personalId) as Row | undefined
    return row && toAccount(row)
  }

  /**
   * Gives an account opened by sharing from the VNeID app ({@link appOpenedSubject}) to the VNeID `sub` of
   * the same citizen's first internet-banking sign-in, unless that `sub` already has an account. Returns
   * whether it did.
   */
  claimAppOpenedAccount(subject: string, personalId: string): boolean {
    const result = this.db
      .prepare(
        'UPDATE accounts SET subject = ? WHERE subject = ? AND NOT EXISTS (SELECT 1 FROM accounts WHERE subject = ?)',
      )
      .run(subject, appOpenedSubject(personalId), subject)
    return result.changes === 1
  }

  customerOf(accountNumber: string): Customer | undefined {
    const row = this.db.prepare('SELECT * FROM customers WHERE account_number = ?').get(accountNumber) as
      | Row
      | undefined
    if (!row) return undefined
    return {
      fullName: String(row.full_name),
      personalId: String(row.personal_id),
      birthDate: opt(row.birth_date),
      gender: opt(row.gender),
      address: opt(row.address),
      phone: opt(row.phone),
      idCardNumber: opt(row.id_card_number),
      idCardKind: opt(row.id_card_kind),
      idCardIssued: opt(row.id_card_issued),
      idCardExpires: opt(row.id_card_expires),
      idCardIssuedBy: opt(row.id_card_issued_by),
      personalDataDeletedAt:
        row.personal_data_deleted_at === null ? undefined : Number(row.personal_data_deleted_at),
    }
  }

  receiptsOf(accountNumber: string): StoredReceipt[] {
    const rows = this.db
      .prepare('SELECT * FROM consent_receipts WHERE account_number = ? ORDER BY granted_at DESC')
      .all(accountNumber) as Row[]
    return rows.map((row) => ({
      consentId: String(row.consent_id),
      accountNumber: String(row.account_number),
      receiptJwt: String(row.receipt_jwt),
      purpose: String(row.purpose),
      attributes: JSON.parse(String(row.attributes)) as AttributeName[],
      method: String(row.method),
      grantedAt: Number(row.granted_at),
      verifiedAt: Number(row.verified_at),
      status: row.status as StoredReceipt['status'],
      withdrawnAt: row.withdrawn_at === null ? undefined : Number(row.withdrawn_at),
    }))
  }

  /**
   * The citizen withdrew a consent at the provider. When it is one the bank holds a receipt for, the
   * receipt is marked withdrawn and the personal data it covered is deleted, in one transaction.
   * Idempotent (the provider retries events). Returns whether anything changed.
   *
   * What is KEPT, and why: the full name and the personal ID number of the account holder, the account,
   * its balance and its transfers. The Law on Anti-Money Laundering 2022 (art. 26) obliges a bank to keep
   * customer identification records and transaction records for 5 years after the relationship ends;
   * the Personal Data Protection Law lets a controller keep data that another law requires. The receipt
   * JWT is kept too: it is the bank's proof of what the citizen agreed to and when (it carries the
   * pseudonymous `sub`, not the data). Everything else copied from VNeID (birth date, gender, address,
   * phone, ID-card details) is deleted.
   *
   * The consent id is remembered even when no receipt matches: an account opening in flight (its receipt
   * fetched, not stored yet) then refuses to store it.
   */
  withdrawConsent(consentId: string, withdrawnAt: number): boolean {
    return this.db.transaction(() => {
      this.db
        .prepare('INSERT OR IGNORE INTO withdrawn_consents (consent_id, withdrawn_at) VALUES (?, ?)')
        .run(consentId, withdrawnAt)
      const row = this.db
        .prepare("SELECT account_number FROM consent_receipts WHERE consent_id = ? AND status = 'active'")
        .get(consentId) as Row | undefined
      if (!row) return false
      this.db
        .prepare("UPDATE consent_receipts SET status = 'withdrawn', withdrawn_at = ? WHERE consent_id = ?")
        .run(withdrawnAt, consentId)
      this.db
        .prepare(
          `UPDATE customers SET birth_date = NULL, gender = NULL, address = NULL, phone = NULL,
            id_card_number = NULL, id_card_kind = NULL, id_card_issued = NULL, id_card_expires = NULL,
            id_card_issued_by = NULL, personal_data_deleted_at = ?
           WHERE account_number = ? AND personal_data_deleted_at IS NULL`,
        )
        .run(now(), row.account_number)
      return true
    })()
  }

  /**
   * Records a transfer and, in the same transaction, decides how it is authorised: executed at once
   * (debited) when it is at most {@link LARGE_TRANSFER_LIMIT} and today's executed transfers of the
   * account (Vietnamese calendar day) plus this one stay within {@link DAILY_TRANSFER_LIMIT}; otherwise
   * left `pending` until a strong confirmation ({@link confirmTransfer}), whatever the session's level.
   * Throws {@link TransferRefused} (`insufficient_funds`, nothing recorded).
   */
  createTransfer(
    account: Account,
    input: { recipient: string; amount: number; note: string },
    session: Authentication,
  ): Transfer {
    const id = randomBytes(12).toString('base64url')
    // IMMEDIATE: the write lock is taken before the day's total is read, so two transfers at once (even
    // from two processes) cannot both fit under the daily limit.
    this.db
      .transaction(() => {
        const atMs = Date.now()
        const at = Math.floor(atMs / 1000)
        this.db
          .prepare(
            `INSERT INTO transfers (id, account_number, subject, recipient, amount, note, status, created_at,
              created_at_ms) VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?)`,
          )
          .run(id, account.number, account.subject, input.recipient, input.amount, input.note, at, atMs)
        const strong =
          input.amount > LARGE_TRANSFER_LIMIT ||
          this.todaysTotal(account.number, at) + input.amount > DAILY_TRANSFER_LIMIT
        if (!strong) this.#execute(id, session.level)
      })
      .immediate()
    return this.transfer(id)!
  }

  /** The sum of the account's executed transfers since midnight in Vietnam (UTC+7). */
  todaysTotal(accountNumber: string, at = now()): number {
    const row = this.db
      .prepare(
        "SELECT COALESCE(SUM(amount), 0) AS total FROM transfers WHERE account_number = ? AND status = 'done' AND executed_at >= ?",
      )
      .get(accountNumber, vietnamDayStart(at)) as Row
    return Number(row.total)
  }

  transfer(id: string): Transfer | undefined {
    const row = this.db.prepare('SELECT * FROM transfers WHERE id = ?').get(id) as Row | undefined
    return row && toTransfer(row)
  }

  /** The newest transfer of this citizen still waiting for its strong confirmation. */
  pendingTransferOf(subject: string | undefined): Transfer | undefined {
    if (!subject) return undefined
    const row = this.db
      .prepare(
        "SELECT * FROM transfers WHERE subject = ? AND status = 'pending' AND created_at > ? ORDER BY created_at DESC LIMIT 1",
      )
      .get(subject, now() - PENDING_TTL_SEC) as Row | undefined
    return row && toTransfer(row)
  }

  /**
   * Whether this authentication may confirm this transfer now: {@link confirms}, and its sign-in has not
   * confirmed another transfer (one authentication, one transfer).
   */
  mayConfirm(transfer: Transfer, session: Authentication): boolean {
    if (!confirms(transfer, session)) return false
    const used = this.db
      .prepare('SELECT id FROM transfers WHERE confirmed_by_sign_in = ? AND id != ?')
      .get(session.signIn?.id, transfer.id)
    return used === undefined
  }

  /**
   * Executes a pending transfer (debits the account) for a session at level 2 whose sign-in demanded a
   * new authentication after the transfer was requested, and confirmed no other transfer
   * ({@link mayConfirm}); the route's guard already asked for one, this is the last check before money
   * moves. A transfer already executed is returned as it is (a double click on "confirm"). Throws
   * {@link TransferRefused}.
   */
  confirmTransfer(id: string, session: Authentication): Transfer {
    this.db
      .transaction(() => {
        const transfer = this.transfer(id)
        if (transfer?.status === 'done') return
        if (transfer?.status === 'pending' && transfer.createdAt > now() - PENDING_TTL_SEC) {
          if (!this.mayConfirm(transfer, session)) throw new TransferRefused('reauthentication_required')
          this.db
            .prepare('UPDATE transfers SET confirmed_by_sign_in = ? WHERE id = ?')
            .run(session.signIn?.id, id)
        }
        this.#execute(id, session.level)
      })
      .immediate()
    return this.transfer(id)!
  }

  cancelTransfer(id: string): void {
    this.db.prepare("UPDATE transfers SET status = 'cancelled' WHERE id = ? AND status = 'pending'").run(id)
  }

  recentTransfers(accountNumber: string, limit = 5): Transfer[] {
    const rows = this.db
      .prepare(
        "SELECT * FROM transfers WHERE account_number = ? AND status = 'done' ORDER BY executed_at DESC, rowid DESC LIMIT ?",
      )
      .all(accountNumber, limit) as Row[]
    return rows.map(toTransfer)
  }

  #execute(id: string, level: number): void {
    const transfer = this.transfer(id)
    if (transfer?.status !== 'pending') throw new TransferRefused('not_pending')
    if (transfer.createdAt <= now() - PENDING_TTL_SEC) {
      this.cancelTransfer(id)
      throw new TransferRefused('expired')
    }
    const debit = this.db
      .prepare('UPDATE accounts SET balance = balance - ? WHERE number = ? AND balance >= ?')
      .run(transfer.amount, transfer.accountNumber, transfer.amount)
    if (debit.changes !== 1) throw new TransferRefused('insufficient_funds')
    this.db
      .prepare("UPDATE transfers SET status = 'done', level = ?, executed_at = ? WHERE id = ?")
      .run(level, now(), id)
  }
}
