// The errors the library throws or rejects with: one base class to catch them all by, and one
// class per situation a caller may want to tell apart. Each keeps the error it wraps as `cause`.

/** The base of every error this package raises. */
export class OtelDomainMetricsError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The Prometheus endpoint could not be served on its host and port (TLS files, permissions, address). */
export class EndpointStartError extends OtelDomainMetricsError {
  constructor(
    message: string,
    readonly host: string,
    readonly port: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The endpoint's port is taken by another process (`EADDRINUSE`). */
export class PortInUseError extends EndpointStartError {}

/** A function that belongs to the other side of a `node:cluster` (primary or worker) was called on this one. */
export class ClusterRoleError extends OtelDomainMetricsError {}

/** An optional package the configuration needs is not installed, or lacks what this package uses. */
export class OptionalPackageError extends OtelDomainMetricsError {
  constructor(
    message: string,
    /** The packages to install. */
    readonly packages: readonly string[],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A set-up call (registering a health check, a framework plugin or module) got arguments it cannot use. */
export class InvalidArgumentError extends OtelDomainMetricsError {}

/** Something the library waited for took longer than it allows. */
export class TimeoutError extends OtelDomainMetricsError {
  constructor(
    message: string,
    readonly millis: number,
  ) {
    super(message);
  }
}

/** The metrics exporter failed to render the Prometheus text exposition. */
export class ExpositionError extends OtelDomainMetricsError {}
