// Runs Mozilla Readability (with jsdom) over a dataset's pages, one process,
// single-threaded, and writes {id: {text, title, authors}} as JSON.
//   node readability_js.mjs DATASET_DIR OUT.json STATS.json
// Environment: GALLEY_COMPARE_PAGE_TIMEOUT (seconds per page, default 30),
// GALLEY_COMPARE_HEAP_MB (worker heap, default 4096), GALLEY_COMPARE_LIMIT.
//
// Pages run one at a time in a single worker thread, so that a page that
// loops or exhausts the heap can be stopped without losing the run: the main
// thread terminates the worker when a page passes the time limit (or the
// worker dies of heap exhaustion), counts the page as failed with empty
// output, starts a fresh worker and goes on. Only one thread works at a time.
//
// Timing: the worker times each page itself, from the bytes in memory to the
// closed jsdom window (parse + extraction), in wall time and in the process's
// CPU time; reading files, passing messages
// and starting workers are outside it, so the restarts after a timeout cost
// the peer nothing. A page that is stopped is charged the wall time it held
// the worker (about the limit), since that is what it cost.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

if (isMainThread) await main(); else workerMain();

function workerMain() {
  const require = createRequire(workerData.peersDir + '/package.json');
  const { JSDOM, VirtualConsole } = require('jsdom');
  const { Readability } = require('@mozilla/readability');
  const vc = new VirtualConsole(); // swallow page console noise
  parentPort.on('message', ({ id, url, bytes }) => {
    let res = null, failed = false;
    const t0 = process.hrtime.bigint();
    const c0 = process.cpuUsage();
    let dom = null;
    try {
      dom = new JSDOM(Buffer.from(bytes), { url, contentType: 'text/html',
                                             virtualConsole: vc });
      const art = new Readability(dom.window.document).parse();
      if (art) {
        res = { text: art.textContent || '', title: art.title || null,
                authors: art.byline ? [art.byline] : [],
                published: art.publishedTime || null };
      } else failed = true;
    } catch (e) {
      failed = true;
    } finally {
      if (dom) dom.window.close(); // jsdom keeps a window alive until closed
    }
    const ns = process.hrtime.bigint() - t0;
    const c = process.cpuUsage(c0); // whole process: V8's helper threads count too
    parentPort.postMessage({ id, res, failed, ns: ns.toString(), cpu: c.user + c.system });
  });
  parentPort.postMessage({ ready: true });
}

async function main() {
  const peersDir = process.env.GALLEY_PEERS_DIR;
  const require = createRequire(peersDir + '/package.json');
  const [dataset, outPath, statsPath] = process.argv.slice(2);
  const limitS = parseFloat(process.env.GALLEY_COMPARE_PAGE_TIMEOUT || '30');
  const heapMb = parseInt(process.env.GALLEY_COMPARE_HEAP_MB || '4096', 10);
  const gt = JSON.parse(fs.readFileSync(path.join(dataset, 'ground-truth.json'), 'utf8'));
  const htmlDir = path.join(dataset, 'html');
  const limit = parseInt(process.env.GALLEY_COMPARE_LIMIT || '0', 10);
  let files = fs.readdirSync(htmlDir).filter(f => /\.html?(\.gz)?$/.test(f)).sort();
  if (limit > 0) files = files.slice(0, limit);

  let worker = null;
  function start() {
    const w = new Worker(new URL(import.meta.url), {
      workerData: { peersDir },
      resourceLimits: { maxOldGenerationSizeMb: heapMb },
      stdout: true, stderr: true, // page noise stays out of the report
    });
    w.stdout.resume();
    w.stderr.resume();
    w.on('error', () => {}); // a death is seen by run(); none may go unhandled
    // loading jsdom happens before the first page is handed over
    return new Promise((resolve, reject) => {
      w.once('message', () => resolve(w));
      w.once('exit', code => reject(new Error(`worker exited (${code}) while starting`)));
    });
  }
  // one page: resolves {kind: 'done'|'timeout'|'died', ...}; never rejects
  function run(w, p, url) {
    return new Promise(resolve => {
      const t0 = process.hrtime.bigint();
      const c0 = process.cpuUsage();
      const wall = () => process.hrtime.bigint() - t0;
      const cpu = () => { const c = process.cpuUsage(c0); return c.user + c.system; };
      let settled = false;
      const onMsg = m => finish({ kind: 'done', ns: BigInt(m.ns), cpu: m.cpu, res: m.res,
                                  failed: m.failed });
      const onErr = e => finish({ kind: 'died', ns: wall(), cpu: cpu(),
                                  why: e.code || String(e) });
      const onExit = () => finish({ kind: 'died', ns: wall(), cpu: cpu(), why: 'exit' });
      const finish = r => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        w.off('message', onMsg);
        w.off('error', onErr);
        w.off('exit', onExit);
        resolve(r);
      };
      const timer = setTimeout(() => finish({ kind: 'timeout', ns: wall(), cpu: cpu() }), limitS * 1000);
      w.on('message', onMsg);
      w.on('error', onErr);
      w.on('exit', onExit);
      const ab = p.bytes.buffer.slice(p.bytes.byteOffset, p.bytes.byteOffset + p.bytes.length);
      w.postMessage({ id: p.id, url, bytes: ab }, [ab]);
    });
  }

  const empty = { text: '', title: null, authors: [] };
  const out = {};
  let failures = 0, timeouts = 0, died = 0, bytes = 0, ns = 0n, cpuUs = 0;
  try { fs.unlinkSync(outPath + '.partial'); } catch (e) { /* none yet */ }
  worker = await start();
  for (const f of files) {
    let b = fs.readFileSync(path.join(htmlDir, f)); // outside the timed part
    if (f.endsWith('.gz')) b = zlib.gunzipSync(b);
    const p = { id: f.replace(/\.html?(\.gz)?$/, ''), bytes: b };
    bytes += b.length;
    const url = (gt[p.id] && gt[p.id].url) || 'http://localhost/';
    let r = await run(worker, p, url);
    if (r.kind === 'died') {
      // heap exhaustion may come from what earlier pages left behind: the
      // page gets one more try in a fresh worker before it counts as failed;
      // both tries are charged
      process.stderr.write(`readability-js: ${p.id} died (${r.why}), retrying\n`);
      ns += r.ns;
      cpuUs += r.cpu;
      worker = await start();
      r = await run(worker, { id: p.id, bytes: b }, url);
    }
    ns += r.ns;
    cpuUs += r.cpu;
    if (r.kind === 'done' && !r.failed) {
      out[p.id] = r.res;
    } else {
      failures++;
      out[p.id] = empty;
      if (r.kind === 'timeout') timeouts++;
      if (r.kind === 'died') died++;
      if (r.kind !== 'done') {
        process.stderr.write(`readability-js: ${p.id} ${r.kind}` +
                             (r.why ? ` (${r.why})` : '') + '\n');
        await worker.terminate();
        worker = await start();
      }
    }
    // one line per page as we go, so a crash of the whole process loses nothing done
    fs.appendFileSync(outPath + '.partial', JSON.stringify([p.id, out[p.id]]) + '\n');
  }
  await worker.terminate();
  const secs = Number(ns) / 1e9;
  fs.writeFileSync(outPath, JSON.stringify(out));
  const ver = require('@mozilla/readability/package.json').version;
  const jv = require('jsdom/package.json').version;
  fs.writeFileSync(statsPath, JSON.stringify({
    pages: files.length, bytes, seconds: secs, cpu_seconds: cpuUs / 1e6, failures,
    timeouts, died,
    version: `${ver} (jsdom ${jv}, node ${process.versions.node})` }));
}
