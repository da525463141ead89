// RAP sheet imports: a matter's RAP sheet (an uploaded file or pasted text) read in the background by
// the server's import worker (a row is claimed with a lease, so a server that stops mid-read leaves
// it to be taken up again), then reviewed by an attorney. Each proposal's outcome (accepted, edited,
// dropped) is kept, with the conviction it became and the lines of the record it came from.
import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('rap_imports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('office_id', 'text', (c) => c.notNull().references('offices.id'))
    .addColumn('matter_id', 'text', (c) => c.notNull().references('matters.id'))
    .addColumn('file_id', 'text', (c) => c.references('document_files.id'))
    /** 'file' or 'text' (pasted or a text file read in the browser). */
    .addColumn('source_kind', 'text', (c) => c.notNull())
    .addColumn('source_name', 'text', (c) => c.notNull())
    .addColumn('source_text', 'text')
    /** queued, running, ready, failed, cancelled, reviewed */
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('progress_done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('progress_total', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('progress_label', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_by', 'text')
    .addColumn('locked_until', 'text')
    /** JSON: the lines read, the pages (text layer or OCR, confidence) and the parsed record. */
    .addColumn('result', 'text')
    .addColumn('error', 'text')
    .addColumn('started_at', 'text')
    .addColumn('finished_at', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.references('users.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex('rap_imports_matter')
    .on('rap_imports')
    .columns(['matter_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('rap_imports_state')
    .on('rap_imports')
    .columns(['state', 'created_at'])
    .execute();

  await db.schema
    .createTable('rap_import_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('import_id', 'text', (c) => c.notNull().references('rap_imports.id'))
    .addColumn('office_id', 'text', (c) => c.notNull().references('offices.id'))
    /** The proposal's key within the import (cycle, event and count). */
    .addColumn('item_key', 'text', (c) => c.notNull())
    /** conviction, person_fact */
    .addColumn('kind', 'text', (c) => c.notNull())
    /** accepted, edited, dropped */
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('conviction_id', 'text', (c) => c.references('convictions.id'))
    /** JSON array of the record's line numbers the proposal was read from. */
    .addColumn('lines', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('decided_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('rap_import_items_import')
    .on('rap_import_items')
    .columns(['import_id', 'item_key'])
    .unique()
    .execute();
  await db.schema
    .createIndex('rap_import_items_conviction')
    .on('rap_import_items')
    .column('conviction_id')
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('rap_import_items').execute();
  await db.schema.dropTable('rap_imports').execute();
}
