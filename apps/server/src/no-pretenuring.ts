// Imported first by main.ts. V8 "pretenures" an allocation site (allocates its objects straight in
// the old generation) once nearly all it allocated outlived a young-generation collection, and never
// revisits the decision. On PostgreSQL one such decision, made during start-up or the first requests,
// caught the array node-postgres makes for every result's rows (pg/lib/result.js, `this.rows = []`):
// from then on each query's rows array sat in the old generation and kept its rows and their strings
// alive through every scavenge, so a page's rows (40-65 KB a request, ~1.5 MB a scavenge) were
// promoted and freed only by a full collection, and scavenges took 7-12 ms instead of 2-3. This
// server's request data dies young; nothing in it gains from pretenuring. The flag is read at each
// collection, so set here, before any decision, it holds for the whole process.
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--no-allocation-site-pretenuring');
