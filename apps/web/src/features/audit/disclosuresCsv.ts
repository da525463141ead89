// The disclosure report as CSV, for a file the office keeps or hands over.

export interface DisclosureRow {
  occurredAt: string;
  actorName: string | null;
  description: string;
  matterReference: string | null;
  ip: string;
}

/** A CSV cell, quoted, and defused so a spreadsheet never reads it as a formula. */
function csvCell(value: string): string {
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n']/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function disclosuresCsv(rows: DisclosureRow[]): string {
  const lines = [
    ['When (UTC)', 'Who', 'What', 'Matter', 'Address'],
    ...rows.map((r) => [r.occurredAt, r.actorName ?? '', r.description, r.matterReference ?? '', r.ip]),
  ];
  return `\uFEFF${lines.map((cells) => cells.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
