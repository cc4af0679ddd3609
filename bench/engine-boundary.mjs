// The JavaScript boundary's cost, two checkouts side by side: sample() through each one's
// web/activation-engine.js and its own activation_explorer.wasm (n = 200,001 on [−10, 10],
// copied as the page takes them and borrowed), and the lab's steps and history reads through
// each one's web/lab/lab-engine.js. Rounds alternate between the two so machine load hits them
// alike; the best of the rounds for each (interference on a shared machine only slows a round). For a boundary change, the base commit's web/ and dist/ against this one's:
//   node bench/engine-boundary.mjs before=/tmp/base/web:/tmp/base/dist after=web:dist
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const FUNCTIONS = ['silu', 'leaky_relu'];
const N = 200_001;
const ROUNDS = Number(process.env.AE_BENCH_ROUNDS ?? 30);
const LAB_RUN = { dataset: 'spiral', samples: 300, hidden: [16, 16], batch: 32, seed: 7, sides: [{ functionId: 'leaky_relu' }, { functionId: 'relu' }] };
const best = (values) => Math.min(...values);

async function load(name, spec) {
  const [web, dist] = spec.split(':').map((p) => resolve(p));
  const { loadEngine } = await import(pathToFileURL(`${web}/activation-engine.js`).href);
  const { loadLabEngine } = await import(pathToFileURL(`${web}/lab/lab-engine.js`).href);
  return {
    name,
    engine: await loadEngine(await readFile(`${dist}/activation_explorer.wasm`)),
    lab: await loadLabEngine(await readFile(`${dist}/activation_lab.wasm`)),
  };
}

function time(body) {
  const start = performance.now();
  body();
  return performance.now() - start;
}

// One round's measurements for one checkout: ns per sample, µs per lab step and per history read.
function round({ engine, lab }) {
  const out = {};
  for (const functionId of FUNCTIONS) {
    for (const borrow of [false, true]) {
      out[`${functionId}${borrow ? ' borrowed' : ''}`] = (time(() => {
        if (!engine.sample({ functionId, from: -10, to: 10, n: N, borrow }).ok) throw new Error(functionId);
      }) * 1e6) / N;
    }
  }
  if (!lab.start(LAB_RUN).ok) throw new Error('lab start');
  out['lab step (µs)'] = (time(() => { for (let i = 0; i < 200; i += 1) lab.step(1); }) * 1e3) / 200;
  out['lab history, 200 steps (µs)'] = (time(() => { for (let i = 0; i < 200; i += 1) lab.history(i % 2, 0, 2); }) * 1e3) / 200;
  return out;
}

const checkouts = await Promise.all(process.argv.slice(2).map((arg) => load(...arg.split('='))));
if (checkouts.length < 2) throw new Error('usage: node bench/engine-boundary.mjs before=WEB:DIST after=WEB:DIST');
const samples = checkouts.map(() => ({}));
checkouts.forEach((c) => round(c));  // warm-up: buffers sized, code compiled
for (let r = 0; r < ROUNDS; r += 1) {
  checkouts.forEach((c, i) => {
    for (const [key, value] of Object.entries(round(c))) (samples[i][key] ??= []).push(value);
  });
}
console.log(`Best of ${ROUNDS} alternating rounds, Node ${process.version}; sample(): ns per sample, n = ${N.toLocaleString('en')} on [−10, 10]`);
console.log(`| measure | ${checkouts.map((c) => c.name).join(' | ')} | ${checkouts.slice(1).map((c) => `${c.name}/${checkouts[0].name}`).join(' | ')} |`);
console.log(`| --- |${' ---: |'.repeat(2 * checkouts.length - 1)}`);
for (const key of Object.keys(samples[0])) {
  const bests = samples.map((s) => best(s[key]));
  console.log(`| ${key} | ${bests.map((v) => v.toFixed(2)).join(' | ')} | ${bests.slice(1).map((v) => (v / bests[0]).toFixed(3)).join(' | ')} |`);
}
