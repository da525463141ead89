// The California calendar date of an instant, with one formatter for the process: building an
// Intl.DateTimeFormat per call costs a tenth of a millisecond and native memory the GC does not
// see, which a page of rows multiplied into a leak (found by the queue benchmark).
const formatter = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'America/Los_Angeles',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

export function californiaDay(instant: Date): string {
  return formatter.format(instant);
}
