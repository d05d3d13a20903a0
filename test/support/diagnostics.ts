// Captures what the library reports through the OpenTelemetry diag channel.
import { diag, DiagLogLevel, type DiagLogger } from '@opentelemetry/api';

export function captureDiag(): { warnings: string[]; restore: () => void } {
  const warnings: string[] = [];
  const push = (message: string, ...args: unknown[]) => warnings.push([message, ...args.map(String)].join(' '));
  const logger: DiagLogger = { error: push, warn: push, info: () => {}, debug: () => {}, verbose: () => {} };
  diag.setLogger(logger, { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });
  return { warnings, restore: () => diag.disable() };
}
