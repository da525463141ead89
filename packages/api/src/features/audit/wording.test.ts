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

/** The placeholders a wording may hold: each filled from the row's records or detail. */
const PLACEHOLDERS = [
  '{matter}',
  '{client}',
  '{user}',
  '{document}',
  '{stage}',
  '{enabled}',
  '{invitee}',
  '{assignee}',
  '{partnerKey}',
];

/** The text of the balanced bracket that opens at `start` (`(` or `{`), brackets included. */
function balanced(text: string, start: number): string {
  const open = text[start];
  const close = open === '(' ? ')' : '}';
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    if (text[i] === open) depth++;
    else if (text[i] === close && --depth === 0) return text.slice(start, i + 1);
  }
  return text.slice(start);
}

/** Router files' procedures by the function they call: `setRole: …mutation(({ ctx, input }) => setUserRole(`. */
function proceduresByFunction(): Map<string, string[]> {
  const main = readFileSync(join(root, 'packages/api/src/router.ts'), 'utf8');
  const byFunction = new Map<string, string[]>();
  for (const [, namespace = '', routerName = ''] of main.matchAll(/^\s+(\w+): (\w+Router),/gm)) {
    const from = new RegExp(`\\{[^}]*\\b${routerName}\\b[^}]*\\} from '([^']+)'`).exec(main)?.[1];
    if (!from) continue;
    const text = readFileSync(join(root, 'packages/api/src', from), 'utf8');
    // Each procedure's definition, to the next one's: its handler calls the function.
    const starts = [...text.matchAll(/^ {2}(\w+): /gm)];
    starts.forEach((match, i) => {
      const definition = text.slice(match.index, starts[i + 1]?.index ?? text.length);
      for (const [, fn = ''] of definition.matchAll(/=>\s*(?:await\s+)?(\w+)\(\s*ctx\b/g))
        byFunction.set(fn, [...(byFunction.get(fn) ?? []), `${namespace}.${match[1]}`]);
    });
  }
  return byFunction;
}

/**
 * The detail keys that tell what a record was changed to, or whom an action was about: a row whose
 * detail carries one must say it (the detail column is no place a supervisor reads).
 */
const TELLING_KEYS = /^\s*(from|to|assigneeId|role|canViewRapSheets)\s*:/m;

/**
 * Where the server writes an audit row whose detail tells what changed or whom it was about: every
 * `detail: { … }` of the sources with such a key, and the action it is written under (an `action:` of
 * the same write, or the procedure whose handler calls the enclosing function).
 */
function actionsTellingChanges(): Map<string, string> {
  const byFunction = proceduresByFunction();
  const found = new Map<string, string>();
  const unplaced: string[] = [];
  for (const dir of SOURCE_DIRS)
    for (const file of sourceFiles(join(root, dir))) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/\bdetail:\s*\{/g)) {
        const literal = balanced(text, match.index + match[0].length - 1);
        // Only the literal's own keys (a nested object's too: a role's RAP sheet permission).
        if (!literal.split(/[,{]/).some((piece) => TELLING_KEYS.test(piece))) continue;
        const before = text.slice(0, match.index);
        const call = before.lastIndexOf('(');
        const explicit = /\baction:\s*['"]([a-z]\w*(?:\.\w+)+)['"]/.exec(text.slice(call, match.index))?.[1];
        const where = `${relative(root, file)}:${before.split('\n').length}`;
        if (explicit) {
          found.set(explicit, where);
          continue;
        }
        const enclosing = [...before.matchAll(/^export (?:async )?function (\w+)/gm)].at(-1)?.[1] ?? '';
        const procedures = byFunction.get(enclosing) ?? [];
        if (procedures.length === 0) unplaced.push(`${where} (${enclosing || 'no function'})`);
        for (const procedure of procedures) found.set(procedure, where);
      }
    }
  expect(unplaced, 'audit details telling a change, under no action this test can find').toEqual([]);
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

  it('says what changed, or whom it was about, for every action whose rows’ detail tells it', () => {
    const found = actionsTellingChanges();
    // The collection works: it finds writes with an action named, and procedures' own rows.
    for (const known of [
      'users.setRole',
      'users.setRapSheetAccess',
      'offices.setMfaRequired',
      'users.invite',
    ])
      expect(found.has(known), known).toBe(true);
    const silent = [...found]
      .filter(([action]) => {
        if (!isAuditAction(action)) return false;
        const wording = AUDIT_ACTIONS[action];
        // Told by the detail (tell), or by a placeholder filled from it ({stage}, {enabled}).
        return !('tell' in wording) && !/\{(stage|enabled)\}/.test(wording.did);
      })
      .map(([action, where]) => `${action} (${where})`);
    expect(silent, 'actions whose sentence hides what their detail tells').toEqual([]);
    console.log(
      `audit wording: ${found.size} actions tell a change in their detail, ${silent.length} silent`,
    );
  });

  it('words every action without placeholders it cannot fill', () => {
    for (const [action, wording] of Object.entries(AUDIT_ACTIONS)) {
      expect(wording.label.length, action).toBeGreaterThan(0);
      for (const placeholder of wording.did.match(/\{\w+\}/g) ?? [])
        expect(PLACEHOLDERS, action).toContain(placeholder);
    }
  });
});
