// Module loader hook for loadedOtlpModules.ts: reports the URL of every ES module resolved, so that
// packages shipped as ES modules (the SDK 3.x line) are seen as well as CommonJS ones.
let port;

export function initialize(data) {
  port = data.port;
}

export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  port.postMessage(result.url);
  return result;
}
