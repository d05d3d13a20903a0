// The Prometheus clients measured beside the domain API: prom-client, and its renamed successor
// @prometheus-io/client, which needs Node 22 or later and is therefore loaded only there.
import promClient from 'prom-client';

/** The successor keeps prom-client's API; its rows use the same code through this type. */
export type PromClientModule = typeof promClient;

export interface Peer {
  readonly name: string;
  readonly version: string;
  readonly client: PromClientModule;
}

export const PROM_CLIENT_NAME = 'prom-client';
export const SUCCESSOR_NAME = '@prometheus-io/client';
const SUCCESSOR_MIN_NODE = 22;

export interface Peers {
  readonly promClient: Peer;
  /** Absent on Node < 22 or when the package is not installed; `successorNote` says which. */
  readonly successor: Peer | undefined;
  readonly successorNote: string;
}

/**
 * The peers available on this Node. The specifier is a variable so that type-checking does not
 * need the successor installed; its package has the same exports as prom-client.
 */
export async function loadPeers(versionOf: (name: string) => string): Promise<Peers> {
  const promClientPeer: Peer = { name: PROM_CLIENT_NAME, version: versionOf(PROM_CLIENT_NAME), client: promClient };
  const major = Number(process.versions.node.split('.')[0]);
  if (major < SUCCESSOR_MIN_NODE) return { promClient: promClientPeer, successor: undefined, successorNote: `n/a (Node < ${SUCCESSOR_MIN_NODE})` };
  const specifier: string = SUCCESSOR_NAME;
  try {
    const loaded = (await import(specifier)) as { default?: PromClientModule } & PromClientModule;
    const version = versionOf(SUCCESSOR_NAME);
    return { promClient: promClientPeer, successor: { name: SUCCESSOR_NAME, version, client: loaded.default ?? loaded }, successorNote: version };
  } catch {
    return { promClient: promClientPeer, successor: undefined, successorNote: 'n/a (not installed)' };
  }
}
