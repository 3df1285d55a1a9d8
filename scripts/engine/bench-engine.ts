/**
 * Engine speed with the worker pool: photos per second for embedLargest, detect and quality on 250×250 photos
 * (lfw-dev when present, else 250×250 crops of the face-api sample photos), median of several runs, plus the
 * median latency of one request on an idle engine.
 * Usage: npm run bench:engine [-- --workers 2 --runs 5 --photos 60]
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import sharp from 'sharp';
import { createFaceEngine, type FaceEngine } from '../../src/local-face-api/engine';
import { median } from '../../tools/stats';
import { LFW_DIR } from './dataset';

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
}

async function photos(count: number): Promise<{ source: string; images: Buffer[] }> {
  const csv = path.join(LFW_DIR, 'labels.csv');
  if (fs.existsSync(csv)) {
    const files = fs.readFileSync(csv, 'utf8').trim().split(/\r?\n/).slice(1).map((l) => l.split(',')[0]);
    const step = Math.max(1, Math.floor(files.length / count));
    const picked = files.filter((_, i) => i % step === 0).slice(0, count);
    return { source: 'lfw-dev', images: picked.map((f) => fs.readFileSync(path.join(LFW_DIR, f))) };
  }
  // the samples' faces, each cut to a 250×250 JPEG centred on the face like LFW
  const engine = await createFaceEngine({ workers: 1 });
  const images: Buffer[] = [];
  const demo = path.join(path.dirname(require.resolve('@vladmandic/face-api/package.json')), 'demo');
  for (let n = 1; n <= 6; n++) {
    const full = fs.readFileSync(path.join(demo, `sample${n}.jpg`));
    const meta = await sharp(full).metadata();
    for (const face of await engine.detect(full)) {
      const r = face.rectangle;
      const side = Math.round(r.width * 2);
      const left = Math.max(0, Math.min(meta.width! - side, Math.round(r.left + r.width / 2 - side / 2)));
      const top = Math.max(0, Math.min(meta.height! - side, Math.round(r.top + r.height / 2 - side / 2)));
      images.push(await sharp(full).extract({ left, top, width: side, height: side }).resize(250, 250).jpeg().toBuffer());
    }
  }
  await engine.close();
  return { source: 'face-api sample crops', images: Array.from({ length: count }, (_, i) => images[i % images.length]) };
}

async function throughput(engine: FaceEngine, images: Buffer[], run: (img: Buffer) => Promise<unknown>, runs: number) {
  const rates: number[] = [];
  const cpuPerPhoto: number[] = [];
  for (let r = 0; r < runs; r++) {
    const started = process.hrtime.bigint();
    const cpu = process.cpuUsage();
    await Promise.all(images.map((img) => run(img).catch(() => undefined)));
    rates.push(images.length / (Number(process.hrtime.bigint() - started) / 1e9));
    const used = process.cpuUsage(cpu);
    cpuPerPhoto.push((used.user + used.system) / 1000 / images.length);
  }
  const latencies: number[] = [];
  for (const img of images.slice(0, 15)) {
    const started = process.hrtime.bigint();
    await run(img).catch(() => undefined);
    latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return { rate: median(rates), rates, latency: median(latencies), cpu: median(cpuPerPhoto) };
}

async function main(): Promise<void> {
  const workers = option('workers', os.availableParallelism());
  const runs = option('runs', 5);
  const { source, images } = await photos(option('photos', 60));
  const engine = await createFaceEngine({ workers });
  console.log(`engine speed: ${images.length} photos of 250x250 (${source}), ${workers} workers, ${os.availableParallelism()} cores, median of ${runs} runs`);
  await Promise.all(images.slice(0, workers * 2).map((img) => engine.embedLargest(img).catch(() => undefined))); // warm-up
  for (const [name, run] of [
    ['embedLargest', (img: Buffer) => engine.embedLargest(img)],
    ['detect', (img: Buffer) => engine.detect(img)],
    ['quality', (img: Buffer) => engine.quality(img)],
  ] as const) {
    const { rate, rates, latency, cpu } = await throughput(engine, images, run, runs);
    console.log(
      `${name.padEnd(13)} ${rate.toFixed(1)} photos/s (runs: ${rates.map((r) => r.toFixed(1)).join(', ')}); ` +
        `single-request latency median ${latency.toFixed(0)} ms; CPU ${cpu.toFixed(0)} ms/photo ` +
        `(= ${((1000 / cpu) * workers).toFixed(1)} photos/s if ${workers} cores were free)`,
    );
  }
  console.log(`load average during the run (other processes share the cores): ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  await engine.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
