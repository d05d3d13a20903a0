// Reading a property of something a caller or a framework handed over, which may be anything.

/** A property of anything, or undefined when there is none or reading it throws (a getter, a Proxy). */
export function readProperty(source: unknown, key: PropertyKey): unknown {
  if (source === null || (typeof source !== 'object' && typeof source !== 'function')) return undefined;
  try {
    return (source as Record<PropertyKey, unknown>)[key];
  } catch {
    return undefined;
  }
}
