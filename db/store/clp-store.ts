import type Database from 'better-sqlite3-multiple-ciphers';
import type { AuditEntry, AuditVerdict } from '../../shared/api';
import { utcInstant } from '../../shared/time';
import { appendAudit, readAuditLog } from './audit';
import { verifyStoreChain } from './audit-history';
import type { Db } from './db';
import { openStore, openStoreReadOnly } from './open';
import type { StoreKey } from './store-key';

/** The clock and the person acting, supplied by the host. */
export interface WriteContext {
  actor: string;
  now: () => Date;
}

/**
 * One CLP's store. Every change goes through `change`: one immediate transaction that makes
 * the change and appends its hash-chained audit entry, so neither can exist without the other.
 */
export class ClpStore {
  readonly db: Db;
  /** The store's encryption key (null: kept in plain text, as the demo CLP is). */
  readonly key: StoreKey;
  /** Only to read: opened read-only, never migrated, and any change is refused by SQLite. */
  readonly readOnly: boolean;

  constructor(
    readonly file: string,
    private readonly ctx: WriteContext,
    options: {
      key: StoreKey;
      readOnly?: boolean;
      /** A further connection for a job of the running copy (see openStore). */
      job?: boolean;
    },
  ) {
    this.key = options.key;
    this.readOnly = options.readOnly ?? false;
    this.db = this.readOnly ? openStoreReadOnly(file, options.key) : openStore(file, options.key, { job: options.job ?? false });
  }

  close(): void {
    this.db.close();
  }

  private readonly statements = new Map<string, Database.Statement>();

  /** A prepared statement, prepared once: for queries on hot paths such as the door desk's search. */
  stmt(sql: string): Database.Statement {
    let st = this.statements.get(sql);
    if (!st) {
      st = this.db.prepare(sql);
      this.statements.set(sql, st);
    }
    return st;
  }

  /** The instant to record a change at, by the host's clock. */
  stamp(): string {
    return utcInstant(this.ctx.now());
  }

  /**
   * The one write path: the change and its audit entry in one immediate transaction. `actor`:
   * who did it when the host's user is not the one (the volunteer at the door desk).
   */
  change(action: string, entity: string, apply: () => { entityId: string; before: unknown; after: unknown }, actor: string = this.ctx.actor): void {
    this.db
      .transaction(() => {
        const { entityId, before, after } = apply();
        appendAudit(this.db, { at: this.stamp(), actor, action, entity, entityId, before, after });
      })
      .immediate();
  }

  auditLog(limit: number): AuditEntry[] {
    return readAuditLog(this.db, limit);
  }

  verifyAudit(): AuditVerdict {
    return verifyStoreChain(this.db);
  }
}
