// Every action the server writes to the audit log reads as words on the log page: the action names
// are collected from the code itself (each procedure of the router, whose name a refusal by role is
// written under, and every action named in the server's sources), so a new one without a wording in
// AUDIT_ACTIONS fails here the day it is added.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { AUDIT_ACTIONS, isAuditAction } from '@relief-desk/domain';
import { describe, expect, it } from 'vitest';
import { appRouter } from '../../router.ts';

const root = resolve(import.meta.dirname, '../../../../..');
const SOURCE_DIRS = ['packages/api/src', 'apps/server/src'];

/** The server's own sources: tests, test fixtures and benchmarks write no real audit rows. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'bench' ? [] : sourceFiles(path);
    if (!/\.ts$/.test(name) || /\.test\.ts$/.test(name)) return [];
    if (/(^testing|fixtures|sentinels)\.ts$/.test(name)) return [];
    return [path];
  });
}

/** Column names of every table: `'users.name'` in a query is a column, not an action. */
function columnNames(): Set<string> {
  const dir = join(root, 'packages/db/src/tables');
  const names = new Set<string>();
  for (const file of readdirSync(dir))
    for (const match of readFileSync(join(dir, file), 'utf8').matchAll(/^\s+(\w+)\??:/gm))
      if (match[1]) names.add(match[1]);
  return names;
}

function actionsInCode(): Map<string, string> {
  const procedures = Object.keys(appRouter._def.procedures);
  const namespaces = new Set([
    ...procedures.map((p) => p.split('.')[0] ?? ''),
    'http',
    'cli',
    'letters',
    'templates',
  ]);
  const columns = columnNames();
  const found = new Map<string, string>(procedures.map((p) => [p, 'a procedure of the router']));
  for (const dir of SOURCE_DIRS)
    for (const file of sourceFiles(join(root, dir))) {
      const text = readFileSync(file, 'utf8');
      const where = relative(root, file);
      // Named where an action is written or passed: `action: 'x.y'`, `action ?? 'x.y'`.
      for (const match of text.matchAll(/\baction\s*(?::|\?\?|===?)\s*['"]([a-z]\w*(?:\.\w+)+)['"]/g))
        if (match[1]) found.set(match[1], where);
      // …or through a constant of the file: `action: PARTNER_REFERRAL_PROCEDURE`.
      for (const match of text.matchAll(/\baction\s*(?::|\?\?)\s*([A-Z][A-Z0-9_]+)\b/g)) {
        const value = new RegExp(`\\b${match[1]}\\s*=\\s*['"]([a-z]\\w*(?:\\.\\w+)+)['"]`).exec(text)?.[1];
        if (value) found.set(value, where);
      }
      // Any other 'namespace.name' of the API's namespaces that is not a table's column: an action
      // handed to a helper (requireMatter(…, 'matters.get'), a bulk action's name, …).
      for (const match of text.matchAll(/['"]([a-z]\w*)\.((?:\w+\.)*\w+)['"]/g)) {
        const [, namespace = '', name = ''] = match;
        if (!namespaces.has(namespace) || columns.has(name)) continue;
        found.set(`${namespace}.${name}`, where);
      }
    }
  return found;
}

describe('the audit log’s wording of actions', () => {
  it('has a wording for every action the server writes', () => {
    const found = actionsInCode();
    // The collection works: it finds procedures, route actions and actions handed to helpers.
    expect(found.size).toBeGreaterThan(80);
    for (const known of [
      'matters.get',
      'http.crossOriginRefused',
      'queues.export',
      'messages.list',
      'letters.print',
    ])
      expect(found.has(known), known).toBe(true);
    const missing = [...found]
      .filter(([action]) => !isAuditAction(action))
      .map(([a, where]) => `${a} (${where})`);
    expect(missing, 'actions without a wording in AUDIT_ACTIONS (packages/domain/src/audit-log.ts)').toEqual(
      [],
    );
    console.log(
      `audit wording: ${found.size} actions found in the code, ${missing.length} without a wording`,
    );
  });

  it('words every action without placeholders it cannot fill', () => {
    for (const [action, wording] of Object.entries(AUDIT_ACTIONS)) {
      expect(wording.label.length, action).toBeGreaterThan(0);
      for (const placeholder of wording.did.match(/\{\w+\}/g) ?? [])
        expect(['{matter}', '{client}', '{user}', '{document}', '{stage}', '{enabled}'], action).toContain(
          placeholder,
        );
    }
  });
});
