// Runs Mozilla Readability (with jsdom) over a dataset's pages, one process,
// single-threaded, and writes {id: {text, title, authors}} as JSON.
//   node readability_js.mjs DATASET_DIR OUT.json STATS.json
// Timing covers parsing and extraction only (files are read first).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';

const require = createRequire(process.env.GALLEY_PEERS_DIR + '/package.json');
const { JSDOM, VirtualConsole } = require('jsdom');
const { Readability } = require('@mozilla/readability');

const [dataset, outPath, statsPath] = process.argv.slice(2);
const gt = JSON.parse(fs.readFileSync(path.join(dataset, 'ground-truth.json'), 'utf8'));
const htmlDir = path.join(dataset, 'html');
const limit = parseInt(process.env.GALLEY_COMPARE_LIMIT || '0', 10);
let files = fs.readdirSync(htmlDir).filter(f => /\.html?(\.gz)?$/.test(f)).sort();
if (limit > 0) files = files.slice(0, limit);
function load(f) {
  let b = fs.readFileSync(path.join(htmlDir, f));
  if (f.endsWith('.gz')) b = zlib.gunzipSync(b);
  return { id: f.replace(/\.html?(\.gz)?$/, ''), bytes: b };
}

const vc = new VirtualConsole(); // swallow page console noise
const out = {};
let failures = 0, bytes = 0, ns = 0n;
try { fs.unlinkSync(outPath + '.partial'); } catch (e) { /* none yet */ }
for (const f of files) {
  const p = load(f); // read outside the timed part, one page at a time
  bytes += p.bytes.length;
  const t0 = process.hrtime.bigint();
  const url = (gt[p.id] && gt[p.id].url) || 'http://localhost/';
  let dom = null;
  try {
    dom = new JSDOM(p.bytes, { url, contentType: 'text/html', virtualConsole: vc });
    const art = new Readability(dom.window.document).parse();
    if (!art) { failures++; out[p.id] = { text: '', title: null, authors: [] }; }
    else out[p.id] = { text: art.textContent || '', title: art.title || null,
                  authors: art.byline ? [art.byline] : [],
                  published: art.publishedTime || null };
  } catch (e) {
    failures++;
    out[p.id] = { text: '', title: null, authors: [] };
  } finally {
    if (dom) dom.window.close(); // jsdom keeps a window alive until closed
  }
  ns += process.hrtime.bigint() - t0;
  // one line per page as we go, so a crash (heap exhaustion) loses nothing done
  fs.appendFileSync(outPath + '.partial', JSON.stringify([p.id, out[p.id]]) + '\n');
}
const secs = Number(ns) / 1e9;
fs.writeFileSync(outPath, JSON.stringify(out));
const ver = require('@mozilla/readability/package.json').version;
const jv = require('jsdom/package.json').version;
fs.writeFileSync(statsPath, JSON.stringify({ pages: files.length, bytes, seconds: secs, failures,
  version: `${ver} (jsdom ${jv}, node ${process.versions.node})` }));
