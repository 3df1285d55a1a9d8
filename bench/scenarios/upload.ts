import { performance } from 'node:perf_hooks';
import type { WatchReport } from '../children/probe';
import type { AddFeaturesResponse } from '../../src/upstream/contract';
import type { BenchContext } from '../lib/context';
import { addFeaturesBody, createDatabase, enrol } from '../lib/fixtures';
import { postMultipart } from '../lib/graphql';
import { FACE_PHOTO, prepareSmallPhoto, prepareUploadPhotos, readBase64, type Photo } from '../lib/photos';
import { callRest } from '../lib/rest';
import { cpuCounter, gatewayAvailable, startServerUnderTest } from '../lib/servers';
import { MB } from '../lib/stats';

/**
 * Scenario (c): addFeatures with 16 large photos (≥ 64 MB) as a multipart upload through the gateway:
 * the gateway's peak RSS above its idle baseline, its max event-loop delay during the upload, and the wall
 * time against the same batch sent directly as one REST request (base64 JSON, built before the clock starts).
 */

export interface UploadReport {
  photos: number;
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
  };
  gatewayVsDirectWallTime?: number;
  skipped?: string;
}

const ADD_FEATURES = /* GraphQL */ `
  mutation BenchAddFeatures($databaseId: ID!, $features: [NewFeatureInput!]!) {
    addFeatures(databaseId: $databaseId, features: $features) { index code message feature { id } }
  }
`;

type AddFeaturesData = { addFeatures: Array<{ index: number; code: number; message: string }> };

function uploadThroughGateway(url: string, databaseId: string, photos: Array<Pick<Photo, 'path' | 'mimeType'>>) {
  const features = photos.map((_, i) => ({ image: { file: null }, extraInfo: `bench-upload-${i}` }));
  const files = photos.map((photo, i) => ({ ...photo, variablePath: `variables.features.${i}.image.file` }));
  return postMultipart<AddFeaturesData>(url, ADD_FEATURES, { databaseId, features }, files);
}

export async function runUploadScenario(ctx: BenchContext, log: (line: string) => void): Promise<UploadReport> {
  const { upstream } = ctx;
  const photos = await prepareUploadPhotos(log);
  const totalBytes = photos.reduce((sum, photo) => sum + photo.bytes, 0);
  const largest = Math.max(...photos.map((photo) => photo.bytes));
  const dbId = await createDatabase(upstream, 'bench-upload', 1000);
  // warm the engine so neither way pays for first-use initialisation
  await enrol(upstream, dbId, [readBase64(FACE_PHOTO)], () => 'bench-upload-warm-up');

  const body = addFeaturesBody(photos.map((photo) => readBase64(photo.path)), (i) => `bench-upload-${i}`);
  const directStart = performance.now();
  const directAnswer = await callRest<AddFeaturesResponse>(upstream, 'POST', `/databases/${dbId}/features`, body);
  const directRest = {
    wallMs: performance.now() - directStart,
    bodyMB: Buffer.byteLength(body) / MB,
    accepted: directAnswer.results.filter((result) => result.code === 0).length,
  };
  log(`  (c) direct REST batch of ${photos.length} (${directRest.bodyMB.toFixed(0)} MB JSON): ${directRest.wallMs.toFixed(0)} ms, ${directRest.accepted} accepted`);
  const report: UploadReport = { photos: photos.length, totalMB: totalBytes / MB, largestPhotoMB: largest / MB, directRest };
  if (!gatewayAvailable()) return { ...report, skipped: 'gateway: src/gateway/server.ts does not exist yet' };

  const gateway = await startServerUnderTest('gateway', upstream, ctx.upstreamConnections);
  const gatewayCpu = cpuCounter(gateway);
  try {
    // one small upload first, so the baseline is taken after the upload code paths are loaded but before any
    // large buffer has grown the heap (RSS rarely shrinks again, a large warm-up would hide the upload's peak)
    const warm = await uploadThroughGateway(gateway.info.url, dbId, [await prepareSmallPhoto()]);
    if (warm.errors || warm.data?.addFeatures.length !== 1) throw new Error(`warm-up upload failed: ${JSON.stringify(warm).slice(0, 400)}`);
    // the idle proxy process is the control: its loop delays are the machine's (other processes), not the gateway's
    await ctx.proxy.request('watch:start');
    await gateway.request('watch:start');
    const cpuBefore = await gatewayCpu();
    const start = performance.now();
    const answer = await uploadThroughGateway(gateway.info.url, dbId, photos);
    const wallMs = performance.now() - start;
    const cpuMs = ((await gatewayCpu()) - cpuBefore) / 1000;
    const watch = await gateway.request<WatchReport>('watch:stop');
    const control = await ctx.proxy.request<WatchReport>('watch:stop');
    if (answer.errors || !answer.data) throw new Error(`addFeatures upload failed: ${JSON.stringify(answer).slice(0, 400)}`);
    const peakAbove = (watch.peakRssBytes - watch.baselineRssBytes) / MB;
    report.gateway = {
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
    };
    report.gatewayVsDirectWallTime = wallMs / directRest.wallMs;
    log(`  (c) gateway multipart upload: ${wallMs.toFixed(0)} ms, peak +${peakAbove.toFixed(0)} MB RSS, max loop delay ${watch.maxEventLoopDelayMs.toFixed(0)} ms`);
    return report;
  } finally {
    await gateway.stop();
  }
}
