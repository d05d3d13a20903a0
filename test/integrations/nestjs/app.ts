// A NestJS test application compiled as Nest compiles (legacy decorators with metadata): domain
// classes injected by type into a service and a controller, a guard, a failing middleware, a
// stream, and a request that waits for its client to go away.
import { once } from 'node:events';
import { Readable } from 'node:stream';
import {
  All,
  type CanActivate,
  Controller,
  Get,
  Head,
  Injectable,
  type MiddlewareConsumer,
  Module,
  type NestModule,
  Param,
  Req,
  StreamableFile,
  UseGuards,
} from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { CacheMetrics, ExecutionMetrics, OperationMetrics, timedWith } from '../../../src/index.js';

export class LookupError extends Error {}

/** Resolved by the controller when /users/slow is running: the client may abort then. */
export const slowRequests: { arrived?: () => void } = {};

@Injectable()
export class UsersService {
  constructor(
    readonly operations: OperationMetrics,
    private readonly executions: ExecutionMetrics,
  ) {}

  @timedWith((self: UsersService) => self.operations, 'load_user')
  async load(id: string): Promise<{ id: string }> {
    if (id === 'missing') throw new LookupError(id);
    this.executions.executionStarted({ langAndVersion: 'node-20' }).finish({ status: 'completed' });
    return { id };
  }
}

@Injectable()
class NoAdmins implements CanActivate {
  canActivate(): boolean {
    return false;
  }
}

@Controller('users')
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly cache: CacheMetrics,
  ) {}

  @Get('stream')
  stream(): StreamableFile {
    return new StreamableFile(Readable.from([Buffer.from('a'), Buffer.from('bb'), Buffer.from('ccc')]));
  }

  @Get('slow')
  async slow(@Req() request: IncomingMessage): Promise<string> {
    slowRequests.arrived?.();
    await once(request, 'close');
    return 'too late';
  }

  @Get('admin')
  @UseGuards(NoAdmins)
  admin(): string {
    return 'never';
  }

  @Get('failing-middleware')
  behindMiddleware(): string {
    return 'never';
  }

  @Head('probe')
  probe(): void {}

  @All('dav/:name')
  anyMethod(@Req() request: IncomingMessage): string {
    return request.method ?? '';
  }

  @Get(':id')
  async byId(@Param('id') id: string): Promise<{ id: string }> {
    this.cache.lookedUp({ cache: 'users', result: 'hit' });
    return this.users.load(id);
  }
}

function failingMiddleware(): never {
  throw new Error('middleware failed');
}

@Module({ controllers: [UsersController], providers: [UsersService, NoAdmins] })
export class UsersModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(failingMiddleware).forRoutes('users/failing-middleware');
  }
}
