// @relief-desk/petitions: petition packets and filing runs drawn as PDF on pleading paper. Pure
// drawing: the snapshot of what to draw (PacketData, from the domain) in, PDF bytes out. No database.
export { coverPages, type FilingCover, type FilingCoverRow, paperOf } from './cover.ts';
export { UnprintableTextError } from './fonts.ts';
export { LINES } from './layout.ts';
export {
  type FilingRunCheck,
  filingRunCheck,
  filingRunPages,
  renderFilingRunPdf,
  renderPacketPdf,
} from './render.ts';
export { longDate, printable } from './text.ts';
