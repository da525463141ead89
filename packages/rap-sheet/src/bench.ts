// `pnpm bench:rap-sheet`: how long reading takes. A 40-page text RAP sheet (synthetic, fictional) is
// parsed many times; one scanned page (a PDF holding only an image of the page) is read by OCR end
// to end. Targets: under 100 ms for the text, under 15 s for the page on two cores.
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { summarize } from './contract.ts';
import { parseRapSheet } from './parse.ts';
import { createOcrEngine, rasterisePage, readPdfText } from './pdf.ts';
import { scannedPdf } from './test-support/pdfs.ts';
import { renderRapSheet, sampleSheet, withPageHeaders } from './test-support/synthetic.ts';

const LINES_PER_PAGE = 60;
const PAGES = 40;

function fortyPages(): string {
  let cycles = 100;
  for (;;) {
    const text = withPageHeaders(renderRapSheet(sampleSheet(cycles, 7)), LINES_PER_PAGE);
    if (text.split('\n').length >= PAGES * (LINES_PER_PAGE + 1)) return text;
    cycles += 10;
  }
}

const ms = (value: number) => `${value.toFixed(1)} ms`;
const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};
const seconds = (value: number) => `${(value / 1000).toFixed(2)} s`;

function benchText(): void {
  const text = fortyPages();
  const lines = text.split('\n').length;
  const first = performance.now();
  const firstCpu = process.cpuUsage();
  const record = parseRapSheet(text);
  const firstRun = performance.now() - first;
  const firstRunCpu = cpuMs(firstCpu);
  const runs: number[] = [];
  const cpu: number[] = [];
  for (let run = 0; run < 30; run++) {
    const start = performance.now();
    const startCpu = process.cpuUsage();
    parseRapSheet(text);
    runs.push(performance.now() - start);
    cpu.push(cpuMs(startCpu));
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  const slowest = Math.max(...runs);
  const summary = summarize(record);
  console.log(
    `Text: ${PAGES} pages (${lines} lines, ${record.cycles.length} cycles, ${summary.convictions.length} convictions, ` +
      `${record.warnings.length} warnings): parse median ${ms(median(runs))} (CPU ${ms(median(cpu))}), ` +
      `slowest ${ms(slowest)}, first run ${ms(firstRun)} (CPU ${ms(firstRunCpu)}) (target under 100 ms)`,
  );
}

async function benchOcr(): Promise<void> {
  const page = renderRapSheet(sampleSheet(4, 3)).split('\n').slice(0, LINES_PER_PAGE).join('\n');
  const pdf = await scannedPdf(page);
  const start = performance.now();
  const startCpu = process.cpuUsage();
  const result = await readPdfText(pdf);
  const total = performance.now() - start;
  const totalCpu = cpuMs(startCpu);

  // The same page in its parts: starting the engine, rasterising, recognising (CPU: all threads).
  const part = async <T>(step: () => Promise<T>) => {
    const partStart = performance.now();
    const partCpu = process.cpuUsage();
    const value = await step();
    return { value, text: `${seconds(performance.now() - partStart)} (CPU ${seconds(cpuMs(partCpu))})` };
  };
  const engine = await part(() => createOcrEngine());
  const raster = await part(() => rasterisePage(pdf, 0));
  const recognise = await part(() => engine.value.recognize(raster.value));
  await engine.value.terminate();

  const convictions = summarize(parseRapSheet(result.text)).convictions.length;
  const printed = summarize(parseRapSheet(page)).convictions.length;
  console.log(
    `OCR: 1 scanned page (${result.pages[0]?.source}, confidence ${result.pages[0]?.confidence?.toFixed(0)}, ` +
      `${convictions} of ${printed} convictions read): ${seconds(total)} end to end, CPU ${seconds(totalCpu)} ` +
      `(engine start ${engine.text}, rasterise ${raster.text}, recognise ${recognise.text}) ` +
      `(target under 15 s)`,
  );
}

console.log(`Load average: ${loadavg()[0]?.toFixed(1)} (wall times grow with it; CPU times much less)`);
benchText();
await benchOcr();
