import { performance } from 'node:perf_hooks';
import type { WatchReport } from '../children/probe';
import type { AddFeaturesResponse } from '../../src/face-api-contract';
import type { BenchContext } from '../lib/context';
import { addFeaturesBody, createDatabase, enrol } from '../lib/fixtures';
import { bearer, postMultipart, uploadFromDisk } from '../../tools/graphql-client';
import { prepareSmallPhoto, prepareUploadPhotos, readBase64, type Photo } from '../lib/photos';
import { callRest, type Upstream } from '../lib/rest';
import { cpuCounter, gatewayAvailable, startServerUnderTest, type ServerUnderTest } from '../lib/servers';
import { MB } from '../lib/stats';

/**
 * Scenario (c): addFeatures with 16 large photos (≥ 64 MB) as a multipart upload through the gateway:
 * the gateway's peak RSS above its idle baseline, its max event-loop delay during the upload, and the wall
 * time against the same batch sent directly as one REST request (base64 JSON, built before the clock starts).
 */

export interface UploadReport {
  photos: number;
  /** uploads each way; wall times and CPU are means, memory, loop delays and acceptance the worst round */
  rounds: number;
  totalMB: number;
  largestPhotoMB: number;
  directRest: { wallMs: number; bodyMB: number; accepted: number };
  gateway?: {
    wallMs: number;
    accepted: number;
    baselineRssMB: number;
    peakAboveBaselineMB: number;
    /** the target: ≤ 1.5 × the largest photo plus a constant */
    peakAboveBaselineVsLargestPhoto: number;
    maxEventLoopDelayMs: number;
    p99EventLoopDelayMs: number;
    /** the same measure in an idle process during the upload: what the machine's load alone causes */
    idleControlMaxEventLoopDelayMs: number;
    idleControlP99EventLoopDelayMs: number;
    /** CPU time of the gateway process for the whole upload */
    cpuMs: number;
    /** the highest of each part of process.memoryUsage() the main thread sampled, MB above its start (probe.ts) */
    maxima: { rssMB: number; heapTotalMB: number; heapUsedMB: number; arrayBuffersMB: number; externalMB: number };
  };
  gatewayVsDirectWallTime?: number;
  /** every round, in order, as measured */
  runs?: { directRest: Array<{ wallMs: number; accepted: number }>; gateway: GatewayUpload[] };
  skipped?: string;
}

const ADD_FEATURES = /* GraphQL */ `
  mutation BenchAddFeatures($databaseId: ID!, $features: [NewFeatureInput!]!) {
    addFeatures(databaseId: $databaseId, features: $features) { index code message feature { id } }
  }
`;

type AddFeaturesData = { addFeatures: Array<{ index: number; code: number; message: string }> };

async function uploadThroughGateway(ctx: BenchContext, url: string, databaseId: string, photos: Array<Pick<Photo, 'path' | 'mimeType'>>) {
  const features = photos.map((_, i) => ({ image: { file: null }, extraInfo: `bench-upload-${i}` }));
  const files = await Promise.all(photos.map((photo, i) => uploadFromDisk(`variables.features.${i}.image.file`, photo.path, photo.mimeType)));
  const headers = { 'apollo-require-preflight': 'true', ...bearer(ctx.clientApiKey) };
  return (await postMultipart<AddFeaturesData>(url, ADD_FEATURES, { databaseId, features }, files, headers)).body;
}

type GatewayUpload = NonNullable<UploadReport['gateway']>;

async function directUpload(upstream: Upstream, dbId: string, body: string): Promise<{ wallMs: number; accepted: number }> {
  const start = performance.now();
  const answer = await callRest<AddFeaturesResponse>(upstream, 'POST', `/databases/${dbId}/features`, body);
  return { wallMs: performance.now() - start, accepted: answer.results.filter((result) => result.code === 0).length };
}

async function gatewayUpload(ctx: BenchContext, gateway: ServerUnderTest, dbId: string, photos: Photo[]): Promise<GatewayUpload> {
  const gatewayCpu = cpuCounter(gateway);
  // the idle proxy process is the control: its loop delays are the machine's (other processes), not the gateway's
  await ctx.proxy.request('watch:start');
  await gateway.request('watch:start');
  const cpuBefore = await gatewayCpu();
  const start = performance.now();
  const answer = await uploadThroughGateway(ctx, gateway.info.url, dbId, photos);
  const wallMs = performance.now() - start;
  const cpuMs = ((await gatewayCpu()) - cpuBefore) / 1000;
  const watch = await gateway.request<WatchReport>('watch:stop');
  const control = await ctx.proxy.request<WatchReport>('watch:stop');
  if (answer.errors || !answer.data) throw new Error(`addFeatures upload failed: ${JSON.stringify(answer).slice(0, 400)}`);
  const largest = Math.max(...photos.map((photo) => photo.bytes));
  const peakAbove = (watch.peakRssBytes - watch.baselineRssBytes) / MB;
  return {
    wallMs,
    accepted: answer.data.addFeatures.filter((result) => result.code === 0).length,
    baselineRssMB: watch.baselineRssBytes / MB,
    peakAboveBaselineMB: peakAbove,
    peakAboveBaselineVsLargestPhoto: peakAbove / (largest / MB),
    maxEventLoopDelayMs: watch.maxEventLoopDelayMs,
    p99EventLoopDelayMs: watch.p99EventLoopDelayMs,
    idleControlMaxEventLoopDelayMs: control.maxEventLoopDelayMs,
    idleControlP99EventLoopDelayMs: control.p99EventLoopDelayMs,
    cpuMs,
    maxima: Object.fromEntries(Object.entries(watch.maxima).map(([key, bytes]) => [key.replace(/Bytes$/, 'MB'), bytes / MB])) as GatewayUpload['maxima'],
  };
}

