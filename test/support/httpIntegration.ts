// What every framework integration test shares: the HTTP server metric names, the attributes of a
// GET, waiting until a number of requests has been recorded, a server measured into a fresh
// recording for each test, closed after it, and the cases every integration must pass alike.
import type { Server } from 'node:http';
import { afterEach, beforeEach, expect } from 'vitest';
import type { Snapshot } from './collect.js';
import { call } from './loopbackClient.js';
import { eventually } from './testKit.js';
import type { Recording, RecordingSetup } from './recordingSetups.js';

export const DURATION = 'http.server.request.duration';
export const RESPONSE_SIZE = 'http.server.response.body.size';
export const REQUEST_SIZE = 'http.server.request.body.size';
export const ACTIVE = 'http.server.active_requests';

/** The attributes of a GET request's duration, leaving out what is undefined. */
export const get = (route: string | undefined, status: number | undefined, error?: string) => ({
  'http.request.method': 'GET',
  ...(route === undefined ? {} : { 'http.route': route }),
  ...(status === undefined ? {} : { 'http.response.status_code': status }),
  ...(error === undefined ? {} : { 'error.type': error }),
});

/** Collects until every request that was answered has been recorded (durations are recorded when a response closes). */
export async function recordedRequests(recording: Recording, requests: number): Promise<Snapshot> {
  let snapshot: Snapshot | undefined;
  await eventually(async () => {
    snapshot = await recording.collect();
    const total = snapshot.metric(DURATION).dataPoints.reduce((sum, p) => sum + (p.value as { count: number }).count, 0);
    expect(total).toBe(requests);
  });
  return snapshot!;
}

/** A server listening on loopback, and how to stop it. */
export interface Served {
  readonly port: number;
  close(): Promise<void>;
}

/** `server` once it listens (it was told to listen on 127.0.0.1), closed with its open connections. */
export async function listening(server: Server): Promise<Served> {
  if (!server.listening) await new Promise((resolve) => server.once('listening', resolve));
  return {
    port: (server.address() as { port: number }).port,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** The recording and server of the running test. */
export interface IntegrationServer {
  readonly recording: Recording;
  readonly port: number;
  /** Resolves when the server's slow route has its request, so the client can abort then. */
  readonly slowArrived: Promise<void>;
  /** Collects until `requests` requests have been recorded. */
  recorded(requests: number): Promise<Snapshot>;
}

/**
 * Starts a recording from `setup` and a server from `serve` before each test of the enclosing
 * describe, and closes the server after it. `serve` gets the function its slow route calls when
 * its request arrives.
 */
export function servePerTest(setup: RecordingSetup, serve: (recording: Recording, arrived: () => void) => Promise<Served>): IntegrationServer {
  let recording: Recording | undefined;
  let served: Served | undefined;
  let slowArrived: Promise<void> = Promise.resolve();
  beforeEach(async () => {
    recording = setup.start();
    let arrived: () => void = () => undefined;
    slowArrived = new Promise((resolve) => (arrived = resolve));
    served = await serve(recording, () => arrived());
  });
  afterEach(async () => {
    await served?.close();
    served = undefined;
  });
  return {
    get recording() {
      if (recording === undefined) throw new Error('no recording outside a test');
      return recording;
    },
    get port() {
      if (served === undefined) throw new Error('no server outside a test');
      return served.port;
    },
    get slowArrived() {
      return slowArrived;
    },
    recorded: (requests) => recordedRequests(recording!, requests),
  };
}

/**
 * A PROPFIND (a method outside the known set) to `routedPath`, which the app serves under `route`
 * (echoing the method when `echoesMethod`), and one to a path nothing serves: both are recorded
 * as `_OTHER`, the first under its route, the second a 404 without one; nothing stays active.
 */
export async function expectOtherMethodRecorded(served: IntegrationServer, routedPath: string, route: string, unroutedPath: string, echoesMethod = true): Promise<void> {
  const routed = await call(served.port, 'PROPFIND', routedPath);
  expect(routed.status).toBe(200);
  if (echoesMethod) expect(routed.body.toString()).toBe('PROPFIND');
  expect((await call(served.port, 'PROPFIND', unroutedPath)).status).toBe(404);
  const s = await served.recorded(2);
  expect(s.attributeSets(DURATION)).toEqual([
    { 'http.request.method': '_OTHER', 'http.route': route, 'http.response.status_code': 200 },
    { 'http.request.method': '_OTHER', 'http.response.status_code': 404 },
  ]);
  expect(s.value(ACTIVE, { 'http.request.method': '_OTHER' })).toBe(0);
}
