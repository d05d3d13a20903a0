// The README's NestJS example (a service with domain classes injected by type).
import { Injectable } from '@nestjs/common';
import { CacheMetrics, OperationMetrics, timedWith } from '../../../src/index.js';

@Injectable()
export class UsersService {
  constructor(
    readonly operations: OperationMetrics,
    private readonly cache: CacheMetrics,
  ) {}

  @timedWith((self: UsersService) => self.operations, 'load_user') // operation.duration, operation.total{outcome}
  async load(id: string): Promise<{ id: string }> {
    this.cache.lookedUp({ cache: 'users', result: 'miss' });
    return { id };
  }
}
