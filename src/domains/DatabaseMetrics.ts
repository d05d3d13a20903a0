// Database operations (MongoDB-style): counts, latency and errors per operation and collection,
// and the connections in use.
import { isArgumentObject, readableCopy } from '../core/argumentGuard.js';
import { BaseMetrics } from '../core/BaseMetrics.js';
import { errorTypeOf } from '../core/errorType.js';
import { inProgress, type InProgress } from '../core/inProgress.js';
import { DATABASE_METRICS as M } from './databaseCatalog.js';

export type DatabaseOperation =
  | 'find'
  | 'insert'
  | 'update'
  | 'delete'
  | 'aggregate'
  | 'count'
  | 'distinct'
  | 'findAndModify'
  | 'bulkWrite'
  | 'createIndex'
  | 'command';

export interface DatabaseOperationRecord {
  readonly operation: DatabaseOperation;
  readonly collection: string;
  readonly durationSeconds: number;
  /** The error the operation failed with, if it did; recorded by class name. */
  readonly error?: unknown;
}

export class DatabaseMetrics extends BaseMetrics {
  private readonly operations = this.counter(M.operations);
  private readonly duration = this.histogram(M.duration);
  private readonly errors = this.counter(M.errors);
  private readonly connections = this.upDownCounter(M.connections);

  /**
   * An operation finished: `database.operations.total` and `database.operation.duration`
   * {operation, collection}, and on failure `database.errors.total` {operation, error_type}.
   */
  recordOperation(record: DatabaseOperationRecord): void {
    if (!isArgumentObject(record, RECORD_OPERATION)) return;
    let r = record;
    let operation, collection, seconds, error;
    try {
      ({ operation, collection, durationSeconds: seconds, error } = r);
    } catch {
      r = readableCopy(r, RECORD_FIELDS, RECORD_OPERATION);
      ({ operation, collection, durationSeconds: seconds, error } = r);
    }
    const attributes = { operation, collection };
    this.operations.add(1, attributes);
    this.duration.record(seconds, attributes);
    if (error !== undefined) this.errors.add(1, { operation, error_type: errorTypeOf(error) });
  }

  /** A connection was checked out: `database.connections.active` +1 until `finish()` gives it back (−1, once). */
  connectionAcquired(): InProgress {
    this.connections.add(1);
    return inProgress(() => this.connections.add(-1));
  }
}

const RECORD_OPERATION = 'DatabaseMetrics.recordOperation';
const RECORD_FIELDS = ['operation', 'collection', 'durationSeconds', 'error'] as const;
