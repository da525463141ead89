// The bulk load's one-pass forms of a row trigger: each must leave the rows as the trigger firing row
// by row would, on a real SQLite database.
import { describe, expect, it } from 'vitest';
import { type SetAside, triggerOverAll, updateTriggerOverRows } from './rows.ts';
import { openSqlite } from './sqlite.ts';

const TABLE = `create table contacts (id text primary key, last_at text, first_at text, note text)`;
const FIRST_CONTACT = `create trigger contacts_first after update of last_at on contacts
  when new.first_at is null and new.last_at is not null begin
  update contacts set first_at = new.last_at where id = new.id;
end`;

function triggerOf(sql: string, table = 'contacts'): SetAside {
  return { type: 'trigger', name: 'contacts_first', table, sql };
}

/** Rows in every state the trigger's terms tell apart: no contact, a first one, one already recorded. */
function database() {
  const db = openSqlite(':memory:');
  db.exec(TABLE);
  db.exec(FIRST_CONTACT);
  const insert = db.prepare('insert into contacts (id, last_at, first_at, note) values (?, ?, ?, ?)');
  for (let i = 0; i < 60; i++) {
    const last = i % 3 === 0 ? null : `2026-01-${String((i % 28) + 1).padStart(2, '0')}T10:00:00Z`;
    insert.run(`c${i}`, last, i % 5 === 0 ? '2025-12-01T09:00:00Z' : null, `note ${i}`);
  }
  return db;
}
const rows = (db: ReturnType<typeof database>) =>
  db.prepare('select id, last_at, first_at, note from contacts order by rowid').all();

describe('updateTriggerOverRows', () => {
  it('leaves every row after the rowid given as the trigger leaves it when each row’s column is updated to its value', () => {
    const [onePass, rowByRow] = [database(), database()];
    try {
      const from = 20;
      onePass.prepare(updateTriggerOverRows(triggerOf(FIRST_CONTACT))).run(from);
      rowByRow.prepare('update contacts set last_at = last_at where rowid > ?').run(from);
      const written = rows(onePass) as { first_at: string | null }[];
      expect(written).toEqual(rows(rowByRow));
      // The pass changed rows, and none at or before the rowid given.
      expect(written).not.toEqual(rows(database()));
      expect(written.slice(0, from)).toEqual(rows(database()).slice(0, from));
    } finally {
      onePass.close();
      rowByRow.close();
    }
  });

  it('takes a trigger with no when clause', () => {
    const db = database();
    try {
      const always = FIRST_CONTACT.replace(/when[\s\S]*?begin/, 'begin');
      db.prepare(updateTriggerOverRows(triggerOf(always))).run(0);
      for (const row of rows(db) as { last_at: string | null; first_at: string | null }[])
        expect(row.first_at).toBe(row.last_at);
    } finally {
      db.close();
    }
  });

  it('refuses a trigger it cannot run as one pass', () => {
    const refusals = [
      // Sets the column it fires on: row by row it would fire again.
      FIRST_CONTACT.replace('set first_at = new.last_at', 'set last_at = new.last_at'),
      // Two statements.
      FIRST_CONTACT.replace(
        'where id = new.id;',
        'where id = new.id; delete from contacts where id = new.id;',
      ),
      // Another table's rows.
      FIRST_CONTACT.replace('update contacts set', 'update other set'),
      // Not an update.
      FIRST_CONTACT.replace(/update contacts set[\s\S]*?;/, "insert into other values ('x');"),
      // Fired before the update, or by an insert.
      FIRST_CONTACT.replace('after update', 'before update'),
      FIRST_CONTACT.replace('after update of last_at', 'after insert'),
    ];
    for (const sql of refusals)
      expect(() => updateTriggerOverRows(triggerOf(sql)), sql).toThrow(/is not one update of its own table/);
  });
});

describe('triggerOverAll', () => {
  it('refuses a trigger of more than one statement', () => {
    const twice = `create trigger t after insert on contacts begin
      insert into log select new.id from contacts; insert into log select new.id from contacts; end`;
    expect(() => triggerOverAll(triggerOf(twice), '1')).toThrow(/is not one statement over its row/);
  });
});
