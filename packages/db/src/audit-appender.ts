// A process that appends audit rows to one office's chain until its standard input closes, as a
// server does all day. The audit check's test runs it beside the check: another process, as the
// server is to the command-line check (two connections in one process would wait on each other's
// SQLite locks in one thread). Says "appending" once started, and how many rows it appended at the end.
import { appendAuditRow } from './audit-chain.ts';
import { openDatabase } from './connect.ts';
import { newId } from './ids.ts';

const [url = '', officeId = ''] = process.argv.slice(2);
const database = openDatabase(url);
let open = true;
process.stdin.on('end', () => {
  open = false;
});
process.stdin.resume();
let appended = 0;
while (open) {
  await appendAuditRow(database.db, {
    id: newId(),
    occurred_at: new Date().toISOString(),
    actor_id: null,
    office_id: officeId,
    action: 'matters.get',
    entity_type: 'matter',
    entity_id: newId(),
    ip: '127.0.0.1',
    outcome: 'ok',
    detail: JSON.stringify({ appended }),
  });
  if (++appended === 1) process.stdout.write('appending\n');
  // Lets the end of standard input be heard.
  await new Promise((resolve) => setImmediate(resolve));
}
await database.close();
process.stdout.write(`${appended}\n`);
