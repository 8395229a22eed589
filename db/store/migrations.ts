import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3-multiple-ciphers';
import { refuseBrokenOldChain, rewriteChainAsLinks } from './audit-history';

export interface Migration {
  version: number;
  name: string;
  /** Runs before any pending migration, on the file as it is: throw to refuse them all, changing nothing. */
  precheck?(db: Database.Database): void;
  update(db: Database.Database): void;
}

/** Ordered; each runs once in its own transaction, and `PRAGMA user_version` records the last. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'CLP, units, ballot, results and the audit chain',
    update(db) {
      db.exec(`
        CREATE TABLE clp (
          id INTEGER PRIMARY KEY CHECK (id = 1),
          name TEXT NOT NULL,
          code TEXT,
          mp_name TEXT NOT NULL
        ) STRICT;
        CREATE TABLE branch (
          id INTEGER PRIMARY KEY,
          name TEXT NOT NULL,
          name_key TEXT NOT NULL UNIQUE
        ) STRICT;
        CREATE TABLE affiliate (
          id INTEGER PRIMARY KEY,
          name TEXT NOT NULL,
          name_key TEXT NOT NULL UNIQUE,
          kind TEXT NOT NULL CHECK (kind IN ('trade-union', 'socialist-society', 'co-operative', 'other')),
          eligible INTEGER NOT NULL CHECK (eligible IN (0, 1)),
          ineligible_reason TEXT,
          CHECK (eligible = 1 OR ineligible_reason IS NOT NULL)
        ) STRICT;
        CREATE TABLE ballot (
          id TEXT PRIMARY KEY,
          freeze_date TEXT NOT NULL,
          opens_on TEXT NOT NULL,
          closes_on TEXT NOT NULL,
          rules TEXT NOT NULL,
          CHECK (freeze_date <= opens_on AND opens_on <= closes_on)
        ) STRICT;
        CREATE TABLE unit_result (
          ballot_id TEXT NOT NULL REFERENCES ballot(id) ON DELETE CASCADE,
          branch_id INTEGER REFERENCES branch(id) ON DELETE CASCADE,
          affiliate_id INTEGER REFERENCES affiliate(id) ON DELETE CASCADE,
          result TEXT NOT NULL CHECK (result IN ('selection', 'reselect', 'tie', 'no-vote')),
          recorded_at TEXT NOT NULL,
          CHECK ((branch_id IS NULL) <> (affiliate_id IS NULL))
        ) STRICT;
        CREATE UNIQUE INDEX unit_result_branch ON unit_result (ballot_id, branch_id) WHERE branch_id IS NOT NULL;
        CREATE UNIQUE INDEX unit_result_affiliate ON unit_result (ballot_id, affiliate_id) WHERE affiliate_id IS NOT NULL;
        CREATE TABLE audit_entry (
          seq INTEGER PRIMARY KEY,
          at TEXT NOT NULL,
          actor TEXT NOT NULL,
          action TEXT NOT NULL,
          entity TEXT NOT NULL,
          entity_id TEXT,
          before TEXT,
          after TEXT,
          prev_hash TEXT NOT NULL,
          hash TEXT NOT NULL
        ) STRICT;
        CREATE TABLE audit_head (
          id INTEGER PRIMARY KEY CHECK (id = 1),
          seq INTEGER NOT NULL,
          hash TEXT NOT NULL
        ) STRICT;
      `);
    },
  },
  {
    version: 2,
    name: 'Membership and electoral-register snapshots, the cross-match, eligibility settings, door-desk meetings and check-ins',
    update(db) {
      db.exec(`
        CREATE TABLE member_snapshot (
          id INTEGER PRIMARY KEY,
          imported_at TEXT NOT NULL,
          file_name TEXT NOT NULL,
          sha256 TEXT NOT NULL,
          encoding TEXT NOT NULL,
          rows INTEGER NOT NULL,
          imported INTEGER NOT NULL,
          rejected TEXT NOT NULL,
          ignored_columns TEXT NOT NULL,
          purged_at TEXT
        ) STRICT;
        CREATE TABLE member (
          id INTEGER PRIMARY KEY,
          snapshot_id INTEGER NOT NULL REFERENCES member_snapshot(id) ON DELETE CASCADE,
          number TEXT NOT NULL,
          first_name TEXT NOT NULL,
          last_name TEXT NOT NULL,
          full_name TEXT NOT NULL,
          address TEXT NOT NULL,
          postcode TEXT NOT NULL,
          branch TEXT NOT NULL,
          join_date TEXT NOT NULL,
          status TEXT NOT NULL
        ) STRICT;
        CREATE TABLE register_snapshot (
          id INTEGER PRIMARY KEY,
          imported_at TEXT NOT NULL,
          file_name TEXT NOT NULL,
          sha256 TEXT NOT NULL,
          encoding TEXT NOT NULL,
          rows INTEGER NOT NULL,
          imported INTEGER NOT NULL,
          rejected TEXT NOT NULL,
          ignored_columns TEXT NOT NULL,
          purged_at TEXT
        ) STRICT;
        CREATE TABLE register_entry (
          id INTEGER PRIMARY KEY,
          snapshot_id INTEGER NOT NULL REFERENCES register_snapshot(id) ON DELETE CASCADE,
          elector TEXT NOT NULL,
          surname TEXT NOT NULL,
          forenames TEXT NOT NULL,
          address TEXT NOT NULL,
          postcode TEXT NOT NULL,
          franchise TEXT NOT NULL
        ) STRICT;
        CREATE TABLE register_match (
          member_id INTEGER PRIMARY KEY REFERENCES member(id) ON DELETE CASCADE,
          register_snapshot_id INTEGER NOT NULL REFERENCES register_snapshot(id) ON DELETE CASCADE,
          status TEXT NOT NULL CHECK (status IN ('matched', 'matched-elsewhere', 'not-found')),
          evidence TEXT NOT NULL
        ) STRICT;
        CREATE TABLE meeting (
          id INTEGER PRIMARY KEY,
          ballot_id TEXT NOT NULL REFERENCES ballot(id) ON DELETE CASCADE,
          branch_id INTEGER NOT NULL REFERENCES branch(id) ON DELETE CASCADE,
          date TEXT NOT NULL
        ) STRICT;
        CREATE TABLE checkin (
          id INTEGER PRIMARY KEY,
          meeting_id INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
          member_id INTEGER REFERENCES member(id) ON DELETE SET NULL,
          at TEXT NOT NULL,
          outcome TEXT NOT NULL CHECK (outcome IN ('admitted', 'refused', 'override', 'provisional')),
          reasons TEXT NOT NULL,
          note TEXT,
          walk_in_name TEXT,
          walk_in_details TEXT
        ) STRICT;
        CREATE INDEX checkin_meeting ON checkin (meeting_id);
        CREATE INDEX checkin_member ON checkin (member_id);
        ALTER TABLE ballot ADD COLUMN snapshot_id INTEGER REFERENCES member_snapshot(id) ON DELETE SET NULL;
        ALTER TABLE ballot ADD COLUMN eligibility TEXT NOT NULL
          DEFAULT '{"minMonths":6,"goodStanding":["good-standing"],"branchMustMatch":true,"registerRequired":false}';
      `);
    },
  },
  {
    version: 3,
    name: 'Meeting records with versions, the quorum rule, affiliate decisions and complaints',
    update(db) {
      db.exec(`
        ALTER TABLE meeting ADD COLUMN state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed', 'not-held', 'abandoned'));
        ALTER TABLE meeting ADD COLUMN draft TEXT;
        CREATE TABLE meeting_version (
          meeting_id INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
          version INTEGER NOT NULL,
          at TEXT NOT NULL,
          state TEXT NOT NULL CHECK (state IN ('closed', 'not-held', 'abandoned')),
          record TEXT,
          figures TEXT NOT NULL,
          reason TEXT,
          PRIMARY KEY (meeting_id, version)
        ) STRICT;
        ALTER TABLE ballot ADD COLUMN quorum TEXT NOT NULL DEFAULT '{"kind":"number","value":5}';
        CREATE TABLE affiliate_decision (
          ballot_id TEXT NOT NULL REFERENCES ballot(id) ON DELETE CASCADE,
          affiliate_id INTEGER NOT NULL REFERENCES affiliate(id) ON DELETE CASCADE,
          received_on TEXT NOT NULL,
          method TEXT NOT NULL CHECK (method IN ('form', 'letter', 'email')),
          signed_by TEXT NOT NULL,
          PRIMARY KEY (ballot_id, affiliate_id)
        ) STRICT;
        CREATE TABLE complaint (
          id INTEGER PRIMARY KEY,
          received_on TEXT NOT NULL,
          complainant TEXT,
          contact TEXT,
          about TEXT NOT NULL,
          meeting_id INTEGER REFERENCES meeting(id) ON DELETE SET NULL,
          category TEXT NOT NULL CHECK (category IN ('eligibility', 'impersonation', 'electoral-register', 'procedure', 'conduct', 'other')),
          summary TEXT NOT NULL,
          status TEXT NOT NULL CHECK (status IN ('open', 'referred', 'resolved', 'dismissed')),
          outcome TEXT,
          outcome_on TEXT
        ) STRICT;
      `);
    },
  },
  {
    version: 4,
    name: 'Signing keys and the reports this store has issued',
    update(db) {
      db.exec(`
        CREATE TABLE signing_key (
          key_id TEXT PRIMARY KEY,
          public_key TEXT NOT NULL,
          sealed BLOB NOT NULL,
          sealer TEXT NOT NULL CHECK (sealer IN ('safe-storage', 'passphrase')),
          created_at TEXT NOT NULL,
          retired_at TEXT
        ) STRICT;
        CREATE TABLE report_export (
          ballot_id TEXT NOT NULL REFERENCES ballot(id) ON DELETE CASCADE,
          revision INTEGER NOT NULL,
          status TEXT NOT NULL CHECK (status IN ('interim', 'final')),
          issued_at TEXT NOT NULL,
          key_id TEXT NOT NULL,
          sha256 TEXT NOT NULL,
          PRIMARY KEY (ballot_id, revision)
        ) STRICT;
      `);
    },
  },
  {
    version: 5,
    name: 'The regional office: trusted keys and imported reports',
    update(db) {
      db.exec(`
        CREATE TABLE trusted_key (
          clp TEXT NOT NULL,
          key_id TEXT NOT NULL,
          public_key TEXT,
          added_at TEXT NOT NULL,
          revoked_at TEXT,
          PRIMARY KEY (clp, key_id)
        ) STRICT;
        CREATE TABLE region_report (
          sha256 TEXT PRIMARY KEY,
          file_name TEXT NOT NULL,
          imported_at TEXT NOT NULL,
          ballot_id TEXT,
          clp TEXT,
          revision INTEGER,
          status TEXT,
          issued_at TEXT,
          key_id TEXT,
          accepted INTEGER NOT NULL CHECK (accepted IN (0, 1)),
          problems TEXT NOT NULL,
          payload TEXT
        ) STRICT;
        CREATE INDEX region_report_ballot ON region_report (ballot_id, revision);
      `);
    },
  },
  {
    version: 6,
    name: 'A meeting opened by mistake can be withdrawn, with the reason kept',
    update(db) {
      db.exec(`
        ALTER TABLE meeting ADD COLUMN withdrawn_at TEXT;
        ALTER TABLE meeting ADD COLUMN withdrawn_reason TEXT CHECK (withdrawn_at IS NULL OR withdrawn_reason IS NOT NULL);
      `);
    },
  },
  {
    version: 7,
    name: 'The audit trail as a chain of links, the old chain verified first; the heads reports were issued from',
    precheck: (db) => refuseBrokenOldChain(db),
    update(db) {
      db.exec(`
        CREATE TABLE issued_head (
          ballot_id TEXT NOT NULL,
          revision INTEGER NOT NULL,
          entries INTEGER NOT NULL,
          head TEXT NOT NULL,
          PRIMARY KEY (ballot_id, revision)
        ) STRICT;
      `);
      rewriteChainAsLinks(db);
    },
  },
  {
    version: 8,
    name: 'A branch or affiliate with recorded decisions is withdrawn with its reason, never deleted',
    update(db) {
      db.exec(`
        ALTER TABLE branch ADD COLUMN withdrawn_at TEXT;
        ALTER TABLE branch ADD COLUMN withdrawn_reason TEXT CHECK (withdrawn_at IS NULL OR withdrawn_reason IS NOT NULL);
        ALTER TABLE affiliate ADD COLUMN withdrawn_at TEXT;
        ALTER TABLE affiliate ADD COLUMN withdrawn_reason TEXT CHECK (withdrawn_at IS NULL OR withdrawn_reason IS NOT NULL);
      `);
    },
  },
  {
    version: 9,
    name: "The store's own random id, carried by each of its backups, so a restore never crosses between stores",
    update(db) {
      db.exec('CREATE TABLE store_identity (id INTEGER PRIMARY KEY CHECK (id = 1), store_id TEXT NOT NULL) STRICT;');
      db.prepare('INSERT INTO store_identity (id, store_id) VALUES (1, ?)').run(randomBytes(16).toString('hex'));
    },
  },
  {
    version: 10,
    name: 'A cross-match result can be "ambiguous": a namesake on the register elsewhere, nothing else agreeing',
    update(db) {
      db.exec(`
        CREATE TABLE register_match_new (
          member_id INTEGER PRIMARY KEY REFERENCES member(id) ON DELETE CASCADE,
          register_snapshot_id INTEGER NOT NULL REFERENCES register_snapshot(id) ON DELETE CASCADE,
          status TEXT NOT NULL CHECK (status IN ('matched', 'matched-elsewhere', 'not-found', 'ambiguous')),
          evidence TEXT NOT NULL
        ) STRICT;
        INSERT INTO register_match_new SELECT member_id, register_snapshot_id, status, evidence FROM register_match;
        DROP TABLE register_match;
        ALTER TABLE register_match_new RENAME TO register_match;
      `);
    },
  },
  {
    version: 11,
    name: 'Real lists: a member’s roll number, continuous membership and status as written, a list’s as-at date, register dates of birth, and the statuses and branch names the user has mapped',
    update(db) {
      db.exec(`
        ALTER TABLE member ADD COLUMN status_text TEXT NOT NULL DEFAULT '';
        ALTER TABLE member ADD COLUMN roll_number TEXT NOT NULL DEFAULT '';
        ALTER TABLE member ADD COLUMN continuous_since TEXT;
        ALTER TABLE member_snapshot ADD COLUMN as_at TEXT;
        ALTER TABLE register_entry ADD COLUMN dob TEXT NOT NULL DEFAULT '';
        CREATE TABLE list_value_map (
          kind TEXT NOT NULL CHECK (kind IN ('status', 'branch')),
          value_key TEXT NOT NULL,
          value TEXT NOT NULL,
          target TEXT,
          PRIMARY KEY (kind, value_key)
        ) STRICT;
      `);
    },
  },
  {
    version: 12,
    name: "Real rules: a ballot's tie and late-decision settings, late decisions stored, door-desk exceptions, continuous membership",
    update(db) {
      db.exec(`
        ALTER TABLE ballot ADD COLUMN settings TEXT NOT NULL DEFAULT '{"tieProcedure":"rules","lateDecisions":"count"}';
        ALTER TABLE affiliate_decision ADD COLUMN late INTEGER NOT NULL DEFAULT 0 CHECK (late IN (0, 1));
        UPDATE affiliate_decision SET late = (received_on > (SELECT closes_on FROM ballot WHERE ballot.id = affiliate_decision.ballot_id));
        ALTER TABLE checkin ADD COLUMN exceptions TEXT NOT NULL DEFAULT '[]';
      `);
    },
  },
];

export const LATEST_VERSION = MIGRATIONS.reduce((v, m) => Math.max(v, m.version), 0);
