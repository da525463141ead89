// The rule every queue query's SQLite plan must keep, shared by plans.int.test.ts and the benchmark
// (which checks it again on the database it builds): no scan of a table and no sort in a temporary
// B-tree. Reading back a query's own rows (a count's co-routine "queue") is not a table scan.
export function badPlanLines(plan: string[], options: { allowTempSort?: boolean } = {}): string[] {
  return plan.filter(
    (line) =>
      /^SCAN (?!queue$|\(subquery)/.test(line) || (!options.allowTempSort && /TEMP B-TREE/.test(line)),
  );
}
