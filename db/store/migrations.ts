import { createHash, randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3-multiple-ciphers';
import { canonicalJson } from '../../shared/canonical-json';
import { clpKey } from '../region/clp-key';
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
  {
    version: 13,
    name: 'The regional office: CLPs compared by normalised name, every file received with its verdict, revisions bound to their CLP',
    update(db) {
      db.exec(`
        CREATE TABLE region_office (id INTEGER PRIMARY KEY CHECK (id = 1), name TEXT, since TEXT NOT NULL) STRICT;
        CREATE TABLE region_trusted_key (
          clp_key TEXT NOT NULL,
          clp TEXT NOT NULL,
          key_id TEXT NOT NULL,
          public_key TEXT,
          added_at TEXT NOT NULL,
          revoked_at TEXT,
          PRIMARY KEY (clp_key, key_id)
        ) STRICT;
        CREATE TABLE region_file (
          id INTEGER PRIMARY KEY,
          file_name TEXT NOT NULL,
          received_at TEXT NOT NULL,
          checked_at TEXT NOT NULL,
          size INTEGER,
          file_sha256 TEXT,
          bytes BLOB,
          verdict TEXT NOT NULL CHECK (verdict IN ('accepted', 'duplicate', 'refused', 'flagged')),
          problems TEXT NOT NULL,
          version INTEGER,
          ballot_id TEXT,
          clp TEXT,
          clp_key TEXT,
          revision INTEGER,
          status TEXT,
          issued_at TEXT,
          key_id TEXT,
          payload_sha256 TEXT
        ) STRICT;
        CREATE INDEX region_file_sha ON region_file (file_sha256);
        CREATE INDEX region_file_ballot ON region_file (ballot_id, revision);
        CREATE TABLE region_revision (
          id INTEGER PRIMARY KEY,
          file_id INTEGER NOT NULL REFERENCES region_file (id),
          clp_key TEXT NOT NULL,
          clp TEXT NOT NULL,
          ballot_id TEXT NOT NULL,
          revision INTEGER NOT NULL,
          status TEXT NOT NULL,
          issued_at TEXT NOT NULL,
          key_id TEXT NOT NULL,
          version INTEGER NOT NULL,
          payload_sha256 TEXT NOT NULL,
          payload TEXT NOT NULL,
          history_entries INTEGER,
          history_head TEXT,
          UNIQUE (clp_key, ballot_id, revision)
        ) STRICT;
        CREATE INDEX region_revision_ballot ON region_revision (ballot_id);
      `);
      // Keys: one row per normalised name; spellings that now coincide merge, revoked if any was.
      const keys = db.prepare('SELECT clp, key_id, public_key, added_at, revoked_at FROM trusted_key ORDER BY added_at').all() as { clp: string; key_id: string; public_key: string | null; added_at: string; revoked_at: string | null }[];
      const addKey = db.prepare(
        `INSERT INTO region_trusted_key (clp_key, clp, key_id, public_key, added_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (clp_key, key_id) DO UPDATE SET public_key = COALESCE(public_key, excluded.public_key), revoked_at = MIN(COALESCE(revoked_at, excluded.revoked_at), COALESCE(excluded.revoked_at, revoked_at))`,
      );
      for (const k of keys) addKey.run(clpKey(k.clp), k.clp.normalize('NFC'), k.key_id, k.public_key, k.added_at, k.revoked_at);
      // Files: each kept with its verdict; the accepted become revisions, the first CLP to report a ballot keeping it.
      const files = db.prepare('SELECT * FROM region_report ORDER BY imported_at, rowid').all() as {
        sha256: string; file_name: string; imported_at: string; ballot_id: string | null; clp: string | null; revision: number | null; status: string | null; issued_at: string | null; key_id: string | null; accepted: number; problems: string; payload: string | null;
      }[];
      const addFile = db.prepare(
        'INSERT INTO region_file (file_name, received_at, checked_at, file_sha256, verdict, problems, version, ballot_id, clp, clp_key, revision, status, issued_at, key_id, payload_sha256) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?)',
      );
      const boundTo = db.prepare('SELECT clp FROM region_revision WHERE ballot_id = ? AND clp_key <> ? LIMIT 1');
      const addRevision = db.prepare(
        'INSERT OR IGNORE INTO region_revision (file_id, clp_key, clp, ballot_id, revision, status, issued_at, key_id, version, payload_sha256, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)',
      );
      for (const f of files) {
        const key = f.clp === null ? null : clpKey(f.clp);
        const payloadSha = f.payload === null ? null : createHash('sha256').update(canonicalJson(JSON.parse(f.payload)), 'utf8').digest('hex');
        let accepted = f.accepted === 1 && key !== null && f.payload !== null && payloadSha !== null;
        let problems = f.problems;
        const other = accepted ? (boundTo.get(f.ballot_id, key) as { clp: string } | undefined) : undefined;
        if (other) {
          accepted = false;
          problems = JSON.stringify([{ code: 'binding', message: `This ballot belongs to ${other.clp}, which reported it first: a report naming ${f.clp ?? 'another CLP'} cannot be added to it.` }]);
        }
        const id = addFile.run(f.file_name, f.imported_at, f.imported_at, f.sha256, accepted ? 'accepted' : 'refused', problems, f.ballot_id, f.clp, key, f.revision, f.status, f.issued_at, f.key_id, payloadSha).lastInsertRowid;
        if (accepted) {
          const added = addRevision.run(id, key, f.clp, f.ballot_id, f.revision, f.status, f.issued_at, f.key_id, payloadSha, f.payload).changes;
          if (added === 0) {
            const held = db.prepare('SELECT payload_sha256 AS sha FROM region_revision WHERE clp_key = ? AND ballot_id = ? AND revision = ?').get(key, f.ballot_id, f.revision) as { sha: string };
            const conflict = JSON.stringify([{ code: 'revision', message: `Revision ${f.revision ?? '?'} of this ballot is already held with different contents: this is a conflicting revision.` }]);
            db.prepare('UPDATE region_file SET verdict = ?, problems = ? WHERE id = ?').run(held.sha === payloadSha ? 'duplicate' : 'refused', held.sha === payloadSha ? '[]' : conflict, id);
          }
        }
      }
      // A store that only ever held the regional office's work is one.
      const clps = (db.prepare('SELECT COUNT(*) AS n FROM clp').get() as { n: number }).n;
      const first = db.prepare('SELECT MIN(at) AS at FROM (SELECT added_at AS at FROM trusted_key UNION ALL SELECT imported_at FROM region_report)').get() as { at: string | null };
      if (clps === 0 && first.at !== null) db.prepare('INSERT INTO region_office (id, name, since) VALUES (1, NULL, ?)').run(first.at);
      db.exec('DROP TABLE region_report; DROP TABLE trusted_key;');
    },
  },
  {
    version: 14,
    name: 'Online meetings: a meeting\u2019s format, members\u2019 emails, and the participant reports of online meetings with the chair\u2019s decisions',
    update(db) {
      db.exec(`
        ALTER TABLE meeting ADD COLUMN format TEXT NOT NULL DEFAULT 'in-person' CHECK (format IN ('in-person', 'online'));
        ALTER TABLE member ADD COLUMN email TEXT NOT NULL DEFAULT '';
        CREATE TABLE participant_report (
          meeting_id INTEGER PRIMARY KEY REFERENCES meeting(id) ON DELETE CASCADE,
          platform TEXT NOT NULL CHECK (platform IN ('zoom', 'teams')),
          file_name TEXT NOT NULL,
          sha256 TEXT NOT NULL,
          imported_at TEXT NOT NULL,
          rows INTEGER NOT NULL
        ) STRICT;
        CREATE TABLE participant (
          id INTEGER PRIMARY KEY,
          meeting_id INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
          name TEXT NOT NULL,
          email TEXT NOT NULL,
          joined_at TEXT NOT NULL,
          left_at TEXT NOT NULL,
          minutes INTEGER NOT NULL,
          sessions INTEGER NOT NULL,
          match TEXT NOT NULL CHECK (match IN ('email', 'name', 'same-member', 'ambiguous', 'none')),
          member_id INTEGER REFERENCES member(id) ON DELETE SET NULL,
          original_name TEXT NOT NULL DEFAULT '',
          candidates TEXT NOT NULL DEFAULT '[]',
          decision TEXT CHECK (decision IN ('admit', 'not-member', 'duplicate')),
          decision_member_id INTEGER REFERENCES member(id) ON DELETE SET NULL,
          checkin_id INTEGER REFERENCES checkin(id) ON DELETE SET NULL
        ) STRICT;
        CREATE INDEX participant_meeting ON participant (meeting_id);
      `);
    },
  },
];

export const LATEST_VERSION = MIGRATIONS.reduce((v, m) => Math.max(v, m.version), 0);