/** Rounds taken as one: wall time and CPU averaged, the worst of memory, loop delays and acceptance. */
function combine(runs: GatewayUpload[]): GatewayUpload {
  const mean = (pick: (run: GatewayUpload) => number) => runs.reduce((sum, run) => sum + pick(run), 0) / runs.length;
  const max = (pick: (run: GatewayUpload) => number) => Math.max(...runs.map(pick));
  return {
    wallMs: mean((run) => run.wallMs),
    accepted: Math.min(...runs.map((run) => run.accepted)),
    baselineRssMB: runs[0].baselineRssMB,
    peakAboveBaselineMB: max((run) => run.peakAboveBaselineMB),
    peakAboveBaselineVsLargestPhoto: max((run) => run.peakAboveBaselineVsLargestPhoto),
    maxEventLoopDelayMs: max((run) => run.maxEventLoopDelayMs),
    p99EventLoopDelayMs: max((run) => run.p99EventLoopDelayMs),
    idleControlMaxEventLoopDelayMs: max((run) => run.idleControlMaxEventLoopDelayMs),
    idleControlP99EventLoopDelayMs: max((run) => run.idleControlP99EventLoopDelayMs),
    cpuMs: mean((run) => run.cpuMs),
    // the breakdown of the round with the highest peak
    maxima: runs.reduce((worst, run) => (run.peakAboveBaselineMB > worst.peakAboveBaselineMB ? run : worst)).maxima,
  };
}

export async function runUploadScenario(ctx: BenchContext, log: (line: string) => void): Promise<UploadReport> {
  const { upstream, options } = ctx;
  const photos = await prepareUploadPhotos(log);
  const totalBytes = photos.reduce((sum, photo) => sum + photo.bytes, 0);
  const largest = Math.max(...photos.map((photo) => photo.bytes));
  const dbId = await createDatabase(upstream, 'bench-upload', 1000);
  // warm the engine on large photos (one JPEG, one PNG) so neither way pays for first-use initialisation
  await enrol(upstream, dbId, [readBase64(photos[0].path), readBase64(photos[1].path)], () => 'bench-upload-warm-up');
  const body = addFeaturesBody(photos.map((photo) => readBase64(photo.path)), (i) => `bench-upload-${i}`);
  const base = { photos: photos.length, totalMB: totalBytes / MB, largestPhotoMB: largest / MB, rounds: options.uploadRounds };
  const bodyMB = Buffer.byteLength(body) / MB;
  const logDirect = (run: { wallMs: number; accepted: number }) =>
    log(`  (c) direct REST batch of ${photos.length} (${bodyMB.toFixed(0)} MB JSON): ${run.wallMs.toFixed(0)} ms, ${run.accepted} accepted`);

  if (!gatewayAvailable()) {
    const direct = await directUpload(upstream, dbId, body);
    logDirect(direct);
    return { ...base, directRest: { ...direct, bodyMB }, skipped: 'gateway: src/gateway/server.ts does not exist yet' };
  }
  const gateway = await startServerUnderTest('gateway', upstream, ctx);
  try {
    // one small upload first, so the baseline is taken after the upload code paths are loaded but before any
    // large buffer has grown the heap (RSS rarely shrinks again, a large warm-up would hide the upload's peak)
    const warm = await uploadThroughGateway(ctx, gateway.info.url, dbId, [await prepareSmallPhoto()]);
    if (warm.errors || warm.data?.addFeatures.length !== 1) throw new Error(`warm-up upload failed: ${JSON.stringify(warm).slice(0, 400)}`);
    const directRuns: Array<{ wallMs: number; accepted: number }> = [];
    const gatewayRuns: GatewayUpload[] = [];
    const viaGateway = async () => {
      const run = await gatewayUpload(ctx, gateway, dbId, photos);
      gatewayRuns.push(run);
      const at = run.maxima;
      log(
        `  (c) gateway multipart upload: ${run.wallMs.toFixed(0)} ms, RSS peak ${run.peakAboveBaselineMB.toFixed(1)} MB above idle, max loop delay ${run.maxEventLoopDelayMs.toFixed(0)} ms` +
          ` (main-thread maxima, MB: RSS ${at.rssMB.toFixed(1)}, heap committed ${at.heapTotalMB.toFixed(1)}, used ${at.heapUsedMB.toFixed(1)}, Buffers ${at.arrayBuffersMB.toFixed(1)}, external ${at.externalMB.toFixed(1)})`,
      );
    };
    const direct = async () => {
      const run = await directUpload(upstream, dbId, body);
      directRuns.push(run);
      logDirect(run);
    };
    // alternate which way goes first: the machine's load drifts, and the first batch may warm the engine further
    for (let round = 0; round < options.uploadRounds; round++) {
      if (round % 2 === 0) await direct().then(viaGateway);
      else await viaGateway().then(direct);
    }
    const directRest = {
      wallMs: directRuns.reduce((sum, run) => sum + run.wallMs, 0) / directRuns.length,
      bodyMB,
      accepted: Math.min(...directRuns.map((run) => run.accepted)),
    };
    const combined = combine(gatewayRuns);
    return {
      ...base,
      directRest,
      gateway: combined,
      gatewayVsDirectWallTime: combined.wallMs / directRest.wallMs,
      runs: { directRest: directRuns, gateway: gatewayRuns },
    };
  } finally {
    await gateway.stop();
  }
}
