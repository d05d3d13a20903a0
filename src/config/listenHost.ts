// Syntax of the scrape endpoint's address (METRICS_HOST): checked at start-up without a DNS
// lookup, so that start-up never waits on, or fails with, the resolver. A name that does not
// resolve still fails when the endpoint binds, and startMetrics reports that.
import { isIP } from 'node:net';

export const LISTEN_HOST_EXPECTED = 'an IP address (e.g. 0.0.0.0, ::) or a host name (e.g. localhost), without port or brackets';

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

/** An IPv4 or IPv6 literal, or a host name by RFC 1123 (labels of letters, digits and inner hyphens). */
export function isListenHost(value: string): boolean {
  if (isIP(value) !== 0) return true;
  const name = value.endsWith('.') ? value.slice(0, -1) : value;
  if (name.length === 0 || name.length > 253) return false;
  const labels = name.split('.');
  // A name ending in a numeric label reads as an IPv4 address (WHATWG URL), so 10.0.0.256 is no name.
  if (/^\d+$/.test(labels[labels.length - 1]!)) return false;
  return labels.every((label) => LABEL.test(label));
}
