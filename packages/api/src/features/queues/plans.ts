// The rule every queue query's SQLite plan must keep, shared by plans.int.test.ts and the benchmark
// (which checks it again on the database it builds): no scan of a table and no sort in a temporary
// B-tree. Reading back a query's own rows (a co-routine, such as a count's "queue") is not a table
// scan.
export function badPlanLines(plan: string[], options: { allowTempSort?: boolean } = {}): string[] {
  const coroutines = new Set(plan.map((line) => /^CO-ROUTINE (\S+)/.exec(line)?.[1]).filter(Boolean));
  return plan.filter((line) => {
    const scanned = /^SCAN (\S+)/.exec(line)?.[1];
    if (scanned && !coroutines.has(scanned)) return true;
    return !options.allowTempSort && /TEMP B-TREE/.test(line);
  });
}
