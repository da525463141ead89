// A tamper-evident audit log: each office's rows become one hash chain (seq, prev_hash, hash), with
// the newest link of each chain kept in audit_chain_heads. Rows written before this migration are
// chained here, per office, in the order they happened (occurred_at, then id); rows with no office
// form a chain of their own under the office key ''. And an index by office and action, for the
// disclosure report.
import { createHash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';

const GENESIS = '0'.repeat(64);
const PAGE = 1000;

interface OldRow {
  id: string;
  occurred_at: string;
  office_id: string | null;
  actor_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  ip: string;
  outcome: string;
  detail: string;
}

// A frozen copy of the row hash in audit-chain.ts (the two must agree: the stored chains depend on it).
function rowHash(row: OldRow & { seq: number; prev_hash: string }): string {
  const canonical = JSON.stringify([
    'relief-desk-audit-v1',
    Number(row.seq),
    row.prev_hash,
    row.id,
    row.occurred_at,
    row.office_id,
    row.actor_id,
    row.action,
    row.entity_type,
    row.entity_id,
    row.ip,
    row.outcome,
    row.detail,
  ]);
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('audit_log').addColumn('seq', 'integer').execute();
  await db.schema.alterTable('audit_log').addColumn('prev_hash', 'text').execute();
  await db.schema.alterTable('audit_log').addColumn('hash', 'text').execute();
  await db.schema
    .createTable('audit_chain_heads')
    .addColumn('office_key', 'text', (c) => c.primaryKey())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();

  // Chain the existing rows page by page in the order they happened (an index for that order lives
  // only as long as the backfill).
  await db.schema
    .createIndex('audit_log_backfill_order')
    .on('audit_log')
    .columns(['occurred_at', 'id'])
    .execute();
  const heads = new Map<string, { seq: number; hash: string }>();
  let after: { occurred_at: string; id: string } | null = null;
  for (;;) {
    const from: { occurred_at: string; id: string } | null = after;
    const rows: OldRow[] = await db
      .selectFrom('audit_log')
      .select([
        'id',
        'occurred_at',
        'office_id',
        'actor_id',
        'action',
        'entity_type',
        'entity_id',
        'ip',
        'outcome',
        'detail',
      ])
      .$if(from !== null, (q) =>
        q.where(sql<boolean>`(occurred_at, id) > (${from?.occurred_at}, ${from?.id})`),
      )
      .orderBy('occurred_at')
      .orderBy('id')
      .limit(PAGE)
      .execute();
    if (rows.length === 0) break;
    const links = rows.map((row) => {
      const key = row.office_id ?? '';
      const previous = heads.get(key) ?? { seq: 0, hash: GENESIS };
      const seq = previous.seq + 1;
      const hash = rowHash({ ...row, seq, prev_hash: previous.hash });
      heads.set(key, { seq, hash });
      return sql`(${row.id}, cast(${seq} as integer), ${previous.hash}, ${hash})`;
    });
    await sql`with chain (id, seq, prev_hash, hash) as (values ${sql.join(links)})
      update audit_log set seq = chain.seq, prev_hash = chain.prev_hash, hash = chain.hash
      from chain where audit_log.id = chain.id`.execute(db);
    const last = rows[rows.length - 1] as OldRow;
    after = { occurred_at: last.occurred_at, id: last.id };
  }
  await db.schema.dropIndex('audit_log_backfill_order').execute();
  for (const [officeKey, head] of heads) {
    await db
      .insertInto('audit_chain_heads')
      .values({ office_key: officeKey, seq: head.seq, hash: head.hash })
      .execute();
  }
  // One row per place in each chain: two writers can never both take the same place. The chain is
  // walked through this index too.
  await sql`create unique index audit_log_chain on audit_log ((coalesce(office_id, '')), seq)`.execute(db);
  // The disclosure report reads one action's rows of an office since a day (calendar reads, mailing
  // runs: rows that name their matters or letters in their details).
  await db.schema
    .createIndex('audit_log_office_action')
    .on('audit_log')
    .columns(['office_id', 'action', 'id'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('audit_log_office_action').execute();
  await db.schema.dropIndex('audit_log_chain').execute();
  await db.schema.dropTable('audit_chain_heads').execute();
  await db.schema.alterTable('audit_log').dropColumn('hash').execute();
  await db.schema.alterTable('audit_log').dropColumn('prev_hash').execute();
  await db.schema.alterTable('audit_log').dropColumn('seq').execute();
}
